/**
 * The analytics answers behind /api (journey map, funnel, dwell, paths, search, insights):
 * reads roll-ups (query.ts) and runs the pure functions. Every read is scoped by shopId.
 *
 * Consistency: headline, funnel and step-level flow all come from the same roll-up table
 * (AnalyticsPathDaily) with the same WHERE (shop, days, segment filters), and each path
 * kind holds every session exactly once; so flow.totals.sessions == funnel first step ==
 * headline.sessions, and flow.totals.purchases == funnel `purchase` step == headline.purchases.
 */
import type { Db } from '../db/client';
import { buildFlow, linksFromPaths } from './flow';
import { computeDwell, computeFunnel, funnelCounts, headlineFromRows, topPaths } from './funnel';
import { buildInsights, stepName } from './insights';
import { DEFAULT_FUNNEL, DETAIL_DEPTH, PATH_DEPTH, SEGMENT_DIMENSIONS, segmentKeyFor, type PathKind } from './rollup-shapes';
import type {
  DwellAnswer,
  FlowAnswer,
  FunnelAnswer,
  HeadlineAnswer,
  InsightsAnswer,
  JourneyMapAnswer,
  PathsAnswer,
  SearchAnswer,
} from '../api-contract/analytics';
import type { SearchClustersAnswer } from '../api-contract/search-clusters';
import { dayStartMs } from './utc-days';
import type { EventInput } from './journey-facts';
import { buildSearchClusters } from './search-clusters';
import { eventStep } from '../journeys/event-step';
import type { AnalyticsQuery } from './params';
import { itemLabels, readItemFlow, readItems, readPathKeys, readReachedBy, readSearches, readSegmentCells, readTimings, type KeyCount, type Scope } from './query';

export interface ShopRef {
  id: number;
  currency: string;
}

const scopeOf = (shop: ShopRef, q: AnalyticsQuery, previous = false): Scope => ({ shopId: shop.id, range: previous ? q.previous : q.range, filters: q.filters });

/** The range, comparison range and filters an answer was computed for (`answeredFor` in the contract). */
export function describe(q: AnalyticsQuery) {
  return {
    range: q.range,
    previousRange: q.previous,
    filters: {
      device: q.filters.device ?? null,
      returning: q.filters.isReturning ?? null,
      source: q.filters.source ?? null,
      landing: q.filters.landingStep ?? null,
    },
  };
}

export async function getHeadline(db: Db, shop: ShopRef, q: AnalyticsQuery, reached?: Promise<Reached>): Promise<HeadlineAnswer> {
  const [cur, prev] = await (reached ?? readReached(db, shop, q));
  return { current: headlineFromRows(cur), previous: headlineFromRows(prev) };
}

function stepLabel(node: string): string {
  const n = stepName(node);
  return n[0].toUpperCase() + n.slice(1);
}

export async function getFlow(db: Db, shop: ShopRef, q: AnalyticsQuery): Promise<FlowAnswer> {
  if (q.detail === 'item') {
    // Detail flows default to 4 columns: their roll-up rows are many (see README, bench figures).
    const depth = Math.min(q.depth ?? 4, DETAIL_DEPTH);
    const links = await readItemFlow(db, shop.id, q.range, q.anchor, depth);
    const flow = buildFlow(links, { anchor: q.anchor, top: q.top, expand: q.expand, depth });
    const items = flow.nodes.filter((n) => n.itemId).map((n) => ({ kind: n.step!, itemId: n.itemId! }));
    const labels = await itemLabels(db, shop.id, items);
    for (const n of flow.nodes) {
      if (n.kind !== 'step' || !n.node) continue;
      n.label = n.itemId ? (labels.get(n.node) ?? `${stepLabel(n.step!)} ${n.itemId}`) : stepLabel(n.node);
    }
    const segmentsUsed = Object.values(q.filters).some((v) => v !== undefined);
    return { ...flow, detail: 'item', filtersExact: !segmentsUsed };
  }
  const kind: PathKind = q.anchor === 'start' ? 'head' : q.anchor === 'purchase' ? 'tail_purchase' : 'tail_exit';
  const rows = await readPathKeys(db, scopeOf(shop, q), kind);
  const flow = buildFlow(linksFromPaths(rows, q.anchor !== 'start', { foldCheckout: q.checkout === 'fold' }), {
    anchor: q.anchor,
    top: q.top,
    expand: q.expand,
    depth: Math.min(q.depth ?? PATH_DEPTH, PATH_DEPTH),
    label: stepLabel,
  });
  return { ...flow, detail: 'step', checkout: q.checkout, filtersExact: true };
}

