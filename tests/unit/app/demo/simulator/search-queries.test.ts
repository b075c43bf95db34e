/**
 * The simulator's searches: plurals, typos and a second language (Spanish), so the demo's
 * search insights show clusters; clustered with the real analytics code, Spanish wordings
 * the store maps join their English cluster, and unmapped ones stay zero-result clusters
 * with the English query shoppers tried next as the synonym to map.
 */
import { describe, expect, it } from 'vitest';
import { catalogProductRows, simulate, simulatorCatalogs } from '../../../../../app/demo/simulator';
import { buildSearchClusters, type SearchJourney } from '../../../../../app/analytics/search-clusters';
import type { EventInput } from '../../../../../app/analytics/journey-facts';

describe('simulated search queries', () => {
  // Seed 8: a catalog whose backpacks are popular enough that Spanish shoppers' "mochila" searches
  // gather the co-occurrence evidence to join the English cluster (in catalogs where backpacks sell
  // little, "mochila" is searched a handful of times and rightly stays on its own).
  const events = [...simulate({ seed: 8, events: 30_000, days: 14, products: 120 })];
  const searches = events.filter((e) => e.event.name === 'search_submitted').map((e) => ({ q: e.event.query!, results: e.event.results ?? 0 }));

  it('include plurals, typos and Spanish, deterministically', () => {
    const qs = new Set(searches.map((s) => s.q));
    expect([...qs].some((q) => q.endsWith('s') && qs.has(q.slice(0, -1)))).toBe(true); // plural and singular
    expect(searches.some((s) => s.q === 'mochila' || s.q === 'mochilas')).toBe(true);
    expect(searches.filter((s) => s.q === 'mochila' || s.q === 'mochilas').every((s) => s.results > 0)).toBe(true); // mapped
    expect(searches.filter((s) => s.q === 'esterilla' || s.q === 'esterillas').every((s) => s.results === 0)).toBe(true); // not mapped
    const again = [...simulate({ seed: 8, events: 30_000, days: 14, products: 120 })].filter((e) => e.event.name === 'search_submitted').map((e) => e.event.query);
    expect(again).toEqual(searches.map((s) => s.q));
  });

  it('cluster into English + Spanish groups and zero-result Spanish groups with a synonym', () => {
    const bySession = new Map<string, EventInput[]>();
    for (const e of events) {
      if (e.shop !== 0) continue;
      const list = bySession.get(String(e.session)) ?? [];
      list.push({ ts: e.event.ts, name: e.event.name, step: e.event.name === 'search_submitted' ? 'search' : e.event.name === 'product_viewed' ? 'product' : null, productId: e.event.productId, query: e.event.query, results: e.event.results });
      bySession.set(String(e.session), list);
    }
    const journeys: SearchJourney[] = [...bySession.values()].map((ev) => ({ purchased: false, revenue: 0, events: ev }));
    const [catalog] = simulatorCatalogs({ seed: 8, products: 120 });
    const products = catalogProductRows(catalog).map((p) => ({ productId: p.productId, title: p.title, productType: p.productType, tags: p.tags.join(',') }));
    const r = buildSearchClusters(journeys, products, { limit: 100 });
    const clusterOf = (q: string) => r.top.find((c) => c.members.some((m) => m.query === q));
    const backpack = clusterOf('backpack') ?? clusterOf('backpacks');
    expect(backpack?.members.map((m) => m.query)).toEqual(expect.arrayContaining(['mochila']));
    const zeroSpanish = r.zeroResults.find((c) => c.members.some((m) => ['esterilla', 'esterillas', 'olla', 'ollas', 'camiseta térmica'].includes(m.query)));
    expect(zeroSpanish).toBeDefined();
    // A Spanish wording the store does not map, with the English query those shoppers then used first.
    const spanishLine = r.synonymsText.split('\n').find((line) => /, .*(cartucho|esterilla|olla|camiseta|forro|zapatilla|farol|filtro|bast)/.test(line));
    expect(spanishLine).toMatch(/^(fuel|sleeping pads?|cookwares?|base layers?|fleeces?|trail shoes?|lanterns?|water filters?|trekking poles|daypacks?), /);
  });
});
