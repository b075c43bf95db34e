/**
 * GET /api/recommendations/performance?from=YYYY-MM-DD&to=YYYY-MM-DD : impressions,
 * click-through, add-to-cart, attributed revenue (window stated) and lift against the
 * holdout, per block placement, and where each block was seen (page types, distinct pages,
 * last impression). Reads only Waymark's own block events and the purchases /
 * add-to-carts of browsers that clicked a recommendation.
 */
import { addDays } from '../analytics/utc-days';
import { dayStartUtc, defaultWindow, localDay, validTimeZone } from '../analytics/date-window';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import { ATTRIBUTION_WINDOW_DAYS, computePerformance, type RecEvent } from '../recs/performance';
import type { LineItem } from '../api-contract/ingest';

/** A real calendar day: `2024-99-99` matches the pattern but is no date (it used to reach the database as Invalid Date). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a valid calendar date');
const querySchema = z.object({ from: day.optional(), to: day.optional() });

export function createRecsRouter({ db }: { db: Db }): Router {
  const router = Router();
  router.get('/recommendations/performance', async (req, res) => {
    const shop = currentShop(res);
    const q = querySchema.safeParse(req.query);
    if (!q.success) {
      const issue = q.error.issues[0];
      res.status(400).json({ error: `${issue.path.join('.')}: ${issue.message}`, field: issue.path.join('.') });
      return;
    }
    // The shop's days, and the same default window as every other view.
    const tz = validTimeZone(shop.timezone);
    const window = defaultWindow(q.data.to ?? localDay(Date.now(), tz));
    const fromDay = q.data.from ?? window.from;
    const toDay = q.data.to ?? window.to;
    const to = new Date(dayStartUtc(addDays(toDay, 1), tz) - 1);
    const from = new Date(dayStartUtc(fromDay, tz));
    if (from > to) {
      res.status(400).json({ error: 'from: must not be after to', field: 'from' });
      return;
    }
    const recRows = await db.event.findMany({
      where: { shopId: shop.id, ts: { gte: from, lte: to }, name: { in: ['waymark:rec_impression', 'waymark:rec_click'] } },
      select: { name: true, clientHash: true, journeyId: true, ts: true, placement: true, strategy: true, productId: true, path: true },
    });
    const clickers = [...new Set(recRows.filter((r) => r.name === 'waymark:rec_click').map((r) => r.clientHash))];
    const followUps = clickers.length
      ? await db.event.findMany({
          where: {
            shopId: shop.id,
            clientHash: { in: clickers },
            ts: { gte: from, lte: new Date(to.getTime() + ATTRIBUTION_WINDOW_DAYS * 86_400_000) },
            name: { in: ['product_added_to_cart', 'checkout_completed'] },
          },
          select: { name: true, clientHash: true, journeyId: true, ts: true, productId: true, lines: true },
        })
      : [];
    const exposed = [...new Set(recRows.map((r) => r.journeyId).filter((j): j is string => !!j))];
    const outcomes = exposed.length
      ? await db.journey.findMany({ where: { shopId: shop.id, id: { in: exposed } }, select: { id: true, purchased: true, revenue: true } })
      : [];
    const events: RecEvent[] = [...recRows, ...followUps].map((r) => ({
      name: r.name as RecEvent['name'],
      clientHash: r.clientHash,
      journeyId: r.journeyId,
      ts: r.ts.getTime(),
      placement: 'placement' in r ? r.placement : null,
      strategy: 'strategy' in r ? r.strategy : null,
      productId: r.productId,
      path: 'path' in r ? r.path : null,
      lines: 'lines' in r && r.lines ? (JSON.parse(r.lines) as LineItem[]) : undefined,
    }));
    const perf = computePerformance(events, outcomes.map((o) => ({ journeyId: o.id, purchased: o.purchased, revenue: o.revenue })));
    res.json({
      from: fromDay,
      to: toDay,
      currency: shop.currency,
      holdoutPercent: shop.holdoutPercent,
      attribution: `A purchase counts when the same browser buys a product it clicked in a Waymark block within ${ATTRIBUTION_WINDOW_DAYS} days of the click; the product's line revenue is attributed.`,
      ...perf,
    });
  });
  return router;
}
