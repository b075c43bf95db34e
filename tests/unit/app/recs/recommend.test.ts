import { describe, expect, it } from 'vitest';
import { recommend } from '../../../../app/recs/recommend';
import { assignGroup } from '../../../../app/recs/holdout';
import type { ShopState } from '../../../../app/recs/shop-state';
import type { CatalogProduct } from '../../../../app/recs/eligibility';
import { ServingBundle } from '../../../../ml/serve';
import { BoughtTogether } from '../../../../ml/models/bought-together';

function product(id: string, over: Partial<CatalogProduct> = {}): CatalogProduct {
  return { id, handle: `p-${id}`, title: `Product ${id}`, vendor: 'V', price: 10, available: true, status: 'ACTIVE', isGiftCard: false, imageUrl: null, ...over };
}

function state(over: Partial<ShopState> = {}): ShopState {
  const catalog = new Map(
    [
      product('1'),
      product('2'),
      product('3', { available: false }),
      product('4', { status: 'DRAFT' }),
      product('5', { isGiftCard: true }),
      product('6', { price: 0 }),
      product('7'),
      product('8'),
    ].map((p) => [p.id, p]),
  );
  const fbt = new BoughtTogether({ minSupport: 1 }).fit([
    ['1', '2'], ['1', '2'], ['1', '3'], ['1', '3'], ['1', '4'], ['1', '7'], ['1', '8'], ['1', '8'],
    // baskets without product 1, so that pairs with it have a lift above 1
    ['5', '6'], ['5', '6'], ['5', '6'], ['5', '6'],
  ]);
  const bundle = new ServingBundle(['1', '2', '3', '4', '5', '6', '7', '8'], null, fbt, null, ['8', '7', '6', '5', '4', '3', '2', '1']);
  return { shopId: 1, currency: 'EUR', holdoutPercent: 0, merch: { exclusions: [], pins: [] }, catalog, bundle, modelVersion: 3, popular: [], stamp: 'x', ...over };
}

describe('recommend', () => {
  it('applies eligibility: in stock, active, priced, not a gift card, not the current product or the cart', () => {
    const r = recommend(state(), { placement: 'bought_together', productId: '1', cart: ['7'], recent: [], limit: 10, visitor: 'v' });
    const ids = r.products.map((p) => p.id);
    expect(ids).not.toContain('1'); // current product
    expect(ids).not.toContain('7'); // in the cart
    expect(ids).not.toContain('3'); // out of stock
    expect(ids).not.toContain('4'); // draft
    expect(r.strategy).toBe('model');
    expect(ids.slice(0, 2).sort()).toEqual(['2', '8']);
    expect(r.products[0]).toMatchObject({ currency: 'EUR', url: expect.stringMatching(/^\/products\/p-/) });
  });

  it('puts pins first and drops exclusions', () => {
    const r = recommend(state({ merch: { exclusions: ['2'], pins: ['7'] } }), { placement: 'bought_together', productId: '1', cart: [], recent: [], limit: 3 });
    expect(r.products.map((p) => p.id)).toEqual(['7', '8']);
  });

  it('answers none when the model has nothing, unless the block asks for best sellers', () => {
    for (const fallback of [undefined, 'shopify', 'hide'] as const) {
      const r = recommend(state(), { placement: 'bought_together', productId: '6', cart: [], recent: [], limit: 2, fallback });
      expect(r).toMatchObject({ strategy: 'none', products: [] });
    }
  });

  it('falls back to popular products when the model has nothing and the block asks, and says so', () => {
    const r = recommend(state(), { placement: 'bought_together', productId: '2', cart: [], recent: [], limit: 2 });
    // '2' has partners in FBT ('1'); use a product with none:
    const cold = recommend(state(), { placement: 'bought_together', productId: '6', cart: [], recent: [], limit: 2, fallback: 'popular' });
    expect(cold.strategy).toBe('popular');
    expect(cold.products.map((p) => p.id)).toEqual(['8', '7']);
    expect(r.products.length).toBeGreaterThan(0);
  });

  it('answers none when nothing is eligible', () => {
    const s = state({ bundle: null, popular: [] });
    const r = recommend(s, { placement: 'recommended', cart: [], recent: [], limit: 4 });
    expect(r).toMatchObject({ strategy: 'none', products: [] });
  });

  it('gives every holdout visitor no Waymark answer at all, not even best sellers', () => {
    const s = state({ holdoutPercent: 30 });
    let holdout = 0;
    for (let i = 0; i < 1_000; i++) {
      const placement = (['recommended', 'also_like', 'bought_together'] as const)[i % 3];
      const r = recommend(s, { placement, productId: '1', cart: [], recent: ['2'], limit: 4, visitor: `v${i}`, fallback: 'popular' });
      if (assignGroup(1, `v${i}`, 30) === 'holdout') {
        holdout++;
        expect(r).toMatchObject({ group: 'holdout', strategy: 'holdout', products: [] });
      } else {
        expect(r.group).toBe('treatment');
        expect(r.products.length).toBeGreaterThan(0);
      }
    }
    expect(holdout).toBeGreaterThan(200);
  });
});

describe('assignGroup', () => {
  it('is deterministic per visitor and close to the configured share', () => {
    expect(assignGroup(1, 'abc', 10)).toBe(assignGroup(1, 'abc', 10));
    let holdout = 0;
    for (let i = 0; i < 20_000; i++) if (assignGroup(1, `v${i}`, 10) === 'holdout') holdout++;
    expect(holdout / 20_000).toBeGreaterThan(0.09);
    expect(holdout / 20_000).toBeLessThan(0.11);
    expect(assignGroup(1, undefined, 10)).toBe('treatment');
    expect(assignGroup(1, 'x', 0)).toBe('treatment');
  });
});
