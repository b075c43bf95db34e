/**
 * Similar products, for cold start and as the filler after the session model: text
 * similarity (TF-IDF over title, product type, vendor and tags, any script; ./content-vectors.ts)
 * blended with co-view similarity from the store's own sessions (./coview.ts):
 *   score(i, j) = alpha * behavior(i, j) + (1 - alpha) * text(i, j).
 * behavior(i, j) is the co-view similarity when i was viewed in sessions; for a product no
 * session viewed (new, or never opened) it is borrowed from its text neighbors: the average of
 * their co-view rows weighted by their text similarity to i. So a viewed product's neighbors
 * follow what shoppers compare, and a cold product inherits them from the products it reads
 * like. alpha = 0 is text only. The default is measured: see `npm run bench -- --only cold-start`
 * (docs/BENCHMARKS.md).
 *
 * Products a training never saw can be added later against the live catalog (`extend`),
 * with the fitted term statistics and co-view rows, and enter existing products' lists when
 * they score high enough. Pure; no I/O.
 */
import { coviewNeighbors, type NeighborLists } from './coview';
import { productTerms, termStats, tfidf, TextIndex, type ContentProduct, type FieldWeights, type SparseVector, type TermStats } from './content-vectors';

export { tokenize, type ContentProduct } from './content-vectors';

export interface ContentSimilarityParams {
  /** neighbors kept per product */
  k?: number;
  /** tokens in more than this share of products carry no signal and are dropped */
  maxDocFreq?: number;
  weights?: Partial<FieldWeights>;
  /** weight of co-view behavior against text (0 = text only) */
  alpha?: number;
  /** text neighbors whose co-view rows a product without sessions borrows */
  spread?: number;
}

interface ResolvedParams {
  k: number;
  maxDocFreq: number;
  weights: FieldWeights;
  alpha: number;
  spread: number;
}

export interface ContentArtifactV1 {
  kind: 'content-similarity';
  version: 1;
  neighbours: Record<string, Array<[string, number]>>;
}

export interface ContentArtifactV2 {
  kind: 'content-similarity';
  version: 2;
  params: ResolvedParams;
  neighbours: Record<string, Array<[string, number]>>;
  /** products fitted, and per term in how many of them it occurs (to vectorize new products alike) */
  docs: number;
  df: Record<string, number>;
  coview: Record<string, Array<[string, number]>>;
  /** every product id the model was fitted on */
  products: string[];
}

export type ContentArtifact = ContentArtifactV1 | ContentArtifactV2;

/**
 * The blend weight, by the rule in `npm run bench -- --only cold-start`: the best mean MRR@20
 * over cold pages, new products reaching lists and warm pages, averaged over a simulated store
 * and the earlier 80% of the REES46 sessions (docs/BENCHMARKS.md).
 */
export const DEFAULT_ALPHA = 0.5;
/** Text neighbors scored per product before blending. */
const TEXT_CANDIDATES = 50;
const round = (s: number) => Math.round(s * 1e4) / 1e4;

export class ContentSimilarity {
  private neighbors = new Map<string, Array<[string, number]>>();
  private coview: NeighborLists = new Map();
  private stats: TermStats = { docs: 0, df: new Map() };
  private known = new Set<string>();
  /** false for a v1 artifact: no term statistics to vectorize new products with */
  private extensible = true;
  readonly params: ResolvedParams;

  constructor(params: ContentSimilarityParams = {}) {
    this.params = {
      k: params.k ?? 20,
      maxDocFreq: params.maxDocFreq ?? 0.3,
      weights: { title: 1, productType: 2, vendor: 1, tag: 1.5, ...params.weights },
      alpha: params.alpha ?? DEFAULT_ALPHA,
      spread: params.spread ?? 10,
    };
  }

  /** Fits on the catalog and, optionally, the store's sessions (product ids in viewing order). */
  fit(products: readonly ContentProduct[], sessions: readonly (readonly string[])[] = []): this {
    const terms = products.map((p) => productTerms(p, this.params.weights));
    this.stats = termStats(terms);
    const index = new TextIndex();
    products.forEach((p, i) => index.add(p.id, tfidf(terms[i], this.stats, this.params.maxDocFreq)));
    this.known = new Set(products.map((p) => p.id));
    const inCatalog = sessions.map((s) => s.filter((id) => this.known.has(id)));
    this.coview = this.params.alpha > 0 ? coviewNeighbors(inCatalog, { k: this.params.k }) : new Map();
    this.neighbors.clear();
    for (const p of products) {
      const best = this.blend(p.id, index.search(index.vectorOf(p.id)!, TEXT_CANDIDATES, p.id));
      if (best.length) this.neighbors.set(p.id, best);
    }
    return this;
  }

