/**
 * The insights feed: concrete, quantified findings for the merchant, ranked by revenue at
 * stake. Pure: the caller supplies aggregates already read from the roll-ups.
 *
 * Money at stake is always "sessions lost × the store's own conversion from there to
 * purchase × average order value", with the store's numbers for the same period, so it
 * reads as "what closing the gap to your own norm would be worth". Findings need enough
 * sessions and a significant difference (two-proportion z >= 1.96) to be shown.
 */
import { stepName } from '../api-contract/step-names';
import type { Headline, Insight } from '../api-contract/analytics';
import type { FunnelToken, SegmentDimension, SegmentFilters } from './rollup-shapes';
import type { DayRange } from './utc-days';

export interface InsightsInput {
  range: DayRange;
  previousRange: DayRange;
  filters: SegmentFilters;
  currency: string;
  headline: Headline;
  previousHeadline: Headline;
  /** Funnel steps (ending in purchase) and counts for the period and the previous one. */
  steps: readonly FunnelToken[];
  counts: readonly number[];
  previousCounts: readonly number[];
  /** Per segment value: its funnel counts (same steps) in the period. */
  segments: ReadonlyArray<{ dimension: SegmentDimension; value: string; counts: readonly number[]; purchases: number }>;
  items: ReadonlyArray<{ kind: 'product' | 'collection'; itemId: string; label: string; views: number; carts: number; purchases: number }>;
  searches: ReadonlyArray<{ query: string; searches: number; zeroResults: number; clicked: number; sessions: number; purchases: number }>;
  /** Minimum sessions behind a rate before it is compared (default 50). */
  minSessions?: number;
  limit?: number;
}

// Step names: the vocabulary every view shares (step-names.ts).
export { stepName };

const SEGMENT_NAMES: Record<SegmentDimension, (v: string) => string> = {
  device: (v) => `${v[0]?.toUpperCase() ?? ''}${v.slice(1)} shoppers`,
  isReturning: (v) => (v === 'true' ? 'Returning visitors' : 'New visitors'),
  source: (v) => `Visitors from ${v === 'direct' ? 'direct visits' : v === 'paid' ? 'paid ads' : v}`,
  landingStep: (v) => `Visitors landing on the ${stepName(v)}`,
};
export function segmentName(dimension: SegmentDimension, value: string): string {
  return SEGMENT_NAMES[dimension](value);
}

