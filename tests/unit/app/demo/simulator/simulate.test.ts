import { describe, expect, it } from 'vitest';
import { toJourneyEvent } from '../../../../../extensions/waymark-pixel/src/to-journey-event';
import { journeyEventSchema, STANDARD_EVENT_NAMES } from '../../../../../app/api-contract/ingest';
import { deviceClass } from '../../../../../app/journeys/device-class';
import { sessionizeAll } from '../../../../../app/journeys/sessionize';
import { catalogProductRows, generateCatalog, simulate, simulatorCatalogs, type SimulatedEvent } from '../../../../../app/demo/simulator';

function take(n: number, opts: Parameters<typeof simulate>[0]): SimulatedEvent[] {
  const out: SimulatedEvent[] = [];
  for (const e of simulate(opts)) {
    out.push(e);
    if (out.length >= n) break;
  }
  return out;
}

describe('catalog', () => {
  it('is deterministic, Shopify-like and loadable as Product rows', () => {
    const a = generateCatalog({ seed: 7, products: 120 });
    const b = generateCatalog({ seed: 7, products: 120 });
    expect(catalogProductRows(a)).toEqual(catalogProductRows(b));
    expect(catalogProductRows(generateCatalog({ seed: 8, products: 120 }))).not.toEqual(catalogProductRows(a));
    const rows = catalogProductRows(a);
    expect(rows).toHaveLength(120);
    expect(new Set(rows.map((r) => r.handle)).size).toBe(120);
    expect(new Set(rows.map((r) => r.productId)).size).toBe(120);
    for (const r of rows) {
      expect(r.productId).toMatch(/^\d{13}$/);
      expect(r.handle).toMatch(/^[a-z0-9-]+$/);
      expect(r.price).toBeGreaterThan(0);
      expect(r.status).toBe('ACTIVE');
      expect(r.imageUrl).toMatch(/^https:\/\//);
    }
    expect(rows.filter((r) => r.isGiftCard)).toHaveLength(1);
    // Zipf-like skew: the top 10% of products hold a large share of popularity.
    const pops = a.products.map((p) => p.popularity).sort((x, y) => y - x);
    const total = pops.reduce((s, x) => s + x, 0);
    expect(pops.slice(0, 12).reduce((s, x) => s + x, 0) / total).toBeGreaterThan(0.4);
    // Complements exist (co-purchase structure).
    expect(a.complements.filter((c) => c.length > 0).length).toBeGreaterThan(100);
  });
});

describe('simulate', () => {
  it('same seed → identical output; different seed → different output', () => {
    const opts = { seed: 123, events: 2000, days: 3 };
    const a = take(2000, opts).map((e) => e.event);
    const b = take(2000, opts).map((e) => e.event);
    expect(a).toEqual(b);
    const c = take(2000, { ...opts, seed: 124 }).map((e) => e.event);
    expect(c).not.toEqual(a);
  });

  it('stops at exactly the event target, or after the session target', () => {
    expect([...simulate({ seed: 1, events: 1234, days: 2 })]).toHaveLength(1234);
    const bySessions = [...simulate({ seed: 1, sessions: 50, days: 1 })];
    expect(new Set(bySessions.map((e) => e.session)).size).toBe(50);
  });

  it('emits real Shopify event shapes that the pixel mapper turns into valid compact events', () => {
    const events = take(8_000, { seed: 5, events: 8_000, days: 7, startDate: '2026-03-01T00:00:00Z' });
    const names = new Set<string>();
    for (const e of events) {
      expect(e.pixel.id).toMatch(/^sh-[0-9A-F-]{36}$/);
      expect(e.pixel.type).toBe('standard');
      expect(typeof e.pixel.timestamp).toBe('string');
      expect(e.pixel.context.navigator.userAgent).toBe(e.userAgent);
      expect(toJourneyEvent(e.pixel)).toEqual(e.event);
      expect(journeyEventSchema.safeParse(e.event).success).toBe(true);
      expect(deviceClass(e.userAgent)).toBe(e.device);
      names.add(e.event.name);
    }
    for (const n of STANDARD_EVENT_NAMES) expect(names).toContain(n);
    // Time range.
    const ts = events.map((e) => e.event.ts);
    expect(Math.min(...ts)).toBeGreaterThanOrEqual(Date.UTC(2026, 2, 1));
    expect(new Set(events.map((e) => e.event.id)).size).toBe(events.length);
    // Zero-result searches, utm campaigns, several devices.
    expect(events.some((e) => e.event.name === 'search_submitted' && e.event.results === 0)).toBe(true);
    expect(events.some((e) => e.event.name === 'search_submitted' && (e.event.results ?? 0) > 0)).toBe(true);
    expect(events.some((e) => e.event.utm?.campaign)).toBe(true);
    expect(new Set(events.map((e) => e.device))).toEqual(new Set(['mobile', 'desktop', 'tablet', 'bot']));
  });

  it('produces journeys with returning visitors, checkout abandonment and purchases with totals', () => {
    const events = take(15_000, { seed: 9, events: 15_000, days: 10 });
    const res = sessionizeAll(events.map((e) => e.event));
    const journeys = res.created;
    const byClient = new Map<string, number>();
    for (const j of journeys) byClient.set(j.clientId, (byClient.get(j.clientId) ?? 0) + 1);
    const returning = [...byClient.values()].filter((n) => n > 1).length;
    expect(returning / byClient.size).toBeGreaterThan(0.05);
    // The simulator's sessions are the journeys the sessionizer finds (gap > 30 min between visits).
    expect(Math.abs(journeys.length - new Set(events.map((e) => e.session)).size)).toBeLessThanOrEqual(2);
    const started = journeys.filter((j) => j.steps.includes('checkout')).length;
    const purchased = journeys.filter((j) => j.purchased);
    expect(purchased.length).toBeGreaterThan(0);
    expect(purchased.length).toBeLessThan(started);
    for (const j of purchased) expect(j.revenue).toBeGreaterThan(0);
    const conv = purchased.length / journeys.length;
    expect(conv).toBeGreaterThan(0.01);
    expect(conv).toBeLessThan(0.15);
    const sources = new Set(journeys.map((j) => j.trafficSource));
    for (const s of ['direct', 'search', 'social', 'email', 'paid', 'referral']) expect(sources).toContain(s);
    const landings = new Set(journeys.map((j) => j.landingStep));
    for (const s of ['home', 'collection', 'product']) expect(landings).toContain(s);
  });

  it('has sequential item-to-item signal (next product is predictable from the current one)', () => {
    const events = take(20_000, { seed: 3, events: 20_000, days: 10 });
    // Count product→product transitions within a session, then see how often the
    // most frequent successor of an item is the actual next item (held-out half).
    const pairs: Array<[string, string]> = [];
    let last: { session: number; product: string } | undefined;
    for (const e of events) {
      if (e.event.name !== 'product_viewed' || !e.event.productId) continue;
      if (last && last.session === e.session && last.product !== e.event.productId) pairs.push([last.product, e.event.productId]);
      last = { session: e.session, product: e.event.productId };
    }
    const half = Math.floor(pairs.length / 2);
    const counts = new Map<string, Map<string, number>>();
    for (const [a, b] of pairs.slice(0, half)) {
      const m = counts.get(a) ?? new Map<string, number>();
      m.set(b, (m.get(b) ?? 0) + 1);
      counts.set(a, m);
    }
    let hits = 0;
    let tested = 0;
    for (const [a, b] of pairs.slice(half)) {
      const m = counts.get(a);
      if (!m) continue;
      const top5 = [...m.entries()].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([k]) => k);
      tested++;
      if (top5.includes(b)) hits++;
    }
    const catalogSize = simulatorCatalogs({ seed: 3 })[0].products.length;
    // Random guessing would give 5 / catalogSize ≈ 2%.
    expect(hits / tested).toBeGreaterThan(Math.max(0.25, (10 * 5) / catalogSize));
  });

  it('streams in bounded memory and reports its speed', () => {
    const n = 15_000;
    const t0 = performance.now();
    let count = 0;
    for (const _ of simulate({ seed: 11, events: n, days: 30 })) count++;
    const sec = (performance.now() - t0) / 1000;
    expect(count).toBe(n);
    console.log(`simulator: ${n} events in ${sec.toFixed(2)} s = ${Math.round(n / sec)} events/s`);
  });
});
