import { describe, expect, it } from 'vitest';
import { buildFlow, foldCheckout, linksFromPaths } from '../../../../app/analytics/flow';

// 10 sessions: home→product→cart ×4 (1 bought), home→product ×3, product ×2, search→product→cart ×1 (bought).
const heads = [
  { key: 'home product cart', sessions: 4, purchases: 1 },
  { key: 'home product', sessions: 3, purchases: 0 },
  { key: 'product', sessions: 2, purchases: 0 },
  { key: 'search product cart', sessions: 1, purchases: 1 },
];

describe('linksFromPaths', () => {
  it('turns path counts into positioned links ending in exits', () => {
    const links = linksFromPaths(heads, false);
    const get = (p: number, from: string, to: string) => links.find((l) => l.position === p && l.from === from && l.to === to)?.sessions;
    expect(get(0, 'home', 'product')).toBe(7);
    expect(get(0, 'product', '')).toBe(2);
    expect(get(1, 'product', 'cart')).toBe(5);
    expect(get(1, 'product', '')).toBe(3);
    expect(get(2, 'cart', '')).toBe(5);
  });

  it('folds a run of checkout sub-steps into one checkout step, on request', () => {
    expect(foldCheckout(['product', 'cart', 'checkout', 'checkout_contact', 'checkout_address', 'checkout_payment', 'purchase'])).toEqual(['product', 'cart', 'checkout', 'purchase']);
    // Two separate runs stay two steps; a cut path stays cut.
    expect(foldCheckout(['checkout_contact', 'cart', 'checkout_shipping', '+'])).toEqual(['checkout', 'cart', 'checkout', '+']);
    const rows = [
      { key: 'cart checkout checkout_contact checkout_payment purchase', sessions: 3, purchases: 3 },
      { key: 'cart checkout_contact', sessions: 2, purchases: 0 },
    ];
    const folded = linksFromPaths(rows, true, { foldCheckout: true });
    // Reversed from the outcome: purchase ← checkout ← cart.
    expect(folded.find((l) => l.position === 0 && l.from === 'purchase')).toMatchObject({ to: 'checkout', sessions: 3 });
    expect(folded.find((l) => l.position === 1 && l.from === 'checkout' && l.to === 'cart')?.sessions).toBe(3);
    expect(folded.find((l) => l.position === 0 && l.from === 'checkout')).toMatchObject({ to: 'cart', sessions: 2 });
    expect(Math.max(...folded.map((l) => l.position))).toBe(2);
    expect(Math.max(...linksFromPaths(rows, true).map((l) => l.position))).toBe(4);
  });
});

describe('buildFlow', () => {
  it('keeps the top nodes per position, groups the rest, and counts drop-off', () => {
    const flow = buildFlow(linksFromPaths(heads, false), { anchor: 'start', top: 1 });
    expect(flow.totals).toEqual({ sessions: 10, purchases: 2 });
    const node = (id: string) => flow.nodes.find((n) => n.id === id)!;
    expect(node('0:home')).toMatchObject({ sessions: 7, exits: 0, purchases: 1 });
    expect(node('0:other')).toMatchObject({ kind: 'other', sessions: 3, exits: 2, members: 2, label: 'Other (2)', expandable: true });
    expect(node('0:other').dropOffRate).toBeCloseTo(2 / 3);
    expect(node('1:product')).toMatchObject({ sessions: 8, exits: 3 });
    expect(node('2:cart')).toMatchObject({ sessions: 5, exits: 5, purchases: 2 });
    const link = (s: string, t: string) => flow.links.find((l) => l.source === s && l.target === t)?.sessions;
    expect(link('0:home', '1:product')).toBe(7);
    expect(link('0:other', '1:product')).toBe(1);
    expect(link('0:other', '1:exit')).toBe(2);
    expect(link('1:product', '2:cart')).toBe(5);
    expect(link('1:product', '2:exit')).toBe(3);
    expect(node('3:exit').sessions).toBe(5);
  });

  it('expands an "other" group on request', () => {
    const flow = buildFlow(linksFromPaths(heads, false), { anchor: 'start', top: 1, expand: [0], expandBy: 1 });
    // top 1 + 1 more = 2 would leave a group of one, which is shown instead.
    expect(flow.nodes.filter((n) => n.position === 0).map((n) => n.id)).toEqual(['0:home', '0:product', '0:search']);
  });

  it('reports nodes cut by the depth as continuing, not exits', () => {
    const flow = buildFlow(linksFromPaths(heads, false), { anchor: 'start', depth: 2 });
    expect(flow.nodes.find((n) => n.id === '1:product')).toMatchObject({ sessions: 8, exits: 3, continuing: 5 });
    expect(flow.nodes.some((n) => n.position === 2 && n.kind !== 'exit')).toBe(false);
  });

  it('aligns end-anchored flows at the outcome, with entries and forward-pointing links', () => {
    const tails = [
      { key: 'home product', sessions: 3, purchases: 0 },
      { key: '+ collection product', sessions: 1, purchases: 0 },
    ];
    const flow = buildFlow(linksFromPaths(tails, true), { anchor: 'exit' });
    expect(flow.totals.sessions).toBe(4);
    const node = (id: string) => flow.nodes.find((n) => n.id === id)!;
    expect(node('0:product').sessions).toBe(4);
    expect(node('-1:home')).toMatchObject({ sessions: 3, exits: 3, continuing: 0 });
    expect(node('-1:collection')).toMatchObject({ sessions: 1, exits: 0, continuing: 1 });
    expect(flow.links).toContainEqual({ source: '-1:home', target: '0:product', sessions: 3, purchases: 0 });
    expect(flow.links).toContainEqual({ source: '-2:entry', target: '-1:home', sessions: 3, purchases: 0 });
  });
});
