import { describe, expect, it } from 'vitest';
import { buildInsights, type InsightsInput } from '../../../../app/analytics/insights';
import { twoProportionTest } from '../../../../app/analytics/significance';
import { headlineOf } from '../../../../app/analytics/rollup-shapes';

const steps = ['session', 'product', 'cart', 'checkout', 'purchase'] as const;
const input: InsightsInput = {
  range: { from: '2026-01-01', to: '2026-01-30' },
  previousRange: { from: '2025-12-02', to: '2025-12-31' },
  filters: {},
  currency: 'USD',
  // 1000 sessions, 40 orders, $2000: conversion 4%, AOV $50
  headline: headlineOf({ sessions: 1000, purchases: 40, orders: 40, revenue: 2000 }),
  previousHeadline: headlineOf({ sessions: 1000, purchases: 40, orders: 40, revenue: 2000 }),
  steps: [...steps],
  counts: [1000, 500, 200, 80, 40],
  previousCounts: [1000, 500, 200, 80, 40],
  segments: [
    // Mobile: 400 sessions, 4 purchases (1%) vs 36 / 600 (6%) for everyone else.
    { dimension: 'device', value: 'mobile', counts: [400, 200, 80, 32, 4], purchases: 4 },
    { dimension: 'device', value: 'desktop', counts: [600, 300, 120, 48, 36], purchases: 36 },
  ],
  items: [
    { kind: 'product', itemId: 'A', label: 'Alpine Jacket', views: 100, carts: 0, purchases: 0 },
    { kind: 'product', itemId: 'B', label: 'Base Layer', views: 400, carts: 80, purchases: 20 },
    { kind: 'product', itemId: 'C', label: 'Camp Stove', views: 500, carts: 100, purchases: 30 },
  ],
  searches: [
    { query: 'kayak', searches: 4, zeroResults: 4, clicked: 0, sessions: 4, purchases: 0 },
    { query: 'tent', searches: 20, zeroResults: 0, clicked: 10, sessions: 16, purchases: 4 },
  ],
};