/** Reached-set counts of the period and the previous one (shared by headline and funnel). */
type Reached = [current: KeyCount[], previous: KeyCount[]];
function readReached(db: Db, shop: ShopRef, q: AnalyticsQuery): Promise<Reached> {
  return Promise.all([readPathKeys(db, scopeOf(shop, q), 'reached'), readPathKeys(db, scopeOf(shop, q, true), 'reached')]);
}

export async function getFunnel(db: Db, shop: ShopRef, q: AnalyticsQuery, reached?: Promise<Reached>): Promise<FunnelAnswer> {
  const seg = segmentKeyFor(q.filters);
  const pairs = q.steps.slice(1).map((s, i) => `${q.steps[i]}>${s}`);
  const [[cur, prev], times, prevTimes] = await Promise.all([
    reached ?? readReached(db, shop, q),
    readTimings(db, shop.id, q.range, seg.key, 'between', pairs),
    readTimings(db, shop.id, q.previous, seg.key, 'between', pairs),
  ]);
  return { ...computeFunnel(cur, q.steps, times), previous: computeFunnel(prev, q.steps, prevTimes), timesExact: seg.exact };
}

export async function getDwell(db: Db, shop: ShopRef, q: AnalyticsQuery): Promise<DwellAnswer> {
  const seg = segmentKeyFor(q.filters);
  const rows = await readTimings(db, shop.id, q.range, seg.key, 'dwell');
  return { steps: computeDwell(rows), exact: seg.exact };
}

export async function getPaths(db: Db, shop: ShopRef, q: AnalyticsQuery): Promise<PathsAnswer> {
  const heads = await readPathKeys(db, scopeOf(shop, q), 'head');
  return { ...describe(q), outcome: q.outcome, paths: topPaths(heads, q.outcome, q.limit) };
}

export async function getSearch(db: Db, shop: ShopRef, q: AnalyticsQuery): Promise<SearchAnswer> {
  const rows = await readSearches(db, scopeOf(shop, q));
  const queries = rows
    .map((r) => ({ ...r, withResults: r.searches - r.zeroResults, clickRate: r.searches - r.zeroResults ? r.clicked / (r.searches - r.zeroResults) : null }))
    .sort((a, b) => b.searches - a.searches || (a.query < b.query ? -1 : 1));
  return {
    ...describe(q),
    queries: queries.slice(0, q.limit),
    zeroResults: queries.filter((r) => r.zeroResults > 0).sort((a, b) => b.zeroResults - a.zeroResults).slice(0, q.limit),
    noClicks: queries.filter((r) => r.withResults > 0 && r.clicked === 0).sort((a, b) => b.withResults - a.withResults).slice(0, q.limit),
  };
}

/** Everything the journey-map page shows first, in one round trip. */
export async function getJourneyMap(db: Db, shop: ShopRef, q: AnalyticsQuery): Promise<JourneyMapAnswer> {
  // Headline and funnel share one read of the reached sets (same rows: consistent by construction).
  const reached = readReached(db, shop, q);
  const [headline, flow, funnel, dwell] = await Promise.all([getHeadline(db, shop, q, reached), getFlow(db, shop, q), getFunnel(db, shop, q, reached), getDwell(db, shop, q)]);
  return { ...describe(q), currency: shop.currency, headline, flow, funnel, dwell };
}

