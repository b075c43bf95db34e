/**
 * Retention policy for one shop: everything shopper-derived older than the shop's
 * retention setting goes, not just the raw data:
 * - events (by ts) and journeys (by endedAt);
 * - the journey roll-ups (every Analytics*Daily table, by day) for days before the cutoff;
 * - backfilled order baskets (by the order's createdAt);
 * - model versions that are not live (retired, challenger, rejected, failed) older than
 *   RETIRED_MODEL_KEEP_DAYS (kept that long for a rollback or a manual activation; the
 *   active model is replaced by the regular retraining);
 * - data exports older than EXPORT_KEEP_DAYS, whatever the shop's setting (the merchant has
 *   30 days to answer a customer's request, docs/PRIVACY.md);
 * and, for every shop at once, webhook-delivery records older than DELIVERY_KEEP_MS.
 */
import type { Db } from '../db/client';
import { dayOf } from '../analytics/utc-days';
import { pruneDeliveries } from '../webhooks/delivery-log';

export const EXPORT_KEEP_DAYS = 30;
export const RETIRED_MODEL_KEEP_DAYS = 7;
const DAY_MS = 86_400_000;

export interface RetentionResult {
  events: number;
  journeys: number;
  rollupRows: number;
  orderBaskets: number;
  retiredModels: number;
  exports: number;
  webhookDeliveries: number;
}

export async function applyRetention(db: Db, shopId: number, now = new Date()): Promise<RetentionResult> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { retentionDays: true } });
  const cutoff = new Date(now.getTime() - shop.retentionDays * DAY_MS);
  // A roll-up day goes once all of it is before the cutoff.
  const dayBefore = { shopId, day: { lt: dayOf(cutoff) } };
  const [events, journeys, paths, timing, flows, items, searches, orderBaskets, retiredModels, exports] = await db.$transaction([
    db.event.deleteMany({ where: { shopId, ts: { lt: cutoff } } }),
    db.journey.deleteMany({ where: { shopId, endedAt: { lt: cutoff } } }),
    db.analyticsPathDaily.deleteMany({ where: dayBefore }),
    db.analyticsTimingDaily.deleteMany({ where: dayBefore }),
    db.analyticsItemFlowDaily.deleteMany({ where: dayBefore }),
    db.analyticsItemDaily.deleteMany({ where: dayBefore }),
    db.analyticsSearchDaily.deleteMany({ where: dayBefore }),
    db.orderBasket.deleteMany({ where: { shopId, createdAt: { lt: cutoff } } }),
    db.modelVersion.deleteMany({
      where: { shopId, status: { not: 'active' }, createdAt: { lt: new Date(now.getTime() - RETIRED_MODEL_KEEP_DAYS * DAY_MS) } },
    }),
    db.dataExport.deleteMany({ where: { shopId, createdAt: { lt: new Date(now.getTime() - EXPORT_KEEP_DAYS * DAY_MS) } } }),
  ]);
  const webhookDeliveries = await pruneDeliveries(db, now);
  return {
    events: events.count,
    journeys: journeys.count,
    rollupRows: paths.count + timing.count + flows.count + items.count + searches.count,
    orderBaskets: orderBaskets.count,
    retiredModels: retiredModels.count,
    exports: exports.count,
    webhookDeliveries,
  };
}
