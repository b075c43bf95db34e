import { describe, expect, it } from 'vitest';
import { journeyEventSchema, type JourneyEvent } from '../../../../app/api-contract/ingest';
import { affectedRange, insertStep, sessionize, sessionizeAll, toState, type JourneyState, type SteppedEvent, type StepRun } from '../../../../app/journeys/sessionize';
import { withStep } from '../../../../app/journeys/event-step';
import { Rng } from '../../../../app/demo/simulator/rng';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 12);
let n = 0;
function e(min: number, name: JourneyEvent['name'], extra: Partial<JourneyEvent> = {}): SteppedEvent {
  return withStep(journeyEventSchema.parse({ id: `e${++n}`, name, ts: T0 + min * MIN, clientId: 'c1', ...extra }));
}

/**
 * Applies `batches` incrementally, persisting state like the caller would (only
 * the journeys within affectedRange are passed in), and returns the final store.
 */
function runIncremental(batches: SteppedEvent[][], gapMs?: number) {
  const store = new Map<string, JourneyState>();
  const eventJourney = new Map<string, string>();
  for (const batch of batches) {
    const ranges = affectedRange(batch, gapMs);
    const journeys = [...store.values()].filter((j) => {
      const r = ranges.get(j.clientId);
      return r && j.endTs >= r.minEnd && j.startTs <= r.maxStart;
    });
    const res = sessionize({ events: batch, journeys, gapMs });
    for (const m of res.merged) {
      store.delete(m.from);
      for (const [id, j] of eventJourney) if (j === m.from) eventJourney.set(id, m.into);
    }
    for (const j of [...res.created, ...res.updated]) store.set(j.journeyId, toState(j));
    batch.forEach((ev, i) => eventJourney.set(ev.id, res.assignments[i]));
  }
  return { store, eventJourney };
}

/** Partition of event ids, independent of journey ids. */
function partition(eventJourney: Map<string, string>): string[] {
  const groups = new Map<string, string[]>();
  for (const [ev, j] of eventJourney) groups.set(j, [...(groups.get(j) ?? []), ev]);
  return [...groups.values()].map((g) => g.sort().join(',')).sort();
}

