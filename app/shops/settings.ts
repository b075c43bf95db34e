/**
 * A shop's merchant settings: session gap, retention, holdout share and merchandising
 * (exclusions, pins). Stored on the Shop row; merchandising as JSON.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import type { ShopRow } from './shops';
import { parseMerchandising, type Merchandising } from '../recs/eligibility';

const productIds = z.array(z.string().regex(/^\d{1,20}$/, 'product ids are numeric')).max(500);

export const settingsSchema = z
  .object({
    sessionGapMinutes: z.number().int().min(5).max(240),
    retentionDays: z.number().int().min(7).max(730),
    holdoutPercent: z.number().int().min(0).max(50),
    merchandising: z.object({ exclusions: productIds, pins: productIds.max(24) }),
  })
  .partial()
  .strict();
export type SettingsChange = z.infer<typeof settingsSchema>;

export interface ShopSettings {
  sessionGapMinutes: number;
  retentionDays: number;
  holdoutPercent: number;
  merchandising: Merchandising;
}

export function settingsOf(shop: Pick<ShopRow, 'sessionGapMinutes' | 'retentionDays' | 'holdoutPercent' | 'merchandising'>): ShopSettings {
  return {
    sessionGapMinutes: shop.sessionGapMinutes,
    retentionDays: shop.retentionDays,
    holdoutPercent: shop.holdoutPercent,
    merchandising: parseMerchandising(shop.merchandising),
  };
}

/** Applies the change; returns the shop's settings after it. */
export async function updateSettings(db: Db, shopId: number, change: SettingsChange): Promise<ShopSettings> {
  const { merchandising, ...rest } = change;
  const updated = await db.shop.update({
    where: { id: shopId },
    data: { ...rest, ...(merchandising ? { merchandising: JSON.stringify(merchandising) } : {}) },
  });
  return settingsOf(updated);
}
