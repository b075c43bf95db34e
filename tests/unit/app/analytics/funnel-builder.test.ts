import { describe, expect, it } from 'vitest';
import { buildFunnel, exactStats, sessionProgress } from '../../../../app/analytics/funnel-builder';
import { sessionTouchpoints, stepMatcher, windowMs, type TouchEvent } from '../../../../app/analytics/funnel-step-match';
import type { FunnelStepDef } from '../../../../app/api-contract/funnel';

const MIN = 60_000;
const steps: FunnelStepDef[] = [
  { kind: 'page', value: 'home' },
  { kind: 'product', value: 'p1' },
  { kind: 'event', value: 'add_to_cart' },
  { kind: 'event', value: 'purchase' },
];
const matchers = steps.map((s) => stepMatcher(s));
const info = steps.map((s) => ({ key: `${s.kind}:${s.value}`, kind: s.kind, value: s.value, label: s.value }));

type Visit = ['home' | 'product' | 'cart', number] | ['view', string, number] | ['event', string, number];
/** A session starting at 0: page runs and events at minutes. */
function session(...visits: Visit[]) {
  const runs: Array<{ step: string; from: number }> = [];
  const events: TouchEvent[] = [];
  for (const v of visits) {
    if (v[0] === 'view') events.push({ ts: v[2] * MIN, name: 'product_viewed', productId: v[1] });
    else if (v[0] === 'event') events.push({ ts: v[2] * MIN, name: v[1] });
    else runs.push({ step: v[0], from: v[1] * MIN });
  }
  return sessionTouchpoints(0, runs, events);
}

// Walks all four steps: 1 min to the product, 1 min to the cart, 8 min to the order.
const s1 = session(['home', 0], ['product', 1], ['view', 'p1', 1], ['event', 'product_added_to_cart', 2], ['event', 'checkout_completed', 10]);
// Lands on the product, adds it to the cart, then goes home: out of order for a closed funnel.
const s2 = session(['product', 0], ['view', 'p1', 0], ['event', 'product_added_to_cart', 0.5], ['home', 2]);
// Home, the product 10 min later, the cart 40 min after home (30 min after the product).
const s3 = session(['home', 0], ['view', 'p1', 10], ['event', 'product_added_to_cart', 40]);
// Home twice; the product 5 min after the second home visit (2 h after the first).
const s4 = session(['home', 0], ['home', 120], ['view', 'p1', 125]);

describe('sessionProgress, closed funnel', () => {
  it('counts a session that does every step in order at every step, with the gaps between them', () => {
    expect(sessionProgress(s1, matchers, 'closed', Infinity)).toEqual({
      counted: [true, true, true, true],
      continued: [false, true, true, true],
      gapMs: [null, 1 * MIN, 1 * MIN, 8 * MIN],
    });
  });
  it('counts steps done before step 1 nowhere', () => {
    expect(sessionProgress(s2, matchers, 'closed', Infinity).counted).toEqual([true, false, false, false]);
  });
  it('drops a step that comes after the window, measured from step 1', () => {
    expect(sessionProgress(s3, matchers, 'closed', windowMs('30m')).counted).toEqual([true, true, false, false]);
    expect(sessionProgress(s3, matchers, 'closed', windowMs('1h')).counted).toEqual([true, true, true, false]);
    expect(sessionProgress(s3, matchers, 'closed', windowMs('session')).counted).toEqual([true, true, true, false]);
  });
  it('starts the window at whichever step-1 visit goes furthest', () => {
    const p = sessionProgress(s4, matchers, 'closed', windowMs('30m'));
    expect(p.counted).toEqual([true, true, false, false]);
    expect(p.gapMs[1]).toBe(5 * MIN);
  });
  it('counts nothing for a session that never does step 1', () => {
    const p = sessionProgress(session(['view', 'p1', 0], ['event', 'product_added_to_cart', 1]), matchers, 'closed', Infinity);
    expect(p.counted).toEqual([false, false, false, false]);
  });
});

