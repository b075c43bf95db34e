import { describe, expect, it } from 'vitest';
import { buildInsights, zScore, type InsightsInput } from '../../../../app/analytics/insights';
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
    expect(zScore(36, 600, 4, 400)).toBeGreaterThan(1.96);
    expect(zScore(28, 800, 2, 200)).toBeLessThan(1.96);
    expect(buildInsights({ ...input, segments: [{ dimension: 'device', value: 'mobile', counts: [200, 100, 40, 16, 2], purchases: 2 }], headline: headlineOf({ sessions: 1000, purchases: 30, orders: 30, revenue: 1500 }), items: [], searches: [] })).toEqual([]);
  });
});
