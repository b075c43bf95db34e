import { describe, expect, it } from 'vitest';
import { detailPath, itemFacts, journeyFacts, searchFacts, type EventInput, type JourneyInput } from '../../../../app/analytics/journey-facts';
import { buildRollup } from '../../../../app/analytics/rollup-build';
import type { JourneyStep } from '../../../../ml/data/journey-step';

const S = 1000;
const run = (step: JourneyStep, from: number, to = from) => ({ step, from: from * S, to: to * S });
const base: Omit<JourneyInput, 'runs'> = {
  id: 'j1', startedAt: Date.UTC(2026, 0, 5, 10), endedAt: Date.UTC(2026, 0, 5, 11), device: 'mobile', isReturning: false,
  source: 'search', landingStep: 'home', purchased: false, orders: 0, revenue: 0,
};
const T = base.startedAt / S;

describe('journeyFacts', () => {
  it('derives head, tail, reached set, dwell and step-to-step times of a purchase', () => {
    const f = journeyFacts(
      {
        ...base, purchased: true, orders: 1, revenue: 50,
        runs: [run('home', T), run('collection', T + 10), run('product', T + 30, T + 40), run('cart', T + 100), run('checkout', T + 160), run('purchase', T + 400)],
      },
      [],
    );
    expect(f.day).toBe('2026-01-05');
    expect(f.head).toBe('home collection product cart checkout purchase');
    expect(f.tailKind).toBe('tail_purchase');
    expect(f.tail).toBe('home collection product cart checkout purchase');
    expect(f.reached).toBe('home collection product cart checkout purchase');
    expect(f.dwell).toEqual([['home', 10_000], ['collection', 20_000], ['product', 70_000], ['cart', 60_000], ['checkout', 240_000]]);
    const between = new Map(f.between);
    expect(between.get('session>home')).toBe(0);
    expect(between.get('product>cart')).toBe(70_000);
    expect(between.get('session>purchase')).toBe(400_000);
    expect(between.get('cart>product')).toBeUndefined();
    expect(f.between.length).toBe((7 * 6) / 2);
  });

  it('truncates long paths to 8 steps with a marker, and ends purchase tails at the last purchase', () => {
    const steps: JourneyStep[] = ['home', 'collection', 'product', 'collection', 'product', 'search', 'product', 'cart', 'checkout', 'purchase', 'home'];
    const f = journeyFacts({ ...base, purchased: true, orders: 1, revenue: 20, runs: steps.map((s, i) => run(s, T + i * 10)) }, []);
    expect(f.head).toBe('home collection product collection product search product cart +');
    expect(f.tail).toBe('+ product collection product search product cart checkout purchase');
    const exit = journeyFacts({ ...base, runs: steps.slice(0, 3).map((s, i) => run(s, T + i)) }, []);
    expect(exit.tailKind).toBe('tail_exit');
    expect(exit.tail).toBe('home collection product');
  });

  it('counts purchase only for purchasing journeys; checkout steps imply checkout', () => {
    const f = journeyFacts({ ...base, runs: [run('product', T), run('checkout_contact', T + 5), run('purchase', T + 9)] }, []);
    expect(f.reached).toBe('product checkout checkout_contact');
    const empty = journeyFacts({ ...base, runs: [] }, []);
    expect(empty.head).toBe('other');
    expect(empty.reached).toBe('other');
  });
});

const ev = (ts: number, name: string, extra: Partial<EventInput> = {}): EventInput => ({ ts, name, step: null, ...extra });

describe('detail path, items and searches', () => {
  const events: EventInput[] = [
    ev(1, 'page_viewed', { step: 'collection', path: '/collections/shoes' }),
    ev(2, 'collection_viewed', { step: 'collection', collectionId: 'c1', path: '/collections/shoes' }),
    ev(3, 'product_viewed', { step: 'product', productId: 'p1', path: '/products/red-shoe' }),
    ev(4, 'waymark:rec_impression', { step: 'other' }),
    ev(5, 'product_viewed', { step: 'product', productId: 'p2', path: '/products/blue-shoe' }),
    ev(6, 'product_added_to_cart', { step: 'cart', productId: 'p2' }),
  ];

  it('names products and collections by id, ignores rec events, collapses repeats', () => {
    expect(detailPath(events)).toEqual(['collection:c1', 'product:p1', 'product:p2', 'cart']);
  });

  it('records views, and carts after the view', () => {
    expect(itemFacts(events)).toEqual([
      { kind: 'collection', itemId: 'c1', handle: 'shoes', carted: true },
      { kind: 'product', itemId: 'p1', handle: 'red-shoe', carted: false },
      { kind: 'product', itemId: 'p2', handle: 'blue-shoe', carted: true },
    ]);
  });

  it('counts searches, zero results and product views after a search', () => {
    const s = searchFacts([
      ev(1, 'search_submitted', { step: 'search', query: ' Kayak ', results: 0 }),
      ev(2, 'search_submitted', { step: 'search', query: 'tent', results: 5 }),
      ev(3, 'product_viewed', { step: 'product', productId: 'p9' }),
      ev(4, 'search_submitted', { step: 'search', query: 'TENT', results: 3 }),
      ev(5, 'page_viewed', { step: 'home' }),
    ]);
    expect(s).toEqual([
      { query: 'kayak', searches: 1, zeroResults: 1, clicked: 0 },
      { query: 'tent', searches: 2, zeroResults: 0, clicked: 1 },
    ]);
  });
});

describe('buildRollup', () => {
  it('each path kind sums to the same sessions, purchases and revenue', () => {
    const a = journeyFacts({ ...base, purchased: true, orders: 1, revenue: 30, runs: [run('product', T), run('cart', T + 5), run('purchase', T + 9)] }, []);
    const b = journeyFacts({ ...base, device: 'desktop', runs: [run('home', T), run('product', T + 9)] }, []);
    const c = journeyFacts({ ...base, device: 'desktop', runs: [run('home', T), run('product', T + 20)] }, []);
    const r = buildRollup([a, b, c]);
    for (const kind of ['head', 'reached']) {
      const rows = r.paths.filter((p) => p.kind === kind);
      expect(rows.reduce((x, p) => x + p.sessions, 0)).toBe(3);
      expect(rows.reduce((x, p) => x + p.purchases, 0)).toBe(1);
      expect(rows.reduce((x, p) => x + p.revenue, 0)).toBe(30);
    }
    expect(r.paths.filter((p) => p.kind.startsWith('tail')).reduce((x, p) => x + p.sessions, 0)).toBe(3);
    const desktopHead = r.paths.find((p) => p.kind === 'head' && p.device === 'desktop')!;
    expect(desktopHead).toMatchObject({ key: 'home product', sessions: 2, purchases: 0 });
    const dwell = r.timings.filter((t) => t.metric === 'dwell' && t.segment === 'all' && t.key === 'home')[0];
    expect(dwell).toMatchObject({ count: 2, sumMs: 29_000 });
    expect(r.timings.some((t) => t.segment === 'device:desktop')).toBe(true);
  });
});
