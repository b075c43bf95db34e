/**
 * The funnel builder's reads, scoped by shop: the window's sessions (every segment filter, the
 * shop's days of Journey.startedAt, as the roll-ups count them) with their page runs and the
 * events the funnel's steps need; the products and collections steps name. No counting here
 * (funnel-builder.ts). The same Prisma queries on SQLite and PostgreSQL.
 */
import type { Db } from '../db/client';
import type { StepRun } from '../journeys/sessionize';
import { dayStartUtc } from './date-window';
import { humanizeHandle } from './query';
import { addDays, type DayRange } from './utc-days';
import type { SegmentFilters } from './rollup-shapes';
import type { TouchEvent } from './funnel-step-match';

export interface FunnelSession {
  startedAt: number;
  runs: StepRun[];
  events: TouchEvent[];
}

/** Purchasing journeys asked for per round trip for their orders. */
const JOURNEY_CHUNK = 500;

export interface SessionRead {
  shopId: number;
  range: DayRange;
  filters: SegmentFilters;
  timeZone: string;
  /** whether page types other than the session start are steps (then Journey.runs is read) */
  runs: boolean;
  /** event names to read, and for product_viewed only these product ids */
  eventNames: string[];
  productIds: string[];
}

type EventWhere = { name: string | { in: string[] }; productId?: { in: string[] } };

/**
 * The window's sessions with their page runs and the events the steps need. Events come from
 * one scan of the shop's events between the first session's start and the last one's end
 * (index shopId+ts), which measured faster than asking by journey id; when the order is the
 * only event needed, only the purchasing sessions' events are asked for, by journey id.
 */
export async function readFunnelSessions(db: Db, r: SessionRead): Promise<FunnelSession[]> {
  const f = r.filters;
  const journeys = await db.journey.findMany({
    where: {
      shopId: r.shopId,
      startedAt: { gte: new Date(dayStartUtc(r.range.from, r.timeZone)), lt: new Date(dayStartUtc(addDays(r.range.to, 1), r.timeZone)) },
      ...(f.device !== undefined ? { device: f.device } : {}),
      ...(f.isReturning !== undefined ? { isReturning: f.isReturning } : {}),
      ...(f.source !== undefined ? { source: f.source } : {}),
      ...(f.landingStep !== undefined ? { landingStep: f.landingStep } : {}),
    },
    select: { id: true, startedAt: true, endedAt: true, purchased: true, runs: r.runs },
  });
  const byId = new Map<string, FunnelSession>();
  for (const j of journeys) byId.set(j.id, { startedAt: j.startedAt.getTime(), runs: r.runs ? (JSON.parse(j.runs ?? '[]') as StepRun[]) : [], events: [] });
  const names = r.eventNames.filter((n) => n !== 'product_viewed');
  const or: EventWhere[] = [
    ...(names.length ? [{ name: { in: names } }] : []),
    ...(r.eventNames.includes('product_viewed') && r.productIds.length ? [{ name: 'product_viewed', productId: { in: r.productIds } }] : []),
  ];
  if (!or.length || !journeys.length) return [...byId.values()];
  const select = { journeyId: true, ts: true, name: true, path: true, productId: true, collectionId: true } as const;
  let rows: Array<{ journeyId: string | null; ts: Date; name: string; path: string | null; productId: string | null; collectionId: string | null }> = [];
  if (r.eventNames.length === 1 && r.eventNames[0] === 'checkout_completed') {
    const bought = journeys.filter((j) => j.purchased).map((j) => j.id);
    for (let i = 0; i < bought.length; i += JOURNEY_CHUNK) {
      rows.push(...(await db.event.findMany({ where: { shopId: r.shopId, journeyId: { in: bought.slice(i, i + JOURNEY_CHUNK) }, name: 'checkout_completed' }, select })));
    }
  } else {
    let first = Infinity;
    let last = -Infinity;
    for (const j of journeys) {
      first = Math.min(first, j.startedAt.getTime());
      last = Math.max(last, j.endedAt.getTime());
    }
    rows = await db.event.findMany({ where: { shopId: r.shopId, ts: { gte: new Date(first), lte: new Date(last) }, OR: or }, select });
  }
  for (const e of rows) {
    if (e.journeyId) byId.get(e.journeyId)?.events.push({ ts: e.ts.getTime(), name: e.name, path: e.path, productId: e.productId, collectionId: e.collectionId });
  }
  return [...byId.values()];
}

export interface ResolvedItem {
  id: string;
  handle: string | null;
  title: string;
}

/** A product step's product, by id or handle (null when the catalog does not know it). */
export async function findProduct(db: Db, shopId: number, ref: string): Promise<ResolvedItem | null> {
  const p = await db.product.findFirst({ where: { shopId, OR: [{ productId: ref }, { handle: ref }] }, select: { productId: true, handle: true, title: true }, orderBy: { productId: 'asc' } });
  return p ? { id: p.productId, handle: p.handle, title: p.title } : null;
}

/** A collection step's collection, by id or handle, from the collections seen in the item roll-ups. */
export async function findCollection(db: Db, shopId: number, ref: string): Promise<ResolvedItem | null> {
  const rows = await db.analyticsItemDaily.groupBy({
    by: ['itemId'],
    where: { shopId, kind: 'collection', OR: [{ itemId: ref }, { handle: ref }] },
    _max: { handle: true },
    orderBy: { itemId: 'asc' },
  });
  const c = rows[0];
  return c ? { id: c.itemId, handle: c._max.handle, title: c._max.handle ? humanizeHandle(c._max.handle) : `Collection ${c.itemId}` } : null;
}

/** The collections a merchant can pick: every collection seen in the item roll-ups, most viewed first. */
export async function readCollections(db: Db, shopId: number, limit = 200): Promise<Array<ResolvedItem & { views: number }>> {
  const rows = await db.analyticsItemDaily.groupBy({ by: ['itemId'], where: { shopId, kind: 'collection' }, _max: { handle: true }, _sum: { views: true } });
  return rows
    .map((r) => ({ id: r.itemId, handle: r._max.handle, title: r._max.handle ? humanizeHandle(r._max.handle) : `Collection ${r.itemId}`, views: r._sum.views ?? 0 }))
    .sort((a, b) => b.views - a.views || a.title.localeCompare(b.title))
    .slice(0, limit);
}