export async function getInsights(db: Db, shop: ShopRef, q: AnalyticsQuery): Promise<InsightsAnswer> {
  const steps = q.steps[q.steps.length - 1] === 'purchase' ? q.steps : DEFAULT_FUNNEL;
  const scope = scopeOf(shop, q);
  const [cur, prev, items, searches, cells, ...bySegment] = await Promise.all([
    readPathKeys(db, scope, 'reached'),
    readPathKeys(db, scopeOf(shop, q, true), 'reached'),
    readItems(db, shop.id, q.range),
    readSearches(db, scope),
    readSegmentCells(db, scope),
    ...SEGMENT_DIMENSIONS.map((d) => readReachedBy(db, scope, d)),
  ]);
  const segments: Parameters<typeof buildInsights>[0]['segments'][number][] = [];
  SEGMENT_DIMENSIONS.forEach((dimension, i) => {
    if (q.filters[dimension] !== undefined) return;
    const byValue = new Map<string, typeof cur>();
    for (const r of bySegment[i]) {
      const list = byValue.get(r.value) ?? [];
      list.push(r);
      byValue.set(r.value, list);
    }
    for (const [value, rows] of byValue) {
      segments.push({ dimension, value, counts: funnelCounts(rows, steps), purchases: rows.reduce((a, r) => a + r.purchases, 0) });
    }
  });
  const candidates = items.filter((i) => i.views >= 20);
  const labels = await itemLabels(db, shop.id, candidates);
  const insights = buildInsights({
    range: q.range,
    previousRange: q.previous,
    filters: q.filters,
    currency: shop.currency,
    headline: headlineFromRows(cur),
    previousHeadline: headlineFromRows(prev),
    steps,
    counts: funnelCounts(cur, steps),
    previousCounts: funnelCounts(prev, steps),
    segments,
    items: candidates.map((i) => ({ ...i, label: labels.get(`${i.kind}:${i.itemId}`) ?? `${i.kind} ${i.itemId}` })),
    searches,
    cells,
    limit: q.limit,
  });
  return { ...describe(q), insights };
}

/** Journeys read per round trip when computing search clusters. */
const CLUSTER_JOURNEY_CHUNK = 500;

/**
 * Search insights by intent cluster for the filtered window. The search roll-up has no
 * segment dimensions, so this reads the window's searching journeys (with every segment
 * filter, the same day rule as the roll-ups: UTC day of Journey.startedAt) and their events,
 * and clusters in process (app/analytics/search-clusters.ts, ml/text).
 */
export async function getSearchClusters(db: Db, shop: ShopRef, q: AnalyticsQuery): Promise<SearchClustersAnswer> {
  const f = q.filters;
  const where = {
    shopId: shop.id,
    startedAt: { gte: new Date(dayStartMs(q.range.from)), lt: new Date(dayStartMs(q.range.to) + 86_400_000) },
    steps: { contains: 'search' },
    ...(f.device !== undefined ? { device: f.device } : {}),
    ...(f.isReturning !== undefined ? { isReturning: f.isReturning } : {}),
    ...(f.source !== undefined ? { source: f.source } : {}),
    ...(f.landingStep !== undefined ? { landingStep: f.landingStep } : {}),
  };
  const journeys = await db.journey.findMany({ where, select: { id: true, purchased: true, revenue: true }, orderBy: { id: 'asc' } });
  const events = new Map<string, EventInput[]>(journeys.map((j) => [j.id, []]));
  for (let i = 0; i < journeys.length; i += CLUSTER_JOURNEY_CHUNK) {
    const ids = journeys.slice(i, i + CLUSTER_JOURNEY_CHUNK).map((j) => j.id);
    const rows = await db.event.findMany({
      where: { shopId: shop.id, journeyId: { in: ids } },
      select: { ts: true, name: true, step: true, path: true, productId: true, query: true, results: true, journeyId: true },
      orderBy: [{ ts: 'asc' }, { id: 'asc' }],
    });
    for (const e of rows) events.get(e.journeyId!)?.push({ ...e, ts: e.ts.getTime(), step: eventStep(e) });
  }
  const catalog = await db.product.findMany({
    where: { shopId: shop.id, status: 'ACTIVE' },
    select: { productId: true, title: true, productType: true, tags: true },
  });
  const result = buildSearchClusters(
    journeys.map((j) => ({ purchased: j.purchased, revenue: j.revenue, events: events.get(j.id) ?? [] })),
    catalog,
    { limit: q.limit },
  );
  return { ...describe(q), currency: shop.currency, ...result };
}