describe('sessionize', () => {
  it('splits by the 30-minute inactivity gap and summarizes journeys', () => {
    const events = [
      e(0, 'page_viewed', { path: '/products/tent', refHost: 'www.google.com' }),
      e(0.1, 'product_viewed', { path: '/products/tent', productId: '1', price: 100 }),
      e(2, 'product_added_to_cart', { productId: '1', qty: 1, price: 100 }),
      e(3, 'checkout_started', { total: 107 }),
      e(5, 'checkout_completed', { total: 107, orderId: 'o1' }),
      // 45 min later: new visit from email
      e(50, 'page_viewed', { path: '/', utm: { source: 'klaviyo', medium: 'email' } }),
      e(51, 'collection_viewed', { path: '/collections/tents', collectionId: '9' }),
      e(51.5, 'waymark:rec_impression', { items: ['1', '2'] }),
    ];
    const res = sessionizeAll(events);
    expect(res.created).toHaveLength(2);
    const [a, b] = res.created.sort((x, y) => x.startTs - y.startTs);
    expect(a.steps).toEqual(['product', 'cart', 'checkout', 'purchase']);
    expect(a.landingStep).toBe('product');
    expect(a.landingPath).toBe('/products/tent');
    expect(a.trafficSource).toBe('search');
    expect(a.purchased).toBe(true);
    expect(a.revenue).toBe(107);
    expect(a.eventCount).toBe(5);
    expect(a.endTs - a.startTs).toBe(5 * MIN);
    expect(b.steps).toEqual(['home', 'collection']);
    expect(b.trafficSource).toBe('email');
    expect(b.eventCount).toBe(3);
    expect(b.purchased).toBe(false);
    expect(res.assignments.slice(0, 5).every((j) => j === a.journeyId)).toBe(true);
    expect(res.assignments.slice(5).every((j) => j === b.journeyId)).toBe(true);
  });

  it('respects a custom gap and keeps clients apart', () => {
    const x = [e(0, 'page_viewed', { path: '/' }), e(10, 'page_viewed', { path: '/cart' }), e(0, 'page_viewed', { path: '/', clientId: 'c2' })];
    expect(sessionizeAll(x).created).toHaveLength(2);
    expect(sessionizeAll(x, { gapMs: 5 * MIN }).created).toHaveLength(3);
  });

  it('a late event inside a journey joins it and is placed in the path by time', () => {
    const first = [e(0, 'page_viewed', { path: '/' }), e(1, 'collection_viewed'), e(3, 'product_viewed'), e(4, 'product_viewed'), e(6, 'cart_viewed')];
    const r1 = sessionizeAll(first);
    const j = toState(r1.created[0]);
    expect(r1.created[0].steps).toEqual(['home', 'collection', 'product', 'cart']);
    // Late: a search between the two product views, and an earlier landing from google.
    const late = [e(3.5, 'search_submitted', { query: 'tent', results: 3 }), e(-1, 'page_viewed', { path: '/products/x', refHost: 'www.google.com' })];
    const r2 = sessionize({ events: late, journeys: [j] });
    expect(r2.created).toHaveLength(0);
    expect(r2.updated).toHaveLength(1);
    const u = r2.updated[0];
    expect(u.journeyId).toBe(j.journeyId);
    expect(u.steps).toEqual(['product', 'home', 'collection', 'product', 'search', 'product', 'cart']);
    expect(u.landingStep).toBe('product');
    expect(u.landingPath).toBe('/products/x');
    expect(u.trafficSource).toBe('search');
    expect(u.startTs).toBe(T0 - MIN);
    expect(u.eventCount).toBe(7);
    expect(r2.assignments).toEqual([j.journeyId, j.journeyId]);
  });

  it('a late event bridging two journeys merges them into the earlier one', () => {
    const a = [e(0, 'page_viewed', { path: '/' }), e(10, 'product_viewed')];
    const b = [e(60, 'cart_viewed'), e(62, 'checkout_completed', { total: 50 })];
    const r1 = sessionizeAll([...a, ...b]);
    expect(r1.created).toHaveLength(2);
    const states = r1.created.map(toState).sort((x, y) => x.startTs - y.startTs);
    const bridge = e(35, 'product_viewed');
    const r2 = sessionize({ events: [bridge], journeys: states });
    expect(r2.merged).toEqual([{ from: states[1].journeyId, into: states[0].journeyId }]);
    expect(r2.updated).toHaveLength(1);
    const m = r2.updated[0];
    expect(m.journeyId).toBe(states[0].journeyId);
    expect(m.eventCount).toBe(5);
    expect(m.steps).toEqual(['home', 'product', 'cart', 'purchase']);
    expect(m.revenue).toBe(50);
    expect(m.purchased).toBe(true);
    expect(r2.assignments).toEqual([states[0].journeyId]);
  });

  it('counts a repeated event id once', () => {
    const x = e(0, 'checkout_completed', { total: 10 });
    const r = sessionizeAll([x, { ...x }]);
    expect(r.created[0].eventCount).toBe(1);
    expect(r.created[0].revenue).toBe(10);
    expect(r.assignments[1]).toBe(r.assignments[0]);
  });

  it('affectedRange gives the per-client window of journeys to load', () => {
    const r = affectedRange([e(0, 'page_viewed'), e(10, 'page_viewed'), e(5, 'page_viewed', { clientId: 'c9' })]);
    expect(r.get('c1')).toEqual({ minEnd: T0 - 30 * MIN, maxStart: T0 + 40 * MIN });
    expect(r.get('c9')).toEqual({ minEnd: T0 - 25 * MIN, maxStart: T0 + 35 * MIN });
  });

  it('insertStep keeps runs ordered and collapsed', () => {
    const runs: StepRun[] = [];
    insertStep(runs, 10, 'product');
    insertStep(runs, 20, 'product');
    insertStep(runs, 15, 'cart');
    insertStep(runs, 5, 'home');
    insertStep(runs, 30, 'product');
    expect(runs.map((r) => r.step)).toEqual(['home', 'product', 'cart', 'product']);
    expect(runs[3]).toEqual({ step: 'product', from: 15, to: 30 });
  });

  it('property: incremental sessionization in any arrival order equals batch sessionization', () => {
    const rng = new Rng(42);
    const names: JourneyEvent['name'][] = ['page_viewed', 'product_viewed', 'collection_viewed', 'cart_viewed', 'checkout_started', 'checkout_completed', 'search_submitted'];
    for (let trial = 0; trial < 60; trial++) {
      const events: SteppedEvent[] = [];
      const usedTs = new Set<number>();
      for (let client = 0; client < 3; client++) {
        let t = T0;
        const count = rng.int(5, 40);
        for (let k = 0; k < count; k++) {
          t += rng.chance(0.15) ? rng.int(31, 200) * MIN : rng.int(1, 25) * MIN + rng.int(0, 59_000);
          while (usedTs.has(t)) t++;
          usedTs.add(t);
          const name = rng.pick(names);
          events.push(e(0, name, { ts: t, clientId: `c${client}`, total: name === 'checkout_completed' ? rng.int(1, 300) : undefined, path: '/' }));
        }
      }
      const batch = sessionizeAll(events);
      const batchPartition = partition(new Map(events.map((ev, i) => [ev.id, batch.assignments[i]])));
      // Random arrival: shuffle, split into random batches.
      const shuffled = rng.shuffle([...events]);
      const batches: SteppedEvent[][] = [];
      for (let i = 0; i < shuffled.length; ) {
        const size = rng.int(1, 8);
        batches.push(shuffled.slice(i, i + size));
        i += size;
      }
      const inc = runIncremental(batches);
      expect(partition(inc.eventJourney)).toEqual(batchPartition);
      const key = (j: JourneyState) => `${j.clientId}|${j.startTs}|${j.endTs}|${j.eventCount}|${j.revenue}|${j.purchased}|${j.orders}|${j.landingStep}`;
      expect([...inc.store.values()].map(key).sort()).toEqual(batch.created.map(key).sort());
      // Paths are exact when late data arrives as whole ranges (here: reversed chunks of time order).
      const sorted = [...events].sort((x, y) => x.ts - y.ts);
      const chunks: SteppedEvent[][] = [];
      for (let i = 0; i < sorted.length; i += 7) chunks.push(sorted.slice(i, i + 7));
      const rev = runIncremental(chunks.reverse());
      const pathKey = (j: { clientId: string; startTs: number; runs: { step: string }[] }) => `${j.clientId}|${j.startTs}|${j.runs.map((r) => r.step).join('>')}`;
      expect([...rev.store.values()].map(pathKey).sort()).toEqual(batch.created.map(pathKey).sort());
    }
  });
});
