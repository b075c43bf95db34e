/**
 * The simulated store's search: a token index over titles, types, vendors and tags, and the
 * queries shoppers type (product words, typos, zero-result searches, and Spanish wordings from
 * about one visitor in five, some of which the store maps to its English types).
 */
import type { Catalog, SimProduct } from './catalog';
import type { Rng } from './rng';
import type { Visitor } from './visitors';

/**
 * Spanish product-type words (singular, plural) for the visitors who search in Spanish
 * (about one in five, fixed per visitor). The simulated store has set up Spanish synonyms
 * for some types only (`mapped`): those searches find the English products; the others find
 * nothing, and some of those shoppers search again in English. So the demo's search
 * insights show Spanish wordings merged with English ones, and zero-result Spanish clusters
 * with the English query to map as a synonym.
 */
const SPANISH_TYPES: Record<string, { one: string; many: string; mapped: boolean }> = {
  Tent: { one: 'carpa', many: 'carpas', mapped: true },
  'Sleeping Bag': { one: 'saco de dormir', many: 'sacos de dormir', mapped: true },
  'Sleeping Pad': { one: 'esterilla', many: 'esterillas', mapped: false },
  Backpack: { one: 'mochila', many: 'mochilas', mapped: true },
  Daypack: { one: 'mochila de día', many: 'mochilas de día', mapped: false },
  Jacket: { one: 'chaqueta', many: 'chaquetas', mapped: true },
  Fleece: { one: 'forro polar', many: 'forros polares', mapped: false },
  'Base Layer': { one: 'camiseta térmica', many: 'camisetas térmicas', mapped: false },
  'Hiking Boot': { one: 'bota de montaña', many: 'botas de montaña', mapped: true },
  'Trail Shoe': { one: 'zapatilla de trail', many: 'zapatillas de trail', mapped: false },
  Socks: { one: 'calcetín', many: 'calcetines', mapped: true },
  Stove: { one: 'hornillo', many: 'hornillos', mapped: true },
  Cookware: { one: 'olla', many: 'ollas', mapped: false },
  Fuel: { one: 'cartucho de gas', many: 'cartuchos de gas', mapped: false },
  Headlamp: { one: 'linterna frontal', many: 'linternas frontales', mapped: true },
  Lantern: { one: 'farol', many: 'faroles', mapped: false },
  'Water Bottle': { one: 'botella', many: 'botellas', mapped: true },
  'Water Filter': { one: 'filtro de agua', many: 'filtros de agua', mapped: false },
  'Trekking Poles': { one: 'bastón de trekking', many: 'bastones de trekking', mapped: false },
};
const SPANISH_QUERY = new Map<string, { type: string; mapped: boolean }>(
  Object.entries(SPANISH_TYPES).flatMap(([type, w]) => [
    [w.one, { type, mapped: w.mapped }],
    [w.many, { type, mapped: w.mapped }],
  ]),
);

/** About one visitor in five searches in Spanish (from the client id: no random draw, so other streams are unchanged). */
function searchesInSpanish(v: Visitor): boolean {
  let h = 0;
  for (let i = 0; i < v.clientId.length; i++) h = (h * 31 + v.clientId.charCodeAt(i)) >>> 0;
  return h % 5 === 0;
}

const ZERO_RESULT_QUERIES = ['kayak', 'fishing rod', 'golf balls', 'snowboard', 'ski wax', 'hammok', 'bike helmet', 'yoga mat', 'solar panel', 'tennis'];

export class StoreSearch {
  private readonly tokenIndex = new Map<string, number[]>();
  private readonly searchCache = new Map<string, number[]>();
  /** Spanish searchers whose last search found nothing: their next search is in English. */
  private readonly refineInEnglish = new Set<string>();

  constructor(private readonly catalog: Catalog) {
    for (const p of catalog.products) {
      const words = `${p.title} ${p.productType} ${p.vendor} ${p.tags.join(' ')}`.toLowerCase().split(/[^a-z0-9]+/);
      for (const w of new Set(words.filter(Boolean).map(stem))) {
        const list = this.tokenIndex.get(w) ?? [];
        list.push(p.index);
        this.tokenIndex.set(w, list);
      }
    }
  }

  /** A shopper whose search found nothing searches again: after a Spanish query, in English. */
  searchingAgain(query: string, v: Visitor): void {
    if (SPANISH_QUERY.has(query)) this.refineInEnglish.add(v.clientId);
  }

  makeQuery(rng: Rng, v: Visitor, target?: number): { query: string; target?: number } {
    const cat = this.catalog;
    const refining = searchesInSpanish(v) && this.refineInEnglish.delete(v.clientId);
    const spanish = searchesInSpanish(v) && !refining;
    if (refining && target !== undefined) {
      // Found nothing in Spanish: the same thing in English.
      const type = cat.products[target].productType.toLowerCase();
      return { query: rng.chance(0.3) ? `${type}s` : type, target };
    }
    if (rng.chance(0.12)) {
      if (rng.chance(0.5)) return { query: rng.pick(ZERO_RESULT_QUERIES) };
      const type = cat.products[cat.popular.sample(rng)].productType;
      const noun = spanish && SPANISH_TYPES[type] ? SPANISH_TYPES[type].one : type.toLowerCase();
      const k = rng.int(0, Math.max(0, noun.length - 2));
      return { query: noun.slice(0, k) + noun.charAt(k + 1) + noun.charAt(k) + noun.slice(k + 2) };
    }
    const p: SimProduct = cat.products[target ?? (rng.chance(0.5) ? cat.collections[v.interest].products[0] ?? cat.popular.sample(rng) : cat.popular.sample(rng))];
    const model = p.title.split(' ')[0].toLowerCase();
    const typeWord = p.productType.toLowerCase();
    const tag = p.tags.find((x) => !x.includes('-') && x !== p.group);
    const choice = rng.weighted({ type: 0.4, model: 0.2, title: 0.15, vendor: 0.1, tagged: tag ? 0.15 : 0 });
    const es = spanish ? SPANISH_TYPES[p.productType] : undefined;
    const query =
      choice === 'type' ? (rng.chance(0.3) ? (es ? es.many : `${typeWord}s`) : (es ? es.one : typeWord)) : choice === 'model' ? model : choice === 'title' ? p.title.toLowerCase() : choice === 'vendor' ? p.vendor.toLowerCase() : `${tag} ${typeWord.split(' ').pop()}`;
    return { query, target: p.index };
  }

  /** Products matching every query word (title, type, vendor, tags), by popularity. */
  search(query: string): number[] {
    const cached = this.searchCache.get(query);
    if (cached) return cached;
    const es = SPANISH_QUERY.get(query);
    if (es) return es.mapped ? this.search(es.type.toLowerCase()) : [];
    const words = query.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).map(stem);
    let result: number[] = [];
    if (words.length) {
      let sets = words.map((w) => this.tokenIndex.get(w) ?? []);
      sets = sets.sort((a, b) => a.length - b.length);
      result = sets[0].filter((i) => sets.every((s) => s.includes(i)));
      result.sort((a, b) => this.catalog.products[b].popularity - this.catalog.products[a].popularity);
    }
    if (this.searchCache.size > 5000) this.searchCache.clear();
    this.searchCache.set(query, result);
    return result;
  }
}

function stem(w: string): string {
  return w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;
}
