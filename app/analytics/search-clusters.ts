/**
 * Search insights by intent cluster. Pure: the caller (service.ts getSearchClusters) reads
 * the filtered window's searching journeys, their events and the catalog.
 *
 * Per search (a search_submitted event), what the shopper did before the next search:
 * - opened: viewed a product (also counts as a click-through when the search had results),
 * - refined: searched again without opening a product (the next query is remembered),
 * - left: the session ended without another page,
 * - browsed: went elsewhere (home, collection, cart, ...).
 * Add-to-cart: a product added after the search and before the next one. Sessions,
 * purchases and revenue are per session: a session that searched a cluster and bought
 * counts once for that cluster, with the whole session's revenue (a session searching two
 * clusters counts for both; revenue is influenced, not attributed).
 */
import { DEFAULT_QUERY_PARAMS, type QueryParams } from '../../ml/text/params';
import { analyzeQuery } from '../../ml/text/analyze-query';
import { buildVocabulary, type VocabularyText } from '../../ml/text/vocabulary';
import { clusterQueries } from '../../ml/text/query-clusters';
import type { EventInput } from './journey-facts';
import type { ClusterStats, NextAction, SearchClusters, ZeroResultCluster } from '../api-contract/search-clusters';
import { normalizeQuery } from './journey-facts';

export interface SearchJourney {
  purchased: boolean;
  revenue: number;
  /** The journey's events in time order. */
  events: readonly EventInput[];
}

export interface CatalogProduct {
  productId: string;
  title: string;
  productType: string;
  tags: string;
}

interface SearchEvent {
  query: string;
  zero: boolean;
  next: NextAction;
  /** Products opened / added to cart before the next search. */
  opened: string[];
  added: string[];
  refinedTo: string | null;
}

/** The searches of one journey, with what followed each. */
export function searchEvents(events: readonly EventInput[]): SearchEvent[] {
  const out: SearchEvent[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.name !== 'search_submitted' || !e.query) continue;
    const query = normalizeQuery(e.query);
    if (!query) continue;
    const s: SearchEvent = { query, zero: e.results === 0, next: 'left', opened: [], added: [], refinedTo: null };
    let decided = false;
    for (let j = i + 1; j < events.length; j++) {
      const f = events[j];
      if (f.name.startsWith('waymark:')) continue;
      if (f.name === 'search_submitted') {
        if (!decided) {
          s.next = 'refined';
          s.refinedTo = f.query ? normalizeQuery(f.query) || null : null;
          decided = true;
        }
        break;
      }
      if (f.name === 'product_viewed' && f.productId) {
        if (!s.opened.includes(f.productId)) s.opened.push(f.productId);
        if (!decided) s.next = 'opened';
        decided = true;
      } else if (f.name === 'product_added_to_cart' && f.productId) {
        if (!s.added.includes(f.productId)) s.added.push(f.productId);
      } else if (!decided && f.step && f.step !== 'search' && f.step !== 'landing') {
        s.next = f.step === 'product' ? 'opened' : 'browsed';
        decided = true;
      }
    }
    out.push(s);
  }
  return out;
}

