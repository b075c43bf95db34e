/**
 * /api/settings : session gap, retention, holdout share and merchandising (exclusions,
 * pins); /api/data/delete for the merchant's own data requests (the export is
 * api-data-export.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import { parseMerchandising } from '../recs/eligibility';
import { deleteShopAggregates } from '../privacy/compliance';

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

export function createSettingsRouter({ db, onChange }: { db: Db; onChange?: (shopId: number) => void }): Router {
  const router = Router();

  router.get('/settings', (_req, res) => {
    const shop = currentShop(res);
    res.json({
      sessionGapMinutes: shop.sessionGapMinutes,
      retentionDays: shop.retentionDays,
      holdoutPercent: shop.holdoutPercent,
      merchandising: parseMerchandising(shop.merchandising),
    });
  });

  router.put('/settings', async (req, res) => {
    const shop = currentShop(res);
    const parsed = settingsSchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      res.status(400).json({ error: `${issue.path.join('.') || 'body'}: ${issue.message}`, field: issue.path.join('.') });
      return;
    }
    const { merchandising, ...rest } = parsed.data;
    const updated = await db.shop.update({
      where: { id: shop.id },
      data: { ...rest, ...(merchandising ? { merchandising: JSON.stringify(merchandising) } : {}) },
    });
    onChange?.(shop.id);
    res.json({
      sessionGapMinutes: updated.sessionGapMinutes,
      retentionDays: updated.retentionDays,
      holdoutPercent: updated.holdoutPercent,
      merchandising: parseMerchandising(updated.merchandising),
    });
  });

  /** Deletes the shop's collected data (events, journeys, models); settings and catalog stay. */
  router.post('/data/delete', async (req, res) => {
    const shop = currentShop(res);
    if ((req.body as { confirm?: string } | undefined)?.confirm !== shop.domain) {
      res.status(400).json({ error: 'confirm: send {"confirm": "<your shop domain>"} to delete all collected data', field: 'confirm' });
      return;
    }
    const [events, journeys, models] = await db.$transaction([
      db.event.deleteMany({ where: { shopId: shop.id } }),
      db.journey.deleteMany({ where: { shopId: shop.id } }),
      db.modelVersion.deleteMany({ where: { shopId: shop.id } }),
      db.shop.update({ where: { id: shop.id }, data: { sessionizedThrough: 0n } }),
      ...deleteShopAggregates(db, shop.id),
    ]);
    res.json({ deleted: { events: events.count, journeys: journeys.count, models: models.count } });
  });

  return router;
}
