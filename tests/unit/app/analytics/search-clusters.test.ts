import { describe, expect, it } from 'vitest';
import { buildSearchClusters, searchEvents } from '../../../../app/analytics/search-clusters';
import type { EventInput } from '../../../../app/analytics/journey-facts';

let t = 0;
const ev = (name: string, extra: Partial<EventInput> = {}): EventInput => ({ ts: (t += 1000), name, step: null, ...extra });
const search = (query: string, results = 5) => ev('search_submitted', { step: 'search', query, results });
const product = (productId: string) => ev('product_viewed', { step: 'product', productId });

describe('searchEvents', () => {
  it('records what followed each search', () => {
    const s = searchEvents([
      search('tent'),
      ev('page_viewed', { step: 'product' }),
      product('1'),
      ev('product_added_to_cart', { step: 'cart', productId: '1' }),
      search('kayak', 0),
      search('canoe'),
      ev('page_viewed', { step: 'collection' }),
      search('zelt'),
      ev('waymark:rec_impression', { step: null }),
    ]);
    expect(s.map((x) => [x.query, x.next])).toEqual([
      ['tent', 'opened'],
      ['kayak', 'refined'],
      ['canoe', 'browsed'],
      ['zelt', 'left'],
    ]);
    expect(s[0]).toMatchObject({ opened: ['1'], added: ['1'], zero: false });
    expect(s[1]).toMatchObject({ zero: true, refinedTo: 'canoe' });
  });
});

describe('buildSearchClusters with bad input', () => {
  it('never throws on empty, emoji-only, right-to-left, mixed-script or very long queries', () => {
    const queries = ['', '   ', '😀😀', 'حقيبة ظهر', 'rucksack рюкзак 背包', 'x'.repeat(5_000), 'a'.repeat(300) + ' b', '\u202Eabc'];
    const journeys = queries.map((q) => ({ purchased: false, revenue: 0, events: [search(q, 0)] }));
    const r = buildSearchClusters(journeys, [{ productId: '1', title: 'حقيبة ظهر للمشي', productType: '', tags: '' }], { limit: 50 });
    expect(r.totals.searches).toBe(6); // blank queries are not searches
    const arabic = r.zeroResults.find((c) => c.label === 'حقيبة ظهر')!;
    expect(arabic.suggestedProducts.map((p) => p.productId)).toEqual(['1']);
    for (const c of r.top) expect(c.label.length).toBeLessThanOrEqual(100);
  });
});
