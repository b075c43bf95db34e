import { describe, expect, it } from 'vitest';
import { buildFeatureMatrix, sessionFeatures, type FeatureEvent, type SessionRecord } from '../../../../ml/propensity/features';
import { FEATURE_NAMES, FEATURES, featureBehavior, featureIndex, featureLabel } from '../../../../ml/propensity/feature-specs';
import { firstSteps } from '../../../../ml/propensity/first-steps';
import { simulatedSessions } from '../../../helpers/simulated-sessions';
import { withStep } from '../../../../app/journeys/event-step';

const T0 = Date.UTC(2026, 0, 3, 20, 0, 0); // a Saturday, 20h UTC
const s = (sec: number) => T0 + sec * 1000;

/** home → collection → product (2 products) → cart (add + view) → checkout → purchase */
function buyer(): SessionRecord {
  const events: FeatureEvent[] = [
    { name: 'page_viewed', ts: s(0), path: '/' },
    { name: 'page_viewed', ts: s(10), path: '/collections/tents' },
    { name: 'collection_viewed', ts: s(10.2) },
    { name: 'page_viewed', ts: s(20), path: '/products/tent-a' },
    { name: 'product_viewed', ts: s(20.3), productId: 'p1', price: 200 },
    { name: 'page_viewed', ts: s(40), path: '/products/tent-b' },
    { name: 'product_viewed', ts: s(40.5), productId: 'p2', price: 100 },
    { name: 'product_added_to_cart', ts: s(60), productId: 'p2', price: 100, qty: 2 },
    { name: 'page_viewed', ts: s(70), path: '/cart' },
    { name: 'cart_viewed', ts: s(70.1) },
    { name: 'page_viewed', ts: s(80), path: '/checkouts/cn/abc' },
    { name: 'checkout_started', ts: s(80.5) },
    { name: 'checkout_completed', ts: s(200) },
  ].map(withStep);
  return { id: 'j1', startedAt: T0, device: 'mobile', source: 'email', isReturning: true, events, purchased: true };
}

const val = (x: Float64Array, name: string) => x[featureIndex(name)];

describe('early-step features', () => {
  it('names every column once, with merchant labels', () => {
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_NAMES.length);
    expect(sessionFeatures(buyer()).x).toHaveLength(FEATURE_NAMES.length);
    for (const f of FEATURES) expect(featureLabel(f.name, 3)).not.toMatch(/\{K\}|\{X\}/);
    expect(featureLabel('searches', 3)).toBe('search in their first 3 steps');
    expect(featureLabel('product_views', 2, 4)).toBe('view more than 4 products in their first 2 steps');
  });

  it('gives every column a short behavior headline for the admin list', () => {
    for (const f of FEATURES) {
      const any = featureBehavior(f.name, 3);
      expect(any).not.toMatch(/\{K\}|\{X\}|\{N\}/);
      expect(any).toMatch(/^[A-Z]/);
      expect(any).not.toMatch(/^Visitors who|their first/);
      expect(featureBehavior(f.name, 3, 2)).not.toMatch(/\{K\}|\{X\}|\{N\}/);
    }
    expect(featureBehavior('searches', 3)).toBe('Searched in the first 3 steps');
    // counts: "more than 2" is "3+"; the threshold comes back from log1p as 2.0000000000000004 or 1.9999999999999996
    expect(featureBehavior('product_views', 3, Math.expm1(Math.log1p(2)))).toBe('Viewed 3+ products in the first 3 steps');
    expect(featureBehavior('product_views', 3, 1.9999999999999996)).toBe('Viewed 3+ products in the first 3 steps');
    expect(featureBehavior('seconds_elapsed', 4, 150)).toBe('Spent over 3 min on the first 4 steps');
    expect(featureBehavior('landing_product', 3)).toBe('Landed on a product page');
    expect(featureBehavior('source_social', 3)).toBe('Came from social media');
    expect(featureBehavior('device_mobile', 3)).toBe('Browsed on a phone');
    expect(featureBehavior('returning', 3)).toBe('Returning visitor');
    // flags and one-hots ignore a threshold
    expect(featureBehavior('checkout_started', 2, 1)).toBe('Started checkout within the first 2 steps');
  });

  it('reads exactly the first K steps of a hand-built visit', () => {
    const f3 = sessionFeatures(buyer(), { k: 3 });
    expect(f3.eligibility).toBe('eligible');
    expect(f3.steps).toEqual(['home', 'collection', 'product']);
    const x = f3.x;
    expect(val(x, 'device_mobile')).toBe(1);
    expect(val(x, 'device_desktop')).toBe(0);
    expect(val(x, 'source_email')).toBe(1);
    expect(val(x, 'landing_home')).toBe(1);
    expect(val(x, 'returning')).toBe(1);
    expect(val(x, 'product_views')).toBeCloseTo(Math.log1p(2), 12);
    expect(val(x, 'distinct_products')).toBeCloseTo(Math.log1p(2), 12);
    expect(val(x, 'collection_views')).toBeCloseTo(Math.log1p(1), 12);
    expect(val(x, 'home_views')).toBeCloseTo(Math.log1p(1), 12);
    expect(val(x, 'page_views')).toBeCloseTo(Math.log1p(4), 12);
    expect(val(x, 'add_to_carts')).toBe(0); // the add-to-cart is step 4
    expect(val(x, 'cart_views')).toBe(0);
    expect(val(x, 'checkout_started')).toBe(0);
    expect(val(x, 'max_price_viewed')).toBeCloseTo(Math.log1p(200), 12);
    expect(val(x, 'mean_price_viewed')).toBeCloseTo(Math.log1p(150), 12);
    expect(val(x, 'seconds_elapsed')).toBeCloseTo(Math.log1p(40.5), 12);
    // steps 1 and 2 complete: (20 s - 0 s) / 2
    expect(val(x, 'mean_step_seconds')).toBeCloseTo(Math.log1p(10), 12);
    expect(val(x, 'hour_evening')).toBe(1);
    expect(val(x, 'weekend')).toBe(1);

    const x4 = sessionFeatures(buyer(), { k: 4 }).x;
    expect(val(x4, 'add_to_carts')).toBeCloseTo(Math.log1p(1), 12);
    expect(val(x4, 'cart_value_added')).toBeCloseTo(Math.log1p(200), 12);
    expect(val(x4, 'cart_views')).toBeCloseTo(Math.log1p(1), 12);
    expect(val(x4, 'checkout_started')).toBe(0);
    expect(val(sessionFeatures(buyer(), { k: 5 }).x, 'checkout_started')).toBe(1);
    // hour buckets follow the shop's offset: 20h UTC is 15h at UTC-5
    expect(val(sessionFeatures(buyer(), { k: 3, utcOffsetHours: -5 }).x, 'hour_afternoon')).toBe(1);
  });

  it('says who is scored: ended early, bought early, bots', () => {
    expect(sessionFeatures(buyer(), { k: 5 }).eligibility).toBe('eligible'); // K steps, then the purchase
    expect(sessionFeatures(buyer(), { k: 6 }).eligibility).toBe('purchased_before_k');
    const bounce = { ...buyer(), events: buyer().events.slice(0, 1), purchased: false };
    expect(sessionFeatures(bounce, { k: 1 }).eligibility).toBe('eligible');
    expect(sessionFeatures(bounce, { k: 2 }).eligibility).toBe('ended_before_k');
    expect(sessionFeatures({ ...buyer(), device: 'bot' }, { k: 1 }).eligibility).toBe('bot');
    const m = buildFeatureMatrix([buyer(), bounce, { ...buyer(), id: 'b', device: 'bot' }], { k: 3 });
    expect(m.ids).toEqual(['j1']);
    expect(m.labels).toEqual([1]);
    expect(m.excluded).toEqual({ bot: 1, ended_before_k: 1, purchased_before_k: 0 });
    expect(() => firstSteps([], 0)).toThrow();
  });

  it('never reads the purchase: a thank-you page or checkout_completed ends the visit for features', () => {
    const v = buyer();
    const cut = firstSteps(v.events, 10);
    expect(cut.purchasedBeforeK).toBe(true);
    expect(cut.events.some((e) => e.name === 'checkout_completed')).toBe(false);
    const thankYou = [...v.events.slice(0, -1), withStep({ name: 'page_viewed', ts: s(199), path: '/checkouts/cn/abc/thank-you' })];
    expect(firstSteps(thankYou, 10).steps).not.toContain('purchase');
  });
});