/** Two-proportion z statistic (0 when either side is empty). */
export function zScore(x1: number, n1: number, x2: number, n2: number): number {
  if (!n1 || !n2) return 0;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  return se ? (p1 - p2) / se : 0;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** What every finder shares: thresholds, money formatting, the store's own rates, and the filters to link with. */
interface InsightContext {
  input: InsightsInput;
  minN: number;
  money: (x: number) => string;
  aov: number;
  storeConv: number;
  baseParams: Record<string, string>;
  stepsParam: string;
  /** P(purchase | reached step i), from the period's own funnel. */
  downstream: (counts: readonly number[], i: number) => number;
}

function insightContext(input: InsightsInput): InsightContext {
  const baseParams: Record<string, string> = { from: input.range.from, to: input.range.to };
  if (input.filters.device) baseParams.device = input.filters.device;
  if (input.filters.isReturning !== undefined) baseParams.returning = String(input.filters.isReturning);
  if (input.filters.source) baseParams.source = input.filters.source;
  if (input.filters.landingStep) baseParams.landing = input.filters.landingStep;
  const storeConv = input.headline.conversionRate;
  const last = input.steps.length - 1;
  const endsInPurchase = input.steps[last] === 'purchase';
  return {
    input,
    minN: input.minSessions ?? 50,
    money: (x) => new Intl.NumberFormat('en-US', { style: 'currency', currency: input.currency || 'USD', maximumFractionDigits: 0 }).format(x),
    aov: input.headline.averageOrderValue || input.previousHeadline.averageOrderValue,
    storeConv,
    baseParams,
    stepsParam: input.steps.join(','),
    downstream: (counts, i) => (endsInPurchase && counts[i] ? counts[last] / counts[i] : storeConv),
  };
}

const cents = (x: number) => Math.round(x * 100) / 100;

export function buildInsights(input: InsightsInput): Insight[] {
  const ctx = insightContext(input);
  const out: Insight[] = [...periodDrops(ctx)];
  for (const seg of input.segments) out.push(...segmentFindings(ctx, seg));
  out.push(...itemsWithoutCarts(ctx), ...searchFindings(ctx));
  return out
    .sort((a, b) => b.revenueAtStake - a.revenueAtStake || b.sessionsAtStake - a.sessionsAtStake || (a.id < b.id ? -1 : 1))
    .slice(0, input.limit ?? 20);
}

/** 1. Funnel steps that got worse than the previous period. */
function periodDrops({ input, minN, money, aov, baseParams, stepsParam, downstream }: InsightContext): Insight[] {
  const steps = input.steps;
  const out: Insight[] = [];
  for (let i = 1; i < steps.length; i++) {
    const [n1, x1, n0, x0] = [input.counts[i - 1], input.counts[i], input.previousCounts[i - 1], input.previousCounts[i]];
    if (n1 < minN || n0 < minN) continue;
    const now = x1 / n1;
    const before = x0 / n0;
    if (before - now < 0.01 || zScore(x0, n0, x1, n1) < 1.96) continue;
    const lost = Math.round(n1 * (before - now));
    const revenue = lost * downstream(input.counts, i) * aov;
    out.push({
      id: `period_drop:${steps[i - 1]}>${steps[i]}`,
      kind: 'period_drop',
      title: `Fewer shoppers move from ${stepName(steps[i - 1])} to ${stepName(steps[i])} than last period`,
      detail: `${pct(now)} of the ${n1.toLocaleString('en-US')} sessions that reached the ${stepName(steps[i - 1])} went on to the ${stepName(steps[i])}, down from ${pct(before)} in the previous period (${input.previousRange.from} to ${input.previousRange.to}). That is about ${lost.toLocaleString('en-US')} sessions lost, worth about ${money(revenue)} in sales.`,
      sessionsAtStake: lost,
      revenueAtStake: cents(revenue),
      link: { view: 'funnel', params: { ...baseParams, steps: stepsParam, compare: 'previous' } },
    });
  }
  return out;
}

type SegmentCounts = InsightsInput['segments'][number];

/** 2. The step where a segment drops off most against the store, and 3. a segment that converts worse overall. */
function segmentFindings(ctx: InsightContext, seg: SegmentCounts): Insight[] {
  const name = segmentName(seg.dimension, seg.value);
  const segParam = seg.dimension === 'isReturning' ? 'returning' : seg.dimension === 'landingStep' ? 'landing' : seg.dimension;
  const params = { ...ctx.baseParams, [segParam]: seg.value };
  const out: Insight[] = [];
  const worstStep = segmentWorstStep(ctx, seg, name, params);
  if (worstStep) out.push(worstStep);
  const conversion = segmentConversion(ctx, seg, name, params);
  if (conversion) out.push(conversion);
  return out;
}

function segmentWorstStep({ input, minN, money, aov, stepsParam, downstream }: InsightContext, seg: SegmentCounts, name: string, params: Record<string, string>): Insight | null {
  const steps = input.steps;
  let worstStep: Insight | null = null;
  for (let i = 1; i < steps.length; i++) {
    const [n, x] = [seg.counts[i - 1], seg.counts[i]];
    const [N, X] = [input.counts[i - 1], input.counts[i]];
    if (n < minN || N <= n) continue;
    const rate = x / n;
    const store = X / N;
    // Compare with the rest of the store (the segment is part of the store total).
    if (store - rate < 0.02 || zScore(X - x, N - n, x, n) < 1.96) continue;
    const lost = Math.round(n * (store - rate));
    const revenue = lost * downstream(input.counts, i) * aov;
    if (!worstStep || revenue > worstStep.revenueAtStake) {
      worstStep = {
        id: `segment_step_drop:${seg.dimension}=${seg.value}:${steps[i - 1]}>${steps[i]}`,
        kind: 'segment_step_drop',
        title: `${name} drop off between ${stepName(steps[i - 1])} and ${stepName(steps[i])}`,
        detail: `Only ${pct(rate)} of ${name.toLowerCase()} who reached the ${stepName(steps[i - 1])} went on to the ${stepName(steps[i])}, against ${pct(store)} for the whole store. Matching the store would bring about ${lost.toLocaleString('en-US')} more sessions to the ${stepName(steps[i])}, worth about ${money(revenue)}.`,
        sessionsAtStake: lost,
        revenueAtStake: cents(revenue),
        link: { view: 'funnel', params: { ...params, steps: stepsParam } },
      };
    }
  }
  return worstStep;
}

function segmentConversion({ input, minN, money, aov }: InsightContext, seg: SegmentCounts, name: string, params: Record<string, string>): Insight | null {
  const sessions = seg.counts[0];
  const N = input.headline.sessions;
  if (sessions < minN || N <= sessions) return null;
  const rate = seg.purchases / sessions;
  const rest = (input.headline.purchases - seg.purchases) / (N - sessions);
  if (rest - rate < 0.002 || zScore(input.headline.purchases - seg.purchases, N - sessions, seg.purchases, sessions) < 1.96) return null;
  const lostPurchases = sessions * (rest - rate);
  const revenue = lostPurchases * aov;
  return {
    id: `segment_conversion:${seg.dimension}=${seg.value}`,
    kind: 'segment_conversion',
    title: `${name} convert less than your other visitors`,
    detail: `${pct(rate)} of ${sessions.toLocaleString('en-US')} sessions from ${name.toLowerCase()} ended in a purchase, against ${pct(rest)} for everyone else: about ${Math.round(lostPurchases).toLocaleString('en-US')} orders (${money(revenue)}) fewer than if they converted like the rest.`,
    sessionsAtStake: sessions,
    revenueAtStake: cents(revenue),
    link: { view: 'flow', params: { ...params, anchor: 'exit' } },
  };
}

/** 4. Products and collections with views but (almost) no carts. */
function itemsWithoutCarts({ input, money, aov, baseParams }: InsightContext): Insight[] {
  const out: Insight[] = [];
  for (const kind of ['product', 'collection'] as const) {
    const list = input.items.filter((i) => i.kind === kind);
    let views = 0;
    let carts = 0;
    let purchases = 0;
    for (const i of list) {
      views += i.views;
      carts += i.carts;
      purchases += i.purchases;
    }
    if (!views || !carts) continue;
    const cartRate = carts / views;
    const buyRate = purchases / views;
    const minViews = Math.max(20, Math.ceil(3 / cartRate));
    for (const it of list) {
      if (it.views < minViews) continue;
      const rate = it.carts / it.views;
      if (rate > cartRate * 0.25 || zScore(carts - it.carts, views - it.views, it.carts, it.views) < 1.96) continue;
      const revenue = it.views * buyRate * aov;
      const what = kind === 'product' ? 'it' : 'a product from it';
      out.push({
        id: `item_no_carts:${kind}:${it.itemId}`,
        kind: 'item_no_carts',
        title: it.carts === 0 ? `“${it.label}” gets views but no add-to-carts` : `“${it.label}” gets views but few add-to-carts`,
        detail: `${it.views.toLocaleString('en-US')} sessions viewed this ${kind} and ${it.carts === 0 ? 'none' : `only ${it.carts}`} added ${what} to the cart (${pct(rate)}; across your ${kind}s ${pct(cartRate)}). Check its price, photos, stock and description. At your usual rate these views are worth about ${money(revenue)}.`,
        sessionsAtStake: it.views,
        revenueAtStake: cents(revenue),
        link: { view: 'flow', params: { ...baseParams, detail: 'item', focus: `${kind}:${it.itemId}` } },
      });
    }
  }
  return out;
}

/** 5. Searches that find nothing, or whose results nobody opens. */
function searchFindings({ input, money, aov, storeConv, baseParams }: InsightContext): Insight[] {
  let searchSessions = 0;
  let searchPurchases = 0;
  for (const s of input.searches) {
    searchSessions += s.sessions;
    searchPurchases += s.purchases;
  }
  const searchConv = searchSessions ? searchPurchases / searchSessions : storeConv;
  const out: Insight[] = [];
  for (const s of input.searches) {
    if (s.zeroResults >= 3) {
      const revenue = s.zeroResults * searchConv * aov;
      out.push({
        id: `search_no_results:${s.query}`,
        kind: 'search_no_results',
        title: `Searches for “${s.query}” find nothing`,
        detail: `Shoppers searched for “${s.query}” ${s.zeroResults.toLocaleString('en-US')} times and got no results. Add matching products, tags or a synonym. Searchers in your store buy in ${pct(searchConv)} of sessions, so this is worth about ${money(revenue)}.`,
        sessionsAtStake: s.zeroResults,
        revenueAtStake: cents(revenue),
        link: { view: 'search', params: { ...baseParams, query: s.query } },
      });
    }
    const withResults = s.searches - s.zeroResults;
    if (withResults >= 5 && s.clicked / withResults < 0.1) {
      const lost = withResults - s.clicked;
      const revenue = lost * searchConv * aov;
      out.push({
        id: `search_no_clicks:${s.query}`,
        kind: 'search_no_clicks',
        title: `Results for “${s.query}” don’t get clicked`,
        detail: `“${s.query}” was searched ${withResults.toLocaleString('en-US')} times with results, but ${s.clicked === 0 ? 'no shopper' : `only ${s.clicked}`} opened a product afterwards. The results may not match what shoppers want. Worth about ${money(revenue)}.`,
        sessionsAtStake: lost,
        revenueAtStake: cents(revenue),
        link: { view: 'search', params: { ...baseParams, query: s.query } },
      });
    }
  }
  return out;
}
