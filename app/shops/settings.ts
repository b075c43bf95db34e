/**
 * A shop's merchant settings: session gap, retention, holdout share and merchandising
 * (exclusions, pins). Stored on the Shop row; merchandising as JSON. The answer's shape is
 * app/api-contract/settings.ts; settingsChangeSchema validates a change (PUT /api/settings).
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import type { ShopRow } from './shop-rows';
import { parseMerchandising } from '../recs/eligibility';
import type { Settings } from '../api-contract/settings';

const productIds = z.array(z.string().regex(/^\d{1,20}$/, 'product ids are numeric')).max(500);

export const settingsChangeSchema = z
  .object({
    sessionGapMinutes: z.number().int().min(5).max(240),
    retentionDays: z.number().int().min(7).max(730),
    holdoutPercent: z.number().int().min(0).max(50),
    merchandising: z.object({ exclusions: productIds, pins: productIds.max(24) }),
  })
  .partial()
  .strict();
export type SettingsChange = z.infer<typeof settingsChangeSchema>;

export function settingsOf(shop: Pick<ShopRow, 'sessionGapMinutes' | 'retentionDays' | 'holdoutPercent' | 'merchandising'>): Settings {
  return {
    sessionGapMinutes: shop.sessionGapMinutes,
    retentionDays: shop.retentionDays,
    holdoutPercent: shop.holdoutPercent,
    merchandising: parseMerchandising(shop.merchandising),
  };
}

/** Applies the change; returns the shop's settings after it. */
export async function updateSettings(db: Db, shopId: number, change: SettingsChange): Promise<Settings> {
  const { merchandising, ...rest } = change;
  const updated = await db.shop.update({
    where: { id: shopId },
    data: { ...rest, ...(merchandising ? { merchandising: JSON.stringify(merchandising) } : {}) },
  });
  return settingsOf(updated);
}
