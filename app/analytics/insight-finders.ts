/**
 * The insights feed's finders (./insights.ts ranks, corrects and words what they find): each
 * compares rates with the store's own norm through one ComparisonFamily, so that every
 * comparison made counts in the multiple-testing correction, and answers candidates with
 * the comparison's index and numbers. Pure.
 */
import { stepName } from '../api-contract/step-names';
import type { Headline, Insight } from '../api-contract/analytics';
import type { FunnelToken, SegmentDimension, SegmentFilters } from './rollup-shapes';
import type { DayRange } from './utc-days';
import { twoProportionTest } from './significance';
import type { SegmentCell, SegmentRef } from './segment-overlap';

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
  /** Sessions per roll-up cell (device × new/returning × source × landing page), to measure segment overlaps. */
  cells?: readonly SegmentCell[];
  /** Minimum sessions behind a rate before it is compared (default 50). */
  minSessions?: number;
  limit?: number;
}

const SEGMENT_NAMES: Record<SegmentDimension, (v: string) => string> = {
  device: (v) => `${v[0]?.toUpperCase() ?? ''}${v.slice(1)} shoppers`,
  isReturning: (v) => (v === 'true' ? 'Returning visitors' : 'New visitors'),
  source: (v) => `Visitors from ${v === 'direct' ? 'direct visits' : v === 'paid' ? 'paid ads' : v}`,
  landingStep: (v) => `Visitors landing on the ${stepName(v)}`,
};
export function segmentName(dimension: SegmentDimension, value: string): string {
  return SEGMENT_NAMES[dimension](value);
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** "4 of 400 (1.0%)" */
const counted = (x: number, n: number) => `${x.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} (${n ? ((x / n) * 100).toFixed(1) : '0.0'}%)`;

/** Every comparison made for one answer: their p-values are adjusted together. */
export class ComparisonFamily {
  readonly pValues: number[] = [];
  readonly zs: number[] = [];
  /** Tests x1/n1 against x2/n2 and answers the comparison's index, or null when the groups are too small to test. */
  test(x1: number, n1: number, x2: number, n2: number): number | null {
    const t = twoProportionTest(x1, n1, x2, n2);
    if (!t) return null;
    this.zs.push(t.z);
    return this.pValues.push(t.p) - 1;
  }
}

/** A finding before the correction: its comparison (null for a count) and that comparison's numbers. */
export type Candidate = Omit<Insight, 'certainty' | 'overlaps'> & { test: number | null; numbers: string; segment?: SegmentRef };

/** What every finder shares: thresholds, money formatting, the store's own rates, and the filters to link with. */
export interface InsightContext {
  family: ComparisonFamily;
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

export function insightContext(input: InsightsInput): InsightContext {
  const baseParams: Record<string, string> = { from: input.range.from, to: input.range.to };
  if (input.filters.device) baseParams.device = input.filters.device;
  if (input.filters.isReturning !== undefined) baseParams.returning = String(input.filters.isReturning);
  if (input.filters.source) baseParams.source = input.filters.source;
  if (input.filters.landingStep) baseParams.landing = input.filters.landingStep;
  const storeConv = input.headline.conversionRate;
  const last = input.steps.length - 1;
  const endsInPurchase = input.steps[last] === 'purchase';
  return {
    family: new ComparisonFamily(),
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

/** 1. Funnel steps that got worse than the previous period. */
export function periodDrops({ input, minN, money, aov, baseParams, stepsParam, downstream, family }: InsightContext): Candidate[] {
  const steps = input.steps;
  const out: Candidate[] = [];
  for (let i = 1; i < steps.length; i++) {
    const [n1, x1, n0, x0] = [input.counts[i - 1], input.counts[i], input.previousCounts[i - 1], input.previousCounts[i]];
    if (n1 < minN || n0 < minN) continue;
    const test = family.test(x0, n0, x1, n1);
    const now = x1 / n1;
    const before = x0 / n0;
    if (test === null || before - now < 0.01) continue;
    const lost = Math.round(n1 * (before - now));
    const revenue = lost * downstream(input.counts, i) * aov;
    out.push({
      test,
      numbers: `This period ${counted(x1, n1)} of the sessions at the ${stepName(steps[i - 1])} went on; the previous period ${counted(x0, n0)}.`,
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
export function segmentFindings(ctx: InsightContext, seg: SegmentCounts): Candidate[] {
  const name = segmentName(seg.dimension, seg.value);
  const segParam = seg.dimension === 'isReturning' ? 'returning' : seg.dimension === 'landingStep' ? 'landing' : seg.dimension;
  const params = { ...ctx.baseParams, [segParam]: seg.value };
  const segment = { dimension: seg.dimension, value: seg.value };
  const out = segmentStepDrops(ctx, seg, name, params);
  const conversion = segmentConversion(ctx, seg, name, params);
  if (conversion) out.push(conversion);
  return out.map((c) => ({ ...c, segment }));
}

/** Every step where the segment does worse than the rest of the store (buildInsights keeps the costliest that is significant). */
function segmentStepDrops({ input, minN, money, aov, stepsParam, downstream, family }: InsightContext, seg: SegmentCounts, name: string, params: Record<string, string>): Candidate[] {
  const steps = input.steps;
  const out: Candidate[] = [];
  for (let i = 1; i < steps.length; i++) {
    const [n, x] = [seg.counts[i - 1], seg.counts[i]];
    const [N, X] = [input.counts[i - 1], input.counts[i]];
    if (n < minN || N - n < minN) continue;
    // Compare with the rest of the store (the segment is part of the store total).
    const test = family.test(X - x, N - n, x, n);
    const rate = x / n;
    const store = X / N;
    if (test === null || store - rate < 0.02) continue;
    const lost = Math.round(n * (store - rate));
    const revenue = lost * downstream(input.counts, i) * aov;
    out.push({
      test,
      numbers: `${name}: ${counted(x, n)} went on from the ${stepName(steps[i - 1])}; everyone else: ${counted(X - x, N - n)}.`,
      id: `segment_step_drop:${seg.dimension}=${seg.value}:${steps[i - 1]}>${steps[i]}`,
      kind: 'segment_step_drop',
      title: `${name} drop off between ${stepName(steps[i - 1])} and ${stepName(steps[i])}`,
      detail: `Only ${pct(rate)} of ${name.toLowerCase()} who reached the ${stepName(steps[i - 1])} went on to the ${stepName(steps[i])}, against ${pct(store)} for the whole store. Matching the store would bring about ${lost.toLocaleString('en-US')} more sessions to the ${stepName(steps[i])}, worth about ${money(revenue)}.`,
      sessionsAtStake: lost,
      revenueAtStake: cents(revenue),
      link: { view: 'funnel', params: { ...params, steps: stepsParam } },
    });
  }
  return out;
}

function segmentConversion({ input, minN, money, aov, family }: InsightContext, seg: SegmentCounts, name: string, params: Record<string, string>): Candidate | null {
  const sessions = seg.counts[0];
  const N = input.headline.sessions;
  if (sessions < minN || N - sessions < minN) return null;
  const others = input.headline.purchases - seg.purchases;
  const test = family.test(others, N - sessions, seg.purchases, sessions);
  const rate = seg.purchases / sessions;
  const rest = others / (N - sessions);
  if (test === null || rest - rate < 0.002) return null;
  const lostPurchases = sessions * (rest - rate);
  const revenue = lostPurchases * aov;
  return {
    test,
    numbers: `${name}: ${counted(seg.purchases, sessions)} sessions ended in a purchase; everyone else: ${counted(others, N - sessions)}.`,
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
export function itemsWithoutCarts({ input, money, aov, baseParams, family }: InsightContext): Candidate[] {
  const out: Candidate[] = [];
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
      if (rate > cartRate * 0.25) continue;
      const test = family.test(carts - it.carts, views - it.views, it.carts, it.views);
      if (test === null) continue;
      const revenue = it.views * buyRate * aov;
      const what = kind === 'product' ? 'it' : 'a product from it';
      out.push({
        test,
        numbers: `This ${kind}: ${counted(it.carts, it.views)} views led to an add-to-cart; your other ${kind}s: ${counted(carts - it.carts, views - it.views)}.`,
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
export function searchFindings({ input, money, aov, storeConv, baseParams, family }: InsightContext): Candidate[] {
  let searchSessions = 0;
  let searchPurchases = 0;
  let withResultsAll = 0;
  let clickedAll = 0;
  for (const s of input.searches) {
    searchSessions += s.sessions;
    searchPurchases += s.purchases;
    withResultsAll += s.searches - s.zeroResults;
    clickedAll += s.clicked;
  }
  const searchConv = searchSessions ? searchPurchases / searchSessions : storeConv;
  const out: Candidate[] = [];
  for (const s of input.searches) {
    if (s.zeroResults >= 3) {
      const revenue = s.zeroResults * searchConv * aov;
      out.push({
        test: null,
        numbers: `${s.zeroResults.toLocaleString('en-US')} searches for “${s.query}” found nothing.`,
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
    const test = withResults >= 5 && s.clicked / withResults < 0.1 ? family.test(clickedAll - s.clicked, withResultsAll - withResults, s.clicked, withResults) : null;
    if (test !== null) {
      const lost = withResults - s.clicked;
      const revenue = lost * searchConv * aov;
      out.push({
        test,
        numbers: `“${s.query}”: ${counted(s.clicked, withResults)} searches with results led to a product; your other searches: ${counted(clickedAll - s.clicked, withResultsAll - withResults)}.`,
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
