/**
 * Funnel, dwell time, headline and top paths from roll-up rows. Pure.
 *
 * Funnel rule ("furthest stage reached"): a session counts at funnel step i when it reached
 * step i OR any later chosen step (reaching checkout implies having passed cart, even for
 * buy-now). So counts never increase along the funnel, `session` counts every session and
 * `purchase` counts every purchasing session: the first step equals the headline sessions
 * and a final `purchase` step equals the headline purchases (same rows, same filters).
 */
import { statsFromBuckets, type TimeStats } from './histogram';
import { mergeHistogram } from './histogram-codec';
import { MORE, headlineOf, type FunnelToken } from './rollup-shapes';
import type { DwellRow, FunnelResult, Headline, TopPath } from '../api-contract/analytics';

export interface ReachedCount {
  /** space-separated reached tokens */
  key: string;
  sessions: number;
  purchases: number;
  orders: number;
  revenue: number;
}

export interface TimingAggregate {
  key: string;
  count: number;
  sumMs: number;
  histogram: string;
}

export function headlineFromRows(rows: ReadonlyArray<Pick<ReachedCount, 'sessions' | 'purchases' | 'orders' | 'revenue'>>): Headline {
  let sessions = 0;
  let purchases = 0;
  let orders = 0;
  let revenue = 0;
  for (const r of rows) {
    sessions += r.sessions;
    purchases += r.purchases;
    orders += r.orders;
    revenue += r.revenue;
  }
  return headlineOf({ sessions, purchases, orders, revenue });
}

/** Session counts per funnel step (the rule in the file comment). */
export function funnelCounts(rows: ReadonlyArray<Pick<ReachedCount, 'key' | 'sessions'>>, steps: readonly FunnelToken[]): number[] {
  const counts = steps.map(() => 0);
  for (const r of rows) {
    const reached = new Set(r.key ? r.key.split(' ') : []);
    reached.add('session');
    // Furthest chosen step reached; every step up to it counts this session.
    let furthest = -1;
    for (let i = steps.length - 1; i >= 0; i--) {
      if (reached.has(steps[i])) {
        furthest = i;
        break;
      }
    }
    for (let i = 0; i <= furthest; i++) counts[i] += r.sessions;
  }
  return counts;
}

export function timeStats(aggregates: readonly TimingAggregate[]): Map<string, TimeStats> {
  const byKey = new Map<string, { count: number; sumMs: number; buckets: Map<number, number> }>();
  for (const a of aggregates) {
    let e = byKey.get(a.key);
    if (!e) byKey.set(a.key, (e = { count: 0, sumMs: 0, buckets: new Map() }));
    e.count += a.count;
    e.sumMs += a.sumMs;
    mergeHistogram(e.buckets, a.histogram);
  }
  const out = new Map<string, TimeStats>();
  for (const [key, e] of byKey) {
    const buckets = [...e.buckets.entries()].map(([bucket, count]) => ({ bucket, count, sumMs: 0 }));
    const stats = statsFromBuckets(buckets);
    out.set(key, { count: e.count, meanMs: e.count ? Math.round(e.sumMs / e.count) : null, medianMs: stats.medianMs });
  }
  return out;
}

export function computeFunnel(
  rows: ReadonlyArray<Pick<ReachedCount, 'key' | 'sessions'>>,
  steps: readonly FunnelToken[],
  between: readonly TimingAggregate[] = [],
): FunnelResult {
  const counts = funnelCounts(rows, steps);
  const times = timeStats(between);
  const first = counts[0] ?? 0;
  return {
    steps: steps.map((step, i) => {
      const prev = i === 0 ? counts[0] : counts[i - 1];
      const sessions = counts[i];
      return {
        step,
        sessions,
        conversionFromPrevious: i === 0 ? 1 : prev ? sessions / prev : 0,
        conversionFromStart: first ? sessions / first : 0,
        dropOff: i === 0 ? 0 : prev - sessions,
        dropOffRate: i === 0 || !prev ? 0 : (prev - sessions) / prev,
        timeFromPrevious: i === 0 ? null : (times.get(`${steps[i - 1]}>${step}`) ?? { count: 0, meanMs: null, medianMs: null }),
      };
    }),
    overallConversion: first ? counts[counts.length - 1] / first : 0,
  };
}

export function computeDwell(dwell: readonly TimingAggregate[]): DwellRow[] {
  return [...timeStats(dwell).entries()]
    .map(([step, s]) => ({ step, visits: s.count, medianMs: s.medianMs, meanMs: s.meanMs }))
    .sort((a, b) => b.visits - a.visits || (a.step < b.step ? -1 : 1));
}

/**
 * Top paths from head rows: to purchase ranks paths by purchasing sessions, to exit by
 * sessions that did not purchase.
 */
export function topPaths(
  heads: ReadonlyArray<{ key: string; sessions: number; purchases: number }>,
  outcome: 'purchase' | 'exit',
  limit = 10,
): TopPath[] {
  const merged = new Map<string, { sessions: number; purchases: number }>();
  for (const h of heads) {
    const m = merged.get(h.key) ?? { sessions: 0, purchases: 0 };
    m.sessions += h.sessions;
    m.purchases += h.purchases;
    merged.set(h.key, m);
  }
  const weight = (m: { sessions: number; purchases: number }) => (outcome === 'purchase' ? m.purchases : m.sessions - m.purchases);
  let total = 0;
  for (const m of merged.values()) total += weight(m);
  return [...merged.entries()]
    .filter(([, m]) => weight(m) > 0)
    .sort((a, b) => weight(b[1]) - weight(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([key, m]) => {
      const steps = key ? key.split(' ') : ['other'];
      return {
        steps,
        truncated: steps[steps.length - 1] === MORE,
        sessions: m.sessions,
        purchases: m.purchases,
        conversionRate: m.sessions ? m.purchases / m.sessions : 0,
        share: total ? weight(m) / total : 0,
      };
    });
}