export interface SearchClustersOptions {
  limit: number;
  params?: QueryParams;
  /** Minimum sessions for a cluster to be listed as converting (default 3). */
  minConvertingSessions?: number;
  /** A query tried next becomes a synonym suggestion after this many searches (default 2). */
  minRefinements?: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

type JourneySearches = { j: SearchJourney; searches: SearchEvent[] };
type QueryCounts = Map<string, { searches: number; products: Map<string, number> }>;

/** A cluster's stats while counting, with what ZeroResultCluster needs. */
interface ClusterAcc extends ClusterStats {
  refined: Map<string, number>;
  /** Member queries that found nothing, with how often. */
  zeroQueries: Map<string, number>;
}

const byId = (a: ClusterStats, b: ClusterStats) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const strip = ({ refined: _r, zeroQueries: _z, ...rest }: ClusterAcc): ClusterStats => rest;

export function buildSearchClusters(journeys: readonly SearchJourney[], catalog: readonly CatalogProduct[], opts: SearchClustersOptions): SearchClusters {
  const params = opts.params ?? { ...DEFAULT_QUERY_PARAMS };
  const perJourney = journeys.map((j) => ({ j, searches: searchEvents(j.events) }));
  const queries = countQueries(perJourney);
  const vocab = buildVocabulary(vocabularyTexts(catalog, queries), params);
  const clusters = clusterQueries(
    [...queries].map(([query, q]) => ({ query, searches: q.searches, products: q.products })),
    vocab,
    params,
  );
  const acc = new Map(clusters.map((c) => [c.id, emptyAcc(c)]));
  const totals = accumulate(perJourney, acc, clusters);
  const all = [...acc.values()].filter((a) => a.searches > 0);
  for (const a of all) {
    a.clickRate = a.withResults ? round2(a.clicked / a.withResults) : null;
    a.conversionRate = a.sessions ? round2(a.purchases / a.sessions) : 0;
  }
  const top = [...all].sort((a, b) => b.searches - a.searches || byId(a, b)).slice(0, opts.limit).map(strip);
  const minConv = opts.minConvertingSessions ?? 3;
  const converting = all
    .filter((a) => a.purchases > 0 && a.sessions >= minConv)
    .sort((a, b) => b.purchases - a.purchases || b.conversionRate - a.conversionRate || byId(a, b))
    .slice(0, opts.limit)
    .map(strip);
  const zero = zeroResultClusters(all, perJourney, catalog, vocab, params, opts);
  const synonymsText = zero
    .filter((z) => z.synonyms.length > 1)
    .map((z) => z.synonyms.join(', '))
    .join('\n');
  return {
    totals: { ...totals, clusters: all.length, queries: queries.size },
    top,
    zeroResults: zero,
    converting,
    synonymsText,
  };
}

/** Per query: searches and the products they led to (for co-occurrence). */
function countQueries(perJourney: readonly JourneySearches[]): QueryCounts {
  const queries: QueryCounts = new Map();
  for (const { searches } of perJourney) {
    for (const s of searches) {
      let q = queries.get(s.query);
      if (!q) queries.set(s.query, (q = { searches: 0, products: new Map() }));
      q.searches++;
      for (const p of new Set([...s.opened, ...s.added])) q.products.set(p, (q.products.get(p) ?? 0) + 1);
    }
  }
  return queries;
}

/** The texts the vocabulary learns from: catalog titles, types and tags, and the queries weighted by searches. */
function vocabularyTexts(catalog: readonly CatalogProduct[], queries: QueryCounts): VocabularyText[] {
  const texts: VocabularyText[] = [];
  for (const p of catalog) {
    texts.push({ text: p.title, kind: 'catalog' });
    if (p.productType) texts.push({ text: p.productType, kind: 'catalog' });
    for (const t of p.tags.split(',')) if (t.trim()) texts.push({ text: t, kind: 'catalog' });
  }
  for (const [query, q] of queries) texts.push({ text: query, kind: 'query', weight: q.searches });
  return texts;
}

function emptyAcc(c: ReturnType<typeof clusterQueries>[number]): ClusterAcc {
  return {
    id: c.id,
    label: c.label,
    language: c.language,
    members: c.members.map((m) => ({ query: m.query, searches: m.searches })),
    searches: 0,
    zeroResults: 0,
    withResults: 0,
    clicked: 0,
    clickRate: null,
    addedToCart: 0,
    sessions: 0,
    purchases: 0,
    conversionRate: 0,
    revenue: 0,
    next: { opened: 0, refined: 0, left: 0, browsed: 0 },
    refined: new Map(),
    zeroQueries: new Map(),
  };
}

/** Counts every search into its cluster, and each searching session once per cluster it searched. */
function accumulate(perJourney: readonly JourneySearches[], acc: Map<string, ClusterAcc>, clusters: ReturnType<typeof clusterQueries>): { searches: number; sessions: number } {
  const clusterOf = new Map<string, string>();
  for (const c of clusters) for (const m of c.members) clusterOf.set(m.query, c.id);
  let totalSearches = 0;
  let sessions = 0;
  for (const { j, searches } of perJourney) {
    if (!searches.length) continue;
    sessions++;
    const seen = new Set<string>();
    for (const s of searches) {
      totalSearches++;
      const a = acc.get(clusterOf.get(s.query)!)!;
      a.searches++;
      if (s.zero) {
        a.zeroResults++;
        a.zeroQueries.set(s.query, (a.zeroQueries.get(s.query) ?? 0) + 1);
      } else {
        a.withResults++;
        if (s.opened.length) a.clicked++;
      }
      if (s.added.length) a.addedToCart++;
      a.next[s.next]++;
      if (s.refinedTo && clusterOf.get(s.refinedTo) !== a.id) a.refined.set(s.refinedTo, (a.refined.get(s.refinedTo) ?? 0) + 1);
      seen.add(a.id);
    }
    for (const id of seen) {
      const a = acc.get(id)!;
      a.sessions++;
      if (j.purchased) {
        a.purchases++;
        a.revenue = round2(a.revenue + j.revenue);
      }
    }
  }
  return { searches: totalSearches, sessions };
}

/** Clusters with searches that found nothing, most such searches first, with suggested products, refinements and synonyms. */
function zeroResultClusters(
  all: readonly ClusterAcc[],
  perJourney: readonly JourneySearches[],
  catalog: readonly CatalogProduct[],
  vocab: ReturnType<typeof buildVocabulary>,
  params: QueryParams,
  opts: SearchClustersOptions,
): ZeroResultCluster[] {
  // Queries that found something at least once (for synonym targets).
  const withResults = new Set<string>();
  for (const { searches } of perJourney) for (const s of searches) if (!s.zero) withResults.add(s.query);
  const minRefinements = opts.minRefinements ?? 2;
  // Product suggestions: catalog products sharing the cluster's stems.
  const productStems = catalog.map((p) => ({
    p,
    stems: new Set(analyzeQuery(`${p.title} ${p.productType} ${p.tags.replace(/,/g, ' ')}`, vocab, params).stems),
  }));
  return all
    .filter((a) => a.zeroResults > 0)
    .sort((a, b) => b.zeroResults - a.zeroResults || byId(a, b))
    .slice(0, opts.limit)
    .map((a): ZeroResultCluster => {
      const stems = new Set(a.members.flatMap((m) => analyzeQuery(m.query, vocab, params).stems));
      const suggestedProducts = productStems
        .map(({ p, stems: ps }) => ({ p, score: [...stems].filter((s) => ps.has(s)).length }))
        .filter((x) => x.score > 0)
        .sort((x, y) => y.score - x.score || (x.p.title < y.p.title ? -1 : 1))
        .slice(0, 3)
        .map(({ p }) => ({ productId: p.productId, title: p.title }));
      const refinedTo = [...a.refined]
        .filter(([q, n]) => withResults.has(q) && n >= minRefinements)
        .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
        .slice(0, 3)
        .map(([query, searches]) => ({ query, searches }));
      return { ...strip(a), suggestedProducts, refinedTo, synonyms: synonymsFor(a, refinedTo) };
    });
}

/** The wording that worked, then the wordings that found nothing (most frequent first); only when a refinement worked. */
function synonymsFor(a: ClusterAcc, refinedTo: ReadonlyArray<{ query: string }>): string[] {
  const terms: string[] = [];
  const add = (t: string) => {
    const clean = t.replace(/[,\n\r]+/g, ' ').trim();
    if (clean && !terms.includes(clean)) terms.push(clean);
  };
  if (refinedTo[0]) add(refinedTo[0].query);
  for (const [q] of [...a.zeroQueries].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))) add(q);
  return refinedTo.length && terms.length > 1 ? terms.slice(0, 10) : [];
}
