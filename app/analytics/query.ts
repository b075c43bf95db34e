/** Reads the analytics roll-ups (grouped in SQL), scoped by shop. No business logic here. */
import { Prisma } from '../generated/sqlite/client';
import type { Db } from '../db/client';
import type { FlowAnchor, PathKind, SegmentDimension, SegmentFilters } from './rollup-shapes';
import type { DayRange } from './utc-days';

export interface Scope {
  shopId: number;
  range: DayRange;
  filters: SegmentFilters;
}

/** The scope's days and segment filters, as a where clause on a roll-up table with the segment columns. */
function segmentWhere(s: Scope) {
  return {
    shopId: s.shopId,
    day: { gte: s.range.from, lte: s.range.to },
    ...(s.filters.device !== undefined ? { device: s.filters.device } : {}),
    ...(s.filters.isReturning !== undefined ? { isReturning: s.filters.isReturning } : {}),
    ...(s.filters.source !== undefined ? { source: s.filters.source } : {}),
    ...(s.filters.landingStep !== undefined ? { landingStep: s.filters.landingStep } : {}),
  };
}

function pathWhere(s: Scope, kind: PathKind) {
  return { ...segmentWhere(s), kind };
}

export interface KeyCount {
  key: string;
  sessions: number;
  purchases: number;
  orders: number;
  revenue: number;
}

const sums = { sessions: true, purchases: true, orders: true, revenue: true } as const;
type Sums = { sessions: number | null; purchases: number | null; orders: number | null; revenue: number | null };
function counts(s: Sums) {
  return { sessions: s.sessions ?? 0, purchases: s.purchases ?? 0, orders: s.orders ?? 0, revenue: s.revenue ?? 0 };
}

/**
 * Path counts by key. Raw SQL (Prisma.sql: either engine) rather than groupBy: this is the
 * journey map's largest read, it runs on the covering index AnalyticsPathDaily_cover_idx,
 * and Prisma's groupBy result handling about doubled its time.
 */
export async function readPathKeys(db: Db, s: Scope, kind: PathKind): Promise<KeyCount[]> {
  const f = s.filters;
  const conditions = [
    Prisma.sql`"shopId" = ${s.shopId}`,
    Prisma.sql`"kind" = ${kind}`,
    Prisma.sql`"day" >= ${s.range.from}`,
    Prisma.sql`"day" <= ${s.range.to}`,
  ];
  if (f.device !== undefined) conditions.push(Prisma.sql`"device" = ${f.device}`);
  if (f.isReturning !== undefined) conditions.push(Prisma.sql`"isReturning" = ${f.isReturning}`);
  if (f.source !== undefined) conditions.push(Prisma.sql`"source" = ${f.source}`);
  if (f.landingStep !== undefined) conditions.push(Prisma.sql`"landingStep" = ${f.landingStep}`);
  const rows = await db.$queryRaw<Array<{ key: string; sessions: unknown; purchases: unknown; orders: unknown; revenue: unknown }>>`
    SELECT "key", SUM("sessions") AS "sessions", SUM("purchases") AS "purchases", SUM("orders") AS "orders", SUM("revenue") AS "revenue"
    FROM "AnalyticsPathDaily" WHERE ${Prisma.join(conditions, ' AND ')} GROUP BY "key"`;
  // PostgreSQL returns integer sums as bigint.
  return rows.map((r) => ({ key: r.key, sessions: Number(r.sessions), purchases: Number(r.purchases), orders: Number(r.orders), revenue: Number(r.revenue) }));
}

/** Sessions per segment cell (device × new/returning × source × landing page) in the scope: how segments overlap. */
export async function readSegmentCells(db: Db, s: Scope): Promise<Array<{ device: string; isReturning: string; source: string; landingStep: string; sessions: number }>> {
  const rows = await db.analyticsPathDaily.groupBy({ by: ['device', 'isReturning', 'source', 'landingStep'], where: pathWhere(s, 'reached'), _sum: { sessions: true } });
  return rows.map((r) => ({ device: r.device, isReturning: String(r.isReturning), source: r.source, landingStep: r.landingStep, sessions: r._sum.sessions ?? 0 }));
}

/** Reached-set counts per value of one segment dimension. */
export async function readReachedBy(db: Db, s: Scope, dimension: SegmentDimension): Promise<Array<KeyCount & { value: string }>> {
  const where = pathWhere(s, 'reached');
  switch (dimension) {
    case 'device':
      return (await db.analyticsPathDaily.groupBy({ by: ['device', 'key'], where, _sum: sums })).map((r) => ({ value: r.device, key: r.key, ...counts(r._sum) }));
    case 'isReturning':
      return (await db.analyticsPathDaily.groupBy({ by: ['isReturning', 'key'], where, _sum: sums })).map((r) => ({ value: String(r.isReturning), key: r.key, ...counts(r._sum) }));
    case 'source':
      return (await db.analyticsPathDaily.groupBy({ by: ['source', 'key'], where, _sum: sums })).map((r) => ({ value: r.source, key: r.key, ...counts(r._sum) }));
    case 'landingStep':
      return (await db.analyticsPathDaily.groupBy({ by: ['landingStep', 'key'], where, _sum: sums })).map((r) => ({ value: r.landingStep, key: r.key, ...counts(r._sum) }));
  }
}

