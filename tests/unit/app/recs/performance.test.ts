import { describe, expect, it } from 'vitest';
import { computePerformance, pageKey, pageTypeOf, relativeLift, type RecEvent } from '../../../../app/recs/performance';

const H = 3_600_000;
const imp = (j: string, c: string, ts: number, strategy = 'model', placement = 'also_like'): RecEvent => ({
  name: 'waymark:rec_impression', clientHash: c, journeyId: j, ts, placement, strategy,
});
const click = (j: string, c: string, ts: number, productId: string, placement = 'also_like'): RecEvent => ({
  name: 'waymark:rec_click', clientHash: c, journeyId: j, ts, placement, productId, strategy: 'model',
});

describe('computePerformance', () => {
  it('counts impressions, clicks and CTR per placement', () => {
    const p = computePerformance(
      [imp('j1', 'a', 0), imp('j2', 'b', 0), imp('j3', 'c', 0, 'model', 'recommended'), click('j1', 'a', 1, '10')],
      [],
    );
    const also = p.placements.find((x) => x.placement === 'also_like')!;
    expect(also).toMatchObject({ impressions: 2, clicks: 1, ctr: 0.5 });
    expect(p.total).toMatchObject({ impressions: 3, clicks: 1 });
    expect(p.total.ctr).toBeCloseTo(1 / 3);
  });

  it('attributes only clicked products bought by the same browser within 7 days', () => {
    const events: RecEvent[] = [
      imp('j1', 'a', 0),
      click('j1', 'a', 1, '10'),
      { name: 'product_added_to_cart', clientHash: 'a', journeyId: 'j1', ts: 2, productId: '10' },
      // bought the clicked product (2 × 15) and another one (not attributed)
      { name: 'checkout_completed', clientHash: 'a', journeyId: 'j1', ts: 3 * H, lines: [{ productId: '10', qty: 2, price: 15 }, { productId: '11', qty: 1, price: 99 }] },
      // another browser buying the same product: not attributed
      { name: 'checkout_completed', clientHash: 'b', journeyId: 'j9', ts: 3 * H, lines: [{ productId: '10', qty: 1, price: 15 }] },
      // the same browser, 8 days later: outside the window
      { name: 'checkout_completed', clientHash: 'a', journeyId: 'j5', ts: 8 * 24 * H, lines: [{ productId: '10', qty: 1, price: 15 }] },
    ];
    const p = computePerformance(events, []);
    expect(p.total).toMatchObject({ addToCarts: 1, attributedOrders: 1, attributedRevenue: 30 });
    expect(p.windowDays).toBe(7);
  });

  it('splits exposed visitors into treatment and holdout for lift', () => {
    const events: RecEvent[] = [];
    const outcomes = [];
    for (let i = 0; i < 1000; i++) {
      const holdout = i % 10 === 0;
      events.push(imp(`j${i}`, `c${i}`, i, holdout ? 'holdout' : 'model'));
      // treatment converts 6%, holdout 4%
      const purchased = holdout ? i % 250 === 0 : i % 50 < 3;
      outcomes.push({ journeyId: `j${i}`, purchased, revenue: purchased ? 50 : 0 });
    }
    const p = computePerformance(events, outcomes);
    expect(p.lift.treatment.visitors).toBe(900);
    expect(p.lift.holdout.visitors).toBe(100);
    expect(p.lift.holdout.purchases).toBe(4); // i = 0, 250, 500, 750
    expect(p.lift.treatment.purchases).toBe(40); // i % 50 in {1, 2}: i % 50 = 0 is in the holdout
    expect(p.lift.relative).toBeCloseTo(40 / 900 / (4 / 100) - 1, 10);
    expect(p.lift.enoughData).toBe(false); // 4 holdout purchases: too few to claim anything
    expect(p.lift.warning).toMatch(/at least 100 holdout visitors and 5 converting visitors.*now 100 holdout visitors, 4 and 40/);
    expect(p.lift.window).toMatch(/session in which the visitor saw/);
  });

  it('counts visitors, not sessions: a repeat visitor is one unit, converting once in any exposed session', () => {
    const events: RecEvent[] = [];
    const outcomes = [];
    // 20 treatment visitors with 10 sessions each, one of them buying in one session;
    // 20 holdout visitors with one session each, one buying.
    for (let v = 0; v < 20; v++) {
      for (let k = 0; k < 10; k++) {
        events.push(imp(`t${v}-${k}`, `tv${v}`, v * 100 + k));
        outcomes.push({ journeyId: `t${v}-${k}`, purchased: v === 0 && k === 3, revenue: v === 0 && k === 3 ? 80 : 0 });
      }
      events.push({ ...imp(`h${v}`, `hv${v}`, 5000 + v, 'holdout'), journeyId: `h${v}` });
      outcomes.push({ journeyId: `h${v}`, purchased: v === 0, revenue: v === 0 ? 40 : 0 });
    }
    const p = computePerformance(events, outcomes);
    expect(p.lift.treatment).toMatchObject({ visitors: 20, purchases: 1, conversion: 0.05, revenuePerVisitor: 4 });
    expect(p.lift.holdout).toMatchObject({ visitors: 20, purchases: 1, conversion: 0.05 });
    expect(p.lift.relative).toBeCloseTo(0, 10); // per session it would have looked like 0.005 vs 0.05
  });

  it('keeps holdout impressions and clicks (the theme\'s recommendations) out of the blocks\' figures', () => {
    const p = computePerformance(
      [imp('j1', 'c1', 1), imp('j2', 'c2', 2, 'holdout'), { ...click('j2', 'c2', 3, '9'), strategy: 'holdout' }],
      [],
    );
    expect(p.total.impressions).toBe(1);
    expect(p.total.clicks).toBe(0);
    expect(p.lift.holdout.visitors).toBe(1);
  });
});