describe('sessionProgress, open funnel', () => {
  it('counts a session from the step where it entered, and marks which steps it came to from the one before', () => {
    expect(sessionProgress(s2, matchers, 'open', Infinity)).toEqual({
      counted: [true, true, true, false],
      continued: [false, false, true, false],
      gapMs: [null, null, 0.5 * MIN, null],
    });
  });
  it('measures the window from where the chain starts, so a later entry can still continue', () => {
    // From home the cart is 40 min away (too late for 30 min); from the product it is 30 min.
    const p = sessionProgress(s3, matchers, 'open', windowMs('30m'));
    expect(p.counted).toEqual([true, true, true, false]);
    expect(p.continued).toEqual([false, true, true, false]);
    expect(p.gapMs).toEqual([null, 10 * MIN, 30 * MIN, null]);
    expect(sessionProgress(s3, matchers, 'open', windowMs('5m')).continued).toEqual([false, false, false, false]);
  });
  it('counts at least every step a closed funnel counts', () => {
    for (const s of [s1, s2, s3, s4]) {
      for (const w of ['5m', '30m', 'session']) {
        const closed = sessionProgress(s, matchers, 'closed', windowMs(w));
        const open = sessionProgress(s, matchers, 'open', windowMs(w));
        closed.counted.forEach((c, i) => c && expect(open.counted[i]).toBe(true));
      }
    }
  });
});

describe('buildFunnel', () => {
  it('sums sessions, continuations, drop-off and times (closed: s1..s4, session window)', () => {
    const f = buildFunnel([s1, s2, s3, s4].map((s) => sessionProgress(s, matchers, 'closed', Infinity)), info);
    // home: all 4; product after home: s1, s3, s4; cart after that: s1, s3; order: s1
    expect(f.steps.map((s) => s.sessions)).toEqual([4, 3, 2, 1]);
    expect(f.steps.map((s) => s.entered)).toEqual([4, 0, 0, 0]);
    expect(f.steps.map((s) => s.dropOff)).toEqual([0, 1, 1, 1]);
    expect(f.steps[1].conversionFromPrevious).toBe(3 / 4);
    expect(f.steps[2].conversionFromPrevious).toBe(2 / 3);
    expect(f.steps[3].conversionFromStart).toBe(1 / 4);
    expect(f.overallConversion).toBe(1 / 4);
    // product gaps: s1 1 min, s3 10 min; s4's two home visits both reach the product, the earliest chain counts: 125 min
    expect(f.steps[1].timeFromPrevious).toEqual(exactStats([1 * MIN, 10 * MIN, 125 * MIN]));
    expect(f.steps[0].timeFromPrevious).toBeNull();
  });
  it('open: entered + continued = sessions, and conversion from previous uses the continued ones', () => {
    const f = buildFunnel([s1, s2, s3, s4].map((s) => sessionProgress(s, matchers, 'open', Infinity)), info);
    expect(f.steps.map((s) => s.sessions)).toEqual([4, 4, 3, 1]);
    expect(f.steps.map((s) => s.continued)).toEqual([0, 3, 3, 1]);
    expect(f.steps.map((s) => s.entered)).toEqual([4, 1, 0, 0]);
    expect(f.steps[1].conversionFromPrevious).toBe(3 / 4);
    expect(f.steps[2].conversionFromPrevious).toBe(3 / 4);
    expect(f.steps[2].dropOff).toBe(1);
  });
  it('answers zeros, not NaN, with no sessions', () => {
    const f = buildFunnel([], info);
    expect(f.overallConversion).toBe(0);
    expect(f.steps.every((s) => s.sessions === 0 && Number.isFinite(s.conversionFromPrevious))).toBe(true);
  });
});

describe('exactStats', () => {
  it('takes the middle value (the mean of the two middle ones for an even count)', () => {
    expect(exactStats([3, 1, 2])).toEqual({ count: 3, meanMs: 2, medianMs: 2 });
    expect(exactStats([4, 1, 2, 10])).toEqual({ count: 4, meanMs: 4, medianMs: 3 });
  });
});
