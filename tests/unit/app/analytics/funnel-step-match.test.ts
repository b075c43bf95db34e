import { describe, expect, it } from 'vitest';
import { sessionProgress } from '../../../../app/analytics/funnel-builder';
import { sessionTouchpoints, stepMatcher, touchMatches, windowMs } from '../../../../app/analytics/funnel-step-match';

const at = (key: string) => ({ ts: 0, key });

describe('stepMatcher', () => {
  it('page:checkout matches every checkout page type, page:cart only the cart', () => {
    const checkout = stepMatcher({ kind: 'page', value: 'checkout' });
    expect(['checkout', 'checkout_contact', 'checkout_payment'].every((p) => touchMatches(checkout, at(`page:${p}`)))).toBe(true);
    expect(touchMatches(checkout, at('page:cart'))).toBe(false);
    expect(touchMatches(stepMatcher({ kind: 'page', value: 'cart' }), at('page:checkout'))).toBe(false);
  });
  it('page:purchase is the order, not the thank-you page', () => {
    const purchase = stepMatcher({ kind: 'page', value: 'purchase' });
    expect(touchMatches(purchase, at('event:purchase'))).toBe(true);
    expect(touchMatches(purchase, at('page:purchase'))).toBe(false);
  });
  it('a product or collection step matches its id and the aliases given (its handle)', () => {
    const sale = stepMatcher({ kind: 'collection', value: '77' }, ['summer-sale']);
    expect(touchMatches(sale, at('collection:77'))).toBe(true);
    expect(touchMatches(sale, at('collection:summer-sale'))).toBe(true);
    expect(touchMatches(sale, at('collection:78'))).toBe(false);
    expect(touchMatches(sale, at('product:77'))).toBe(false);
  });
});

describe('sessionTouchpoints', () => {
  it('orders the session start, page runs, item views and events, and names each by kind', () => {
    const t = sessionTouchpoints(
      1000,
      [
        { step: 'collection', from: 1000 },
        { step: 'product', from: 5000 },
      ],
      [
        { ts: 6000, name: 'product_added_to_cart', productId: '9' },
        { ts: 5000, name: 'product_viewed', productId: '9' },
        { ts: 1000, name: 'collection_viewed', path: '/collections/summer-sale' },
        { ts: 7000, name: 'search_submitted' },
        { ts: 8000, name: 'checkout_started' },
        { ts: 9000, name: 'checkout_completed' },
        { ts: 9500, name: 'page_viewed' },
      ],
    );
    expect(t.map((x) => x.key)).toEqual([
      'page:session',
      'page:collection',
      'collection:summer-sale',
      'page:product',
      'product:9',
      'event:add_to_cart',
      'event:search',
      'event:checkout_started',
      'event:purchase',
    ]);
  });
});

describe('each step kind in a funnel', () => {
  it('a collection, a product, a search and a checkout count in order', () => {
    const touches = sessionTouchpoints(0, [{ step: 'collection', from: 0 }], [
      { ts: 0, name: 'collection_viewed', collectionId: '77' },
      { ts: 10, name: 'search_submitted' },
      { ts: 20, name: 'product_viewed', productId: '9' },
      { ts: 30, name: 'checkout_started' },
    ]);
    const steps = [
      stepMatcher({ kind: 'collection', value: '77' }),
      stepMatcher({ kind: 'event', value: 'search' }),
      stepMatcher({ kind: 'product', value: '9' }),
      stepMatcher({ kind: 'event', value: 'checkout_started' }),
    ];
    expect(sessionProgress(touches, steps, 'closed', Infinity).counted).toEqual([true, true, true, true]);
    // The product before the search: a closed funnel stops at the search.
    const swapped = [steps[0], steps[2], steps[1], steps[3]];
    expect(sessionProgress(touches, swapped, 'closed', Infinity).counted).toEqual([true, true, false, false]);
  });
});

describe('windowMs', () => {
  it('reads minutes, hours and days; the session has no limit', () => {
    expect(windowMs('30m')).toBe(1_800_000);
    expect(windowMs('1h')).toBe(3_600_000);
    expect(windowMs('1d')).toBe(86_400_000);
    expect(windowMs('session')).toBe(Infinity);
  });
});
