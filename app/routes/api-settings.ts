/**
 * /api/settings : session gap, retention, holdout share and merchandising (exclusions,
 * pins); /api/data/export and /api/data/delete for the merchant's own data requests.
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

  /** Everything Waymark holds for this shop, as a JSON download (events capped, newest first). */
  router.get('/data/export', async (req, res) => {
    const shop = currentShop(res);
    const limit = Math.min(Number(req.query.limit ?? 100_000) || 100_000, 1_000_000);
    const [events, journeys, products, models] = await Promise.all([
      db.event.findMany({ where: { shopId: shop.id }, orderBy: { id: 'desc' }, take: limit }),
      db.journey.findMany({ where: { shopId: shop.id }, orderBy: { startedAt: 'desc' }, take: limit }),
      db.product.findMany({ where: { shopId: shop.id } }),
      db.modelVersion.findMany({ where: { shopId: shop.id }, select: { version: true, kind: true, status: true, metrics: true, createdAt: true } }),
    ]);
    res.setHeader('Content-Disposition', `attachment; filename="waymark-${shop.domain}.json"`);
    res.type('application/json').send(
      JSON.stringify({ shop: shop.domain, exportedAt: new Date(), events, journeys, products, models }, (_k, v) =>
        typeof v === 'bigint' ? v.toString() : v,
      ),
    );
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
