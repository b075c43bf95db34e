/**
 * Content-based similarity for cold start: products with no interactions yet are
 * matched on title, product type, vendor and tags with TF-IDF vectors and cosine
 * similarity. Field weights make a shared product type or tag count more than a shared
 * title word. Works for any script: titles are tokenized by ml/text (Intl.Segmenter), so
 * Chinese, Japanese, Thai, Cyrillic and Arabic catalogs get neighbors too. Pure; no I/O.
 */
import { guessLanguage } from '../text/language';
import { isStopword, stem } from '../text/stem';
import { normalizeText } from '../text/normalize';
import { tokenize as tokenizeText } from '../text/tokenize';

export interface ContentProduct {
  id: string;
  title: string;
  productType?: string;
  vendor?: string;
  tags?: readonly string[];
}

export interface ContentSimilarityParams {
  /** neighbors kept per product */
  k?: number;
  /** tokens in more than this share of products carry no signal and are dropped */
  maxDocFreq?: number;
  weights?: { title?: number; productType?: number; vendor?: number; tag?: number };
}

export interface ContentArtifact {
  kind: 'content-similarity';
  version: 1;
  neighbours: Record<string, Array<[string, number]>>;
}

const STOP = new Set(['set', 'pack']);
const LANGUAGES = ['en', 'es', 'de', 'fr', 'ru'] as const;
/** Scripts whose one-letter tokens are noise; in Han, kana, Hangul, Thai ... one character can be a word. */
const ALPHABETIC = new Set(['latin', 'cyrillic', 'greek', 'other']);

/**
 * Words of a title in any script (ml/text: NFKC, case folding, Latin accents stripped,
 * Intl.Segmenter words so CJK and Thai split without spaces), stopwords dropped and
 * stemmed in the title's guessed language ("boots" = "boot", "куртки" = "куртка").
 */
export function tokenize(text: string): string[] {
  const tokens = tokenizeText(text);
  const { language } = guessLanguage(text, tokens, [...LANGUAGES]);
  const out: string[] = [];
  for (const t of tokens) {
    if (t.text.length < 2 && ALPHABETIC.has(t.script) && !/\p{N}/u.test(t.text)) continue;
    if (STOP.has(t.text) || isStopword(t.text, language)) continue;
    out.push(t.script === 'latin' || t.script === 'cyrillic' ? stem(t.text, language) : t.text);
  }
  return out;
}

/** A product type, vendor or tag as one normalized term ("Größe" and "grosse" agree). */
const term = (s: string) => normalizeText(s).trim();

export class ContentSimilarity {
  private neighbors = new Map<string, Array<[string, number]>>();
  readonly params: { k: number; maxDocFreq: number; weights: Required<NonNullable<ContentSimilarityParams['weights']>> };

  constructor(params: ContentSimilarityParams = {}) {
    this.params = {
      k: params.k ?? 20,
      maxDocFreq: params.maxDocFreq ?? 0.3,
      weights: { title: 1, productType: 2, vendor: 1, tag: 1.5, ...params.weights },
    };
  }

  fit(products: readonly ContentProduct[]): this {
    const { weights, k, maxDocFreq } = this.params;
    const docs = products.map((p) => {
      const tf = new Map<string, number>();
      const add = (tok: string, w: number) => tf.set(tok, (tf.get(tok) ?? 0) + w);
      for (const t of tokenize(p.title)) add(`w:${t}`, weights.title);
      if (p.productType && term(p.productType)) add(`type:${term(p.productType)}`, weights.productType);
      if (p.vendor && term(p.vendor)) add(`vendor:${term(p.vendor)}`, weights.vendor);
      for (const tag of p.tags ?? []) if (term(tag)) add(`tag:${term(tag)}`, weights.tag);
      return tf;
    });
    const df = new Map<string, number>();
    for (const d of docs) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    const n = products.length;
    const vectors = docs.map((d) => {
      const v = new Map<string, number>();
      let norm = 0;
      for (const [t, w] of d) {
        const f = df.get(t)!;
        if (f / n > maxDocFreq && n > 10) continue;
        const x = w * Math.log(1 + n / f);
        v.set(t, x);
        norm += x * x;
      }
      norm = Math.sqrt(norm) || 1;
      for (const [t, x] of v) v.set(t, x / norm);
      return v;
    });
    const postings = new Map<string, Array<[number, number]>>();
    vectors.forEach((v, i) => {
      for (const [t, x] of v) {
        let p = postings.get(t);
        if (!p) postings.set(t, (p = []));
        p.push([i, x]);
      }
    });
    this.neighbors.clear();
    const acc = new Float64Array(n);
    const touched: number[] = [];
    vectors.forEach((v, i) => {
      for (const [t, x] of v) {
        for (const [j, y] of postings.get(t)!) {
          if (j === i) continue;
          if (acc[j] === 0) touched.push(j);
          acc[j] += x * y;
        }
      }
      const best = touched
        .map((j) => [j, acc[j]] as [number, number])
        .sort((a, b) => b[1] - a[1] || a[0] - b[0])
        .slice(0, k);
      for (const j of touched) acc[j] = 0;
      touched.length = 0;
      if (best.length) this.neighbors.set(products[i].id, best.map(([j, s]) => [products[j].id, Math.round(s * 1e4) / 1e4]));
    });
    return this;
  }

  similar(id: string, k: number, exclude?: ReadonlySet<string>): Array<[string, number]> {
    return (this.neighbors.get(id) ?? []).filter(([p]) => !exclude?.has(p)).slice(0, k);
  }

  toArtifact(): ContentArtifact {
    return { kind: 'content-similarity', version: 1, neighbours: Object.fromEntries(this.neighbors) };
  }

  static fromArtifact(a: ContentArtifact): ContentSimilarity {
    if (a.kind !== 'content-similarity' || a.version !== 1) throw new Error(`not a content-similarity v1 artifact: ${a.kind}`);
    const m = new ContentSimilarity();
    for (const [k, v] of Object.entries(a.neighbours)) m.neighbors.set(k, v);
    return m;
  }
}