  /** The text vector of a product with the fitted term statistics (for a live catalog index). */
  vectorize(p: ContentProduct): SparseVector {
    return tfidf(productTerms(p, this.params.weights), this.stats, this.params.maxDocFreq);
  }

  /** Whether the model was fitted on (or extended with) this product. */
  knows(id: string): boolean {
    return this.known.has(id);
  }

  get canExtend(): boolean {
    return this.extensible;
  }

  /**
   * Adds products the model never saw: their neighbors from their text against `catalog`
   * (an index of the live catalog built with `vectorize`) and borrowed co-view rows; each
   * then enters the lists of the products it scored with (by text or borrowed co-views) where
   * it scores above their last entry.
   * Returns how many were added.
   */
  extend(products: readonly ContentProduct[], catalog: TextIndex): number {
    if (!this.extensible) return 0;
    let added = 0;
    for (const p of products) {
      if (this.known.has(p.id)) continue;
      this.known.add(p.id);
      added++;
      const text = catalog.search(catalog.vectorOf(p.id) ?? this.vectorize(p), TEXT_CANDIDATES, p.id);
      const scores = this.scores(p.id, text);
      const best = this.top(scores);
      if (best.length) this.neighbors.set(p.id, best);
      // Similarity is symmetric: each product the new one scores with may list it.
      for (const [j, s] of scores) this.offer(j, p.id, round(s));
    }
    return added;
  }

  similar(id: string, k: number, exclude?: ReadonlySet<string>): Array<[string, number]> {
    return (this.neighbors.get(id) ?? []).filter(([p]) => !exclude?.has(p)).slice(0, k);
  }

  /** Blended neighbors of `id` from its text neighbors and its own or borrowed co-view row. */
  private blend(id: string, text: Array<[string, number]>): Array<[string, number]> {
    return this.top(this.scores(id, text));
  }

  private scores(id: string, text: Array<[string, number]>): Map<string, number> {
    const { alpha } = this.params;
    const scores = new Map<string, number>();
    for (const [j, t] of text) scores.set(j, (1 - alpha) * t);
    for (const [j, b] of this.behavior(id, text)) if (j !== id) scores.set(j, (scores.get(j) ?? 0) + alpha * b);
    return scores;
  }

  private top(scores: Map<string, number>): Array<[string, number]> {
    return [...scores]
      .filter(([, s]) => s > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, this.params.k)
      .map(([j, s]) => [j, round(s)]);
  }

  private behavior(id: string, text: Array<[string, number]>): Array<[string, number]> {
    if (this.params.alpha === 0) return [];
    const own = this.coview.get(id);
    if (own) return own;
    const sum = new Map<string, number>();
    let weight = 0;
    for (const [w, t] of text.filter(([w]) => this.coview.has(w)).slice(0, this.params.spread)) {
      weight += t;
      for (const [j, b] of this.coview.get(w)!) sum.set(j, (sum.get(j) ?? 0) + t * b);
    }
    return weight > 0 ? [...sum].map(([j, s]) => [j, s / weight]) : [];
  }

  /** Puts `candidate` into `id`'s list when it scores above the list's last entry (or the list is short). */
  private offer(id: string, candidate: string, score: number): void {
    if (score <= 0) return;
    const list = this.neighbors.get(id) ?? [];
    if (list.length >= this.params.k && list[list.length - 1][1] >= score) return;
    const next = list.filter(([j]) => j !== candidate);
    next.push([candidate, score]);
    next.sort((a, b) => b[1] - a[1]);
    this.neighbors.set(id, next.slice(0, this.params.k));
  }

  toArtifact(): ContentArtifactV2 {
    return {
      kind: 'content-similarity',
      version: 2,
      params: this.params,
      neighbours: Object.fromEntries(this.neighbors),
      docs: this.stats.docs,
      df: Object.fromEntries(this.stats.df),
      coview: Object.fromEntries(this.coview),
      products: [...this.known],
    };
  }

  static fromArtifact(a: ContentArtifact): ContentSimilarity {
    if (a.kind !== 'content-similarity' || (a.version !== 1 && a.version !== 2)) throw new Error(`not a content-similarity v1/v2 artifact: ${a.kind}`);
    if (a.version === 1) {
      const m = new ContentSimilarity({ alpha: 0 });
      for (const [k, v] of Object.entries(a.neighbours)) m.neighbors.set(k, v);
      m.extensible = false;
      return m;
    }
    const m = new ContentSimilarity(a.params);
    for (const [k, v] of Object.entries(a.neighbours)) m.neighbors.set(k, v);
    m.stats = { docs: a.docs, df: new Map(Object.entries(a.df)) };
    m.coview = new Map(Object.entries(a.coview));
    m.known = new Set(a.products);
    return m;
  }
}