export interface TimingRead {
  key: string;
  count: number;
  sumMs: number;
  histogram: string;
}

export async function readTimings(
  db: Db,
  shopId: number,
  range: DayRange,
  segment: string,
  metric: 'dwell' | 'between',
  keys?: string[],
): Promise<TimingRead[]> {
  return db.analyticsTimingDaily.findMany({
    where: { shopId, segment, metric, day: { gte: range.from, lte: range.to }, ...(keys ? { key: { in: keys } } : {}) },
    select: { key: true, count: true, sumMs: true, histogram: true },
  });
}

/**
 * Item-level links summed over the range. Raw SQL like readPathKeys: at 1M events a 30-day
 * range groups ~140k daily rows into ~25k links, and Prisma's groupBy result handling added
 * about a third to the query's time.
 */
export async function readItemFlow(db: Db, shopId: number, range: DayRange, anchor: FlowAnchor, depth: number) {
  const rows = await db.$queryRaw<Array<{ position: unknown; fromNode: string; toNode: string; sessions: unknown; purchases: unknown }>>`
    SELECT "position", "fromNode", "toNode", SUM("sessions") AS "sessions", SUM("purchases") AS "purchases"
    FROM "AnalyticsItemFlowDaily"
    WHERE "shopId" = ${shopId} AND "anchor" = ${anchor} AND "day" >= ${range.from} AND "day" <= ${range.to} AND "position" < ${depth}
    GROUP BY "position", "fromNode", "toNode"`;
  // PostgreSQL returns integer sums as bigint.
  return rows.map((r) => ({ position: Number(r.position), from: r.fromNode, to: r.toNode, sessions: Number(r.sessions), purchases: Number(r.purchases) }));
}

export async function readItems(db: Db, shopId: number, range: DayRange) {
  const rows = await db.analyticsItemDaily.groupBy({
    by: ['kind', 'itemId'],
    where: { shopId, day: { gte: range.from, lte: range.to } },
    _sum: { views: true, carts: true, purchases: true },
    _max: { handle: true },
  });
  return rows.map((r) => ({
    kind: r.kind as 'product' | 'collection',
    itemId: r.itemId,
    handle: r._max.handle,
    views: r._sum.views ?? 0,
    carts: r._sum.carts ?? 0,
    purchases: r._sum.purchases ?? 0,
  }));
}

/** Searches per normalized query in the scope, honoring every segment filter (the roll-ups keep the segment cell). */
export async function readSearches(db: Db, s: Scope) {
  const rows = await db.analyticsSearchDaily.groupBy({
    by: ['query'],
    where: segmentWhere(s),
    _sum: { searches: true, zeroResults: true, clicked: true, sessions: true, purchases: true },
  });
  return rows.map((r) => ({
    query: r.query,
    searches: r._sum.searches ?? 0,
    zeroResults: r._sum.zeroResults ?? 0,
    clicked: r._sum.clicked ?? 0,
    sessions: r._sum.sessions ?? 0,
    purchases: r._sum.purchases ?? 0,
  }));
}

/** Display names: product titles from the catalog, collection handles from the roll-ups. */
export async function itemLabels(db: Db, shopId: number, nodes: Iterable<{ kind: string; itemId: string }>): Promise<Map<string, string>> {
  const productIds: string[] = [];
  const collectionIds: string[] = [];
  for (const n of nodes) (n.kind === 'product' ? productIds : n.kind === 'collection' ? collectionIds : []).push(n.itemId);
  const out = new Map<string, string>();
  if (productIds.length) {
    const products = await db.product.findMany({ where: { shopId, productId: { in: productIds } }, select: { productId: true, title: true } });
    for (const p of products) out.set(`product:${p.productId}`, p.title);
  }
  const missing = [...productIds.filter((id) => !out.has(`product:${id}`)).map((id) => ['product', id]), ...collectionIds.map((id) => ['collection', id])];
  if (missing.length) {
    const handles = await db.analyticsItemDaily.groupBy({
      by: ['kind', 'itemId'],
      where: { shopId, OR: missing.map(([kind, itemId]) => ({ kind, itemId })) },
      _max: { handle: true },
    });
    for (const h of handles) if (h._max.handle) out.set(`${h.kind}:${h.itemId}`, humanizeHandle(h._max.handle));
  }
  return out;
}

/** A handle as a name: "summer-sale" → "Summer sale". */
export function humanizeHandle(handle: string): string {
  const s = handle.replace(/[-_]+/g, ' ').trim();
  return s ? s[0].toUpperCase() + s.slice(1) : handle;
}