describe('no leakage (simulated store)', () => {
  const { sessions } = simulatedSessions({ seed: 'leak', sessions: 1200, days: 5 });

  it('features of the first K steps do not depend on the rest of the visit or on the label', () => {
    let eligible = 0;
    let buyers = 0;
    for (const k of [1, 2, 3, 5]) {
      for (const v of sessions) {
        const f = sessionFeatures(v, { k });
        if (f.eligibility !== 'eligible') continue;
        eligible++;
        if (v.purchased) buyers++;
        const prefix = firstSteps(v.events, k).events;
        // 1. only the first K steps, no label
        const truncated = sessionFeatures({ ...v, events: prefix, purchased: undefined }, { k });
        expect(truncated.eligibility).toBe('eligible');
        expect(Array.from(truncated.x)).toEqual(Array.from(f.x));
        // 2. the first K steps followed by a different future that ends in a purchase
        // (the rest of a visit starts with a step other than step K, else it would be step K)
        const last = prefix[prefix.length - 1].ts;
        const lastStep = f.steps[f.steps.length - 1];
        const future: FeatureEvent[] = [
          lastStep === 'search' ? { name: 'page_viewed', ts: last + 5_000, path: '/collections/all' } : { name: 'page_viewed', ts: last + 5_000, path: '/search' },
          { name: 'search_submitted', ts: last + 5_100, results: 0 },
          { name: 'product_added_to_cart', ts: last + 9_000, productId: 'zz', price: 999, qty: 3 },
          { name: 'checkout_started', ts: last + 20_000 },
          { name: 'checkout_completed', ts: last + 90_000 },
        ].map(withStep);
        const other = sessionFeatures({ ...v, events: [...prefix, ...future], purchased: !v.purchased }, { k });
        expect(Array.from(other.x)).toEqual(Array.from(f.x));
        // 3. event order as delivered does not matter
        const shuffled = sessionFeatures({ ...v, events: [...v.events].reverse() }, { k });
        expect(Array.from(shuffled.x)).toEqual(Array.from(f.x));
      }
    }
    expect(eligible).toBeGreaterThan(1000);
    expect(buyers).toBeGreaterThan(20);
  });
});
