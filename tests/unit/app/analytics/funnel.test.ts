import { describe, expect, it } from 'vitest';
import { computeDwell, computeFunnel, headlineFromRows, topPaths } from '../../../../app/analytics/funnel';
import { encodeHistogram } from '../../../../app/analytics/histogram-codec';
import { timeBucket } from '../../../../app/analytics/histogram';

const reached = [
  { key: 'home product cart checkout purchase', sessions: 2, purchases: 2, orders: 2, revenue: 100 },
  { key: 'home product cart', sessions: 3, purchases: 0, orders: 0, revenue: 0 },
  { key: 'home product', sessions: 5, purchases: 0, orders: 0, revenue: 0 },
  { key: 'home', sessions: 10, purchases: 0, orders: 0, revenue: 0 },
  // buy-now: never viewed a product page, still passed every stage before purchase
  { key: 'cart checkout purchase', sessions: 1, purchases: 1, orders: 1, revenue: 30 },
];

function hist(samplesMs: number[]) {
  const m = new Map<number, number>();
  for (const s of samplesMs) m.set(timeBucket(s), (m.get(timeBucket(s)) ?? 0) + 1);
  return { count: samplesMs.length, sumMs: samplesMs.reduce((a, b) => a + b, 0), histogram: encodeHistogram(m) };
}

describe('funnel', () => {
  it('counts the furthest stage reached, so it starts at all sessions and ends at all purchases', () => {
    const f = computeFunnel(reached, ['session', 'product', 'cart', 'checkout', 'purchase'], [{ key: 'product>cart', ...hist([10_000, 60_000, 600_000]) }]);
    expect(f.steps.map((s) => s.sessions)).toEqual([21, 11, 6, 3, 3]);
    expect(f.steps.map((s) => s.dropOff)).toEqual([0, 10, 5, 3, 0]);
    expect(f.steps[1].conversionFromPrevious).toBeCloseTo(11 / 21);
    expect(f.steps[2].conversionFromPrevious).toBeCloseTo(6 / 11);
    expect(f.steps[3].conversionFromPrevious).toBe(0.5);
    expect(f.steps[4].conversionFromStart).toBeCloseTo(3 / 21);
    expect(f.overallConversion).toBeCloseTo(3 / 21);
    const t = f.steps[2].timeFromPrevious!;
    expect(t.count).toBe(3);
    expect(t.meanMs).toBe(223_333);
    expect(Math.abs(t.medianMs! - 60_000) / 60_000).toBeLessThan(0.05);
    expect(f.steps[3].timeFromPrevious).toEqual({ count: 0, meanMs: null, medianMs: null });
    const h = headlineFromRows(reached);
    expect(h).toEqual({ sessions: 21, purchases: 3, orders: 3, revenue: 130, conversionRate: 3 / 21, averageOrderValue: 43.33 });
    expect(f.steps[0].sessions).toBe(h.sessions);
    expect(f.steps[4].sessions).toBe(h.purchases);
  });

  it('handles a custom funnel and an empty period', () => {
    expect(computeFunnel(reached, ['session', 'cart', 'purchase']).steps.map((s) => s.sessions)).toEqual([21, 6, 3]);
    const empty = computeFunnel([], ['session', 'product']);
    expect(empty.steps.map((s) => [s.sessions, s.conversionFromPrevious, s.dropOffRate])).toEqual([[0, 1, 0], [0, 0, 0]]);
  });
});

describe('dwell', () => {
  it('merges histograms across days: exact mean, median within 5%', () => {
    const d = computeDwell([
      { key: 'product', ...hist([20_000, 30_000]) },
      { key: 'product', ...hist([40_000]) },
      { key: 'cart', ...hist([5_000]) },
    ]);
    expect(d.map((x) => [x.step, x.visits, x.meanMs])).toEqual([['product', 3, 30_000], ['cart', 1, 5_000]]);
    expect(Math.abs(d[0].medianMs! - 30_000) / 30_000).toBeLessThan(0.05);
  });
});

describe('topPaths', () => {
  const heads = [
    { key: 'home product cart checkout purchase', sessions: 4, purchases: 4 },
    { key: 'product cart checkout purchase', sessions: 6, purchases: 6 },
    { key: 'home', sessions: 30, purchases: 0 },
    { key: 'home product', sessions: 10, purchases: 0 },
    { key: 'home product', sessions: 2, purchases: 0 },
  ];
  it('ranks paths to purchase by buyers and paths to exit by non-buyers', () => {
    const buy = topPaths(heads, 'purchase');
    expect(buy.map((p) => [p.steps.join(' '), p.purchases, p.share])).toEqual([
      ['product cart checkout purchase', 6, 0.6],
      ['home product cart checkout purchase', 4, 0.4],
    ]);
    const exit = topPaths(heads, 'exit', 1);
    expect(exit).toEqual([{ steps: ['home'], truncated: false, sessions: 30, purchases: 0, conversionRate: 0, share: 30 / 42 }]);
  });
});
