/**
 * The recommendations performance report for a shop and a window of its days: reads the
 * blocks' own events, the add-to-carts and purchases of browsers that clicked a
 * recommendation (within the attribution window) and the outcomes of the journeys that saw
 * a block, and hands them to the pure computation (./performance.ts).
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import type { ShopRow } from '../shops/shop-rows';
import type { LineItem } from '../api-contract/ingest';
import type { PerformanceAnswer } from '../api-contract/recs';
import { addDays } from '../analytics/utc-days';
import { dayStartUtc, defaultWindow, localDay, validTimeZone } from '../analytics/date-window';
import { invalidField, ok, type Result } from '../problem';
import { ATTRIBUTION_WINDOW_DAYS, computePerformance, type RecEvent } from './performance';

/** A real calendar day: `2024-99-99` matches the pattern but is no date. */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a valid calendar date');
export const performanceQuerySchema = z.object({ from: day.optional(), to: day.optional() });
export type PerformanceQuery = z.infer<typeof performanceQuerySchema>;

const REC_EVENTS = ['waymark:rec_impression', 'waymark:rec_click'];
const FOLLOW_UP_EVENTS = ['product_added_to_cart', 'checkout_completed'];

type Shop = Pick<ShopRow, 'id' | 'timezone' | 'currency' | 'holdoutPercent'>;

export async function performanceReport(db: Db, shop: Shop, q: PerformanceQuery, now = Date.now()): Promise<Result<PerformanceAnswer>> {
  // The shop's days, and the same default window as every other view.
  const tz = validTimeZone(shop.timezone);
  const window = defaultWindow(q.to ?? localDay(now, tz));
  const fromDay = q.from ?? window.from;
  const toDay = q.to ?? window.to;
  const to = new Date(dayStartUtc(addDays(toDay, 1), tz) - 1);
  const from = new Date(dayStartUtc(fromDay, tz));
  if (from > to) return { ok: false, problem: invalidField('from', 'must not be after to') };
  const { events, outcomes } = await readAttributionData(db, shop.id, from, to);
  return ok({
    from: fromDay,
    to: toDay,
    currency: shop.currency,
    holdoutPercent: shop.holdoutPercent,
    attribution: `A purchase counts when the same browser buys a product it clicked in a Waymark block within ${ATTRIBUTION_WINDOW_DAYS} days of the click; the product's line revenue is attributed.`,
    ...computePerformance(events, outcomes),
  });
}

/** The block events in [from, to], the clickers' follow-ups in the attribution window, the exposed journeys' outcomes. */
async function readAttributionData(db: Db, shopId: number, from: Date, to: Date) {
  const recRows = await db.event.findMany({
    where: { shopId, ts: { gte: from, lte: to }, name: { in: REC_EVENTS } },
    select: { name: true, clientHash: true, journeyId: true, ts: true, placement: true, strategy: true, productId: true, path: true },
  });
  const clickers = [...new Set(recRows.filter((r) => r.name === 'waymark:rec_click').map((r) => r.clientHash))];
  const followUps = clickers.length
    ? await db.event.findMany({
        where: {
          shopId,
          clientHash: { in: clickers },
          ts: { gte: from, lte: new Date(to.getTime() + ATTRIBUTION_WINDOW_DAYS * 86_400_000) },
          name: { in: FOLLOW_UP_EVENTS },
        },
        select: { name: true, clientHash: true, journeyId: true, ts: true, productId: true, lines: true },
      })
    : [];
  const exposed = [...new Set(recRows.map((r) => r.journeyId).filter((j): j is string => !!j))];
  const journeys = exposed.length
    ? await db.journey.findMany({ where: { shopId, id: { in: exposed } }, select: { id: true, purchased: true, revenue: true } })
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
  return { events, outcomes: journeys.map((o) => ({ journeyId: o.id, purchased: o.purchased, revenue: o.revenue })) };
}