describe('insights', () => {
  it('finds, quantifies and ranks findings against the store’s own norms', () => {
    const out = buildInsights(input);
    expect(out.map((i) => [i.id, i.sessionsAtStake, i.revenueAtStake])).toEqual([
      // 400 × (6% − 1%) = 20 orders × $50
      ['segment_conversion:device=mobile', 400, 1000],
      // 100 views × (50 purchases / 1000 product views) × $50
      ['item_no_carts:product:A', 100, 250],
      // 4 searches × (4 purchases / 20 searching sessions) × $50
      ['search_no_results:kayak', 4, 40],
    ]);
    expect(out[0].title).toBe('Mobile shoppers convert less than your other visitors');
    expect(out[0].link).toEqual({ view: 'flow', params: { from: '2026-01-01', to: '2026-01-30', device: 'mobile', anchor: 'exit' } });
    expect(out[1].title).toBe('“Alpine Jacket” gets views but no add-to-carts');
    expect(out[2].detail).toContain('$40');
  });

  it('reports a funnel step that fell against the previous period', () => {
    const out = buildInsights({ ...input, segments: [], items: [], searches: [], counts: [1000, 500, 100, 40, 20], headline: headlineOf({ sessions: 1000, purchases: 20, orders: 20, revenue: 1000 }) });
    // product→cart fell from 40% to 20% of 500: 100 sessions lost; then 20 of 100 carts buy (20%) at $50.
    expect(out.map((i) => [i.id, i.sessionsAtStake, i.revenueAtStake])).toEqual([['period_drop:product>cart', 100, 1000]]);
    expect(out[0].link.params).toMatchObject({ compare: 'previous', steps: 'session,product,cart,checkout,purchase' });
  });

  it('needs significance', () => {
    expect(twoProportionTest(36, 600, 4, 400)!.p).toBeLessThan(0.001);
    expect(twoProportionTest(28, 800, 2, 200)!.p).toBeGreaterThan(0.05);
    expect(buildInsights({ ...input, segments: [{ dimension: 'device', value: 'mobile', counts: [200, 100, 40, 16, 2], purchases: 2 }], headline: headlineOf({ sessions: 1000, purchases: 30, orders: 30, revenue: 1500 }), items: [], searches: [] })).toEqual([]);
  });

  it('says how sure each finding is, in words and with its numbers', () => {
    const out = buildInsights(input);
    const mobile = out.find((i) => i.id === 'segment_conversion:device=mobile')!;
    expect(mobile.certainty.level).toBe('very_likely');
    expect(mobile.certainty.label).toBe('Very likely real (99%)');
    expect(mobile.certainty.details).toContain('Mobile shoppers: 4 of 400 (1.0%) sessions ended in a purchase; everyone else: 36 of 600 (6.0%).');
    expect(mobile.certainty.details).toContain('Benjamini–Hochberg');
    expect(mobile.certainty.pValue).toBeCloseTo(twoProportionTest(36, 600, 4, 400)!.p, 12);
    // Every comparison made counts: steps against the previous period, segments at each step, products.
    expect(mobile.certainty.comparisons).toBeGreaterThan(5);
    expect(mobile.certainty.adjustedPValue).toBeGreaterThan(mobile.certainty.pValue!);
    const kayak = out.find((i) => i.kind === 'search_no_results')!;
    expect(kayak.certainty).toMatchObject({ level: 'counted', pValue: null, comparisons: 0 });
  });

  it('drops a gap that passes alone (p < 0.05) but not after the correction, and too-small segments', () => {
    // Tablets: 3 of 200 sessions bought (1.5%) against 37 of 800 (4.6%): p = 0.044 on its own.
    expect(twoProportionTest(37, 800, 3, 200)!.p).toBeLessThan(0.05);
    const tablet = { dimension: 'device' as const, value: 'tablet', counts: [200, 100, 40, 16, 3], purchases: 3 };
    const tiny = { dimension: 'source' as const, value: 'email', counts: [16, 8, 3, 1, 0], purchases: 0 };
    const out = buildInsights({ ...input, segments: [tablet, tiny], items: [], searches: [] });
    expect(out).toEqual([]);
  });

  it('flags findings about largely the same sessions, and never merges their amounts', () => {
    const segments: InsightsInput['segments'] = [
      // New visitors: 5 of 500 bought; direct visits: 4 of 450; 400 sessions are both.
      { dimension: 'isReturning', value: 'false', counts: [500, 250, 100, 40, 5], purchases: 5 },
      { dimension: 'source', value: 'direct', counts: [450, 225, 90, 36, 4], purchases: 4 },
    ];
    const cells = [
      { device: 'mobile', isReturning: 'false', source: 'direct', landingStep: 'home', sessions: 400 },
      { device: 'mobile', isReturning: 'false', source: 'search', landingStep: 'home', sessions: 100 },
      { device: 'mobile', isReturning: 'true', source: 'direct', landingStep: 'home', sessions: 50 },
      { device: 'mobile', isReturning: 'true', source: 'search', landingStep: 'home', sessions: 450 },
    ];
    const out = buildInsights({ ...input, segments, cells, items: [], searches: [] });
    const fresh = out.find((i) => i.id === 'segment_conversion:isReturning=false')!;
    const direct = out.find((i) => i.id === 'segment_conversion:source=direct')!;
    expect(fresh.overlaps).toContainEqual({ id: direct.id, title: direct.title, sharedSessions: 400, share: 0.8 });
    expect(direct.overlaps).toContainEqual({ id: fresh.id, title: fresh.title, sharedSessions: 400, share: 0.889 });
    // Each keeps its own amount: 500 × (7% − 1%) = 30 orders × $50, and 450 × (36/550 − 4/450) × $50.
    expect(fresh.revenueAtStake).toBe(1500);
    expect(direct.revenueAtStake).toBeCloseTo(450 * (36 / 550 - 4 / 450) * 50, 1);
    // Without the cells, no overlap is claimed.
    expect(buildInsights({ ...input, segments, items: [], searches: [] }).every((i) => i.overlaps.length === 0)).toBe(true);
  });
});