describe('where blocks are seen', () => {
  const at = (placement: string, path: string | null, ts: number): RecEvent => ({ ...imp(`j${ts}`, `c${ts}`, ts, 'model', placement), path });

  it('classifies storefront paths into page types', () => {
    expect(pageTypeOf('/products/red-shirt')).toBe('product');
    expect(pageTypeOf('/collections/summer/products/red-shirt')).toBe('product');
    expect(pageTypeOf('/fr/products/red-shirt')).toBe('product');
    expect(pageTypeOf('/collections/summer')).toBe('collection');
    expect(pageTypeOf('/cart')).toBe('cart');
    expect(pageTypeOf('/')).toBe('home');
    expect(pageTypeOf('/search?q=shirt')).toBe('search');
    expect(pageTypeOf('/pages/about')).toBe('other');
    expect(pageTypeOf('/checkouts/abc')).toBe('other');
    expect(pageTypeOf(null)).toBe('other');
    expect(pageTypeOf(undefined)).toBe('other');
  });

  it('counts a page once whatever its query, case, trailing slash or collection', () => {
    expect(pageKey('/products/Red-Shirt/?variant=1#top')).toBe('/products/red-shirt');
    expect(pageKey('/collections/summer/products/red-shirt')).toBe('/products/red-shirt');
    expect(pageKey('/')).toBe('/');
    expect(pageKey('/collections/summer/')).toBe('/collections/summer');
  });

  it('gives each placement its page types, distinct pages and last impression', () => {
    const p = computePerformance(
      [
        at('also_like', '/products/a', 1_000),
        at('also_like', '/products/a?variant=2', 5_000),
        at('also_like', '/collections/x/products/b', 3_000),
        at('also_like', '/cart', 2_000),
        at('recommended', '/', 10_000),
        at('recommended', '/search?q=hat', 4_000),
        at('recommended', '/collections/hats', 7_000),
        at('recommended', null, 8_000),
        // a click is not an impression: it does not move "last seen"
        { ...click('j1', 'c1', 60_000, '10'), path: '/pages/about' },
      ],
      [],
    );
    const also = p.placements.find((x) => x.placement === 'also_like')!;
    expect(also.pageTypes).toEqual([
      { type: 'product', impressions: 3 },
      { type: 'cart', impressions: 1 },
    ]);
    expect(also.pages).toBe(3); // /products/a, /products/b, /cart
    expect(also.lastSeen).toBe(new Date(5_000).toISOString());

    const rec = p.placements.find((x) => x.placement === 'recommended')!;
    expect(rec.pageTypes.map((t) => t.type).sort()).toEqual(['collection', 'home', 'other', 'search']);
    expect(rec.pageTypes.reduce((a, t) => a + t.impressions, 0)).toBe(rec.impressions);
    expect(rec.pages).toBe(3); // the impression without a path has a type (other) but no page
    expect(rec.lastSeen).toBe(new Date(10_000).toISOString());

    // the total is over all placements
    expect(p.total.pages).toBe(6);
    expect(p.total.lastSeen).toBe(new Date(10_000).toISOString());
    expect(p.total.pageTypes[0]).toEqual({ type: 'product', impressions: 3 });
  });

  it('has no page types or last impression for a placement that was only clicked', () => {
    const p = computePerformance([click('j1', 'a', 1, '10', 'bought_together')], []);
    expect(p.placements[0]).toMatchObject({ placement: 'bought_together', impressions: 0, pageTypes: [], pages: 0, lastSeen: null });
    expect(p.total).toMatchObject({ pageTypes: [], pages: 0, lastSeen: null });
  });
});

describe('relativeLift', () => {
  it('gives the ratio minus one and a Katz interval around it', () => {
    const t = { visitors: 10_000, purchases: 600, conversion: 0.06, revenuePerVisitor: 0 };
    const h = { visitors: 10_000, purchases: 500, conversion: 0.05, revenuePerVisitor: 0 };
    const r = relativeLift(t, h);
    expect(r.relative).toBeCloseTo(0.2, 10);
    const [lo, hi] = r.ci95!;
    expect(lo).toBeLessThan(0.2);
    expect(hi).toBeGreaterThan(0.2);
    // se = sqrt(1/600 - 1/10000 + 1/500 - 1/10000) ≈ 0.0594 -> [exp(ln1.2 - 0.1164) - 1, ...]
    expect(lo).toBeCloseTo(Math.exp(Math.log(1.2) - 1.96 * Math.sqrt(1 / 600 - 1 / 10000 + 1 / 500 - 1 / 10000)) - 1, 6);
    expect(r.enoughData).toBe(true);
  });

  it('refuses to estimate without purchases in both groups', () => {
    expect(relativeLift({ visitors: 10, purchases: 1, conversion: 0.1, revenuePerVisitor: 0 }, { visitors: 10, purchases: 0, conversion: 0, revenuePerVisitor: 0 })).toMatchObject({
      relative: null,
      ci95: null,
      enoughData: false,
      warning: expect.stringMatching(/^Too few visitors/),
    });
  });
});
