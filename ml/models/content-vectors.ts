/**
 * TF-IDF vectors of product text (title words, product type, vendor, tags) and an
 * inverted index for cosine search over them. Works for any script: titles are tokenized by
 * ml/text (Intl.Segmenter). Document frequencies are kept as plain numbers, so a model
 * trained on one catalog can vectorize a product it never saw with the same weights.
 * Pure; no I/O.
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

export interface FieldWeights {
  title: number;
  productType: number;
  vendor: number;
  tag: number;
}

/** How many products were fitted and, per term, in how many of them it occurs. */
export interface TermStats {
  docs: number;
  df: Map<string, number>;
}

export type SparseVector = Map<string, number>;

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

/** Weighted term counts of one product, fields prefixed so a tag and a title word differ. */
export function productTerms(p: ContentProduct, weights: FieldWeights): Map<string, number> {
  const tf = new Map<string, number>();
  const add = (tok: string, w: number) => tf.set(tok, (tf.get(tok) ?? 0) + w);
  for (const t of tokenize(p.title)) add(`w:${t}`, weights.title);
  if (p.productType && term(p.productType)) add(`type:${term(p.productType)}`, weights.productType);
  if (p.vendor && term(p.vendor)) add(`vendor:${term(p.vendor)}`, weights.vendor);
  for (const tag of p.tags ?? []) if (term(tag)) add(`tag:${term(tag)}`, weights.tag);
  return tf;
}

export function termStats(docs: readonly Map<string, number>[]): TermStats {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  return { docs: docs.length, df };
}

/**
 * Unit-length TF-IDF vector. A term in more than `maxDocFreq` of the products carries no
 * signal and is dropped (in catalogs over 10 products); a term the stats never saw counts
 * as occurring once.
 */
export function tfidf(tf: Map<string, number>, stats: TermStats, maxDocFreq: number): SparseVector {
  const n = stats.docs;
  const v: SparseVector = new Map();
  let norm = 0;
  for (const [t, w] of tf) {
    const f = stats.df.get(t) ?? 1;
    if (f / n > maxDocFreq && n > 10) continue;
    const x = w * Math.log(1 + n / f);
    v.set(t, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [t, x] of v) v.set(t, x / norm);
  return v;
}

/** Parallel arrays: the slots holding a term and their weights for it. */
interface Posting {
  slots: number[];
  weights: number[];
}

/** Inverted index over unit vectors: products can be added, replaced and removed one at a time. */
export class TextIndex {
  private slots: Array<{ id: string; vector: SparseVector } | null> = [];
  private slotOf = new Map<string, number>();
  private postings = new Map<string, Posting>();
  private scratch = new Float64Array(0);

  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  vectorOf(id: string): SparseVector | undefined {
    const s = this.slotOf.get(id);
    return s === undefined ? undefined : this.slots[s]!.vector;
  }

  add(id: string, vector: SparseVector): void {
    this.remove(id);
    const slot = this.slots.length;
    this.slots.push({ id, vector });
    this.slotOf.set(id, slot);
    for (const [t, x] of vector) {
      let p = this.postings.get(t);
      if (!p) this.postings.set(t, (p = { slots: [], weights: [] }));
      p.slots.push(slot);
      p.weights.push(x);
    }
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    for (const t of this.slots[slot]!.vector.keys()) {
      const p = this.postings.get(t)!;
      const i = p.slots.indexOf(slot);
      if (i >= 0) {
        p.slots.splice(i, 1);
        p.weights.splice(i, 1);
      }
      if (p.slots.length === 0) this.postings.delete(t);
    }
    this.slots[slot] = null;
    this.slotOf.delete(id);
  }

  /** The `k` most similar indexed products by cosine (> 0), best first, ties by insertion order. */
  search(vector: SparseVector, k: number, skip?: string): Array<[string, number]> {
    if (this.scratch.length < this.slots.length) this.scratch = new Float64Array(this.slots.length * 2);
    const acc = this.scratch;
    const touched: number[] = [];
    for (const [t, x] of vector) {
      const p = this.postings.get(t);
      if (!p) continue;
      const { slots, weights } = p;
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i];
        if (acc[slot] === 0) touched.push(slot);
        acc[slot] += x * weights[i];
      }
    }
    const skipSlot = skip === undefined ? -1 : (this.slotOf.get(skip) ?? -1);
    const best = topK(touched, acc, k, skipSlot);
    for (const slot of touched) acc[slot] = 0;
    return best.map(([slot, score]) => [this.slots[slot]!.id, score]);
  }
}

/** a ranks below b: a lower score, or the same score and a later slot */
const below = (a: [number, number], b: [number, number]) => a[1] < b[1] || (a[1] === b[1] && a[0] > b[0]);

/** The k best (slot, score) of the touched slots, best first, with a size-k min-heap. */
function topK(touched: readonly number[], acc: Float64Array, k: number, skipSlot: number): Array<[number, number]> {
  const heap: Array<[number, number]> = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && below(heap[l], heap[m])) m = l;
      if (r < heap.length && below(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (const slot of touched) {
    if (slot === skipSlot || !(acc[slot] > 0) || k <= 0) continue;
    const item: [number, number] = [slot, acc[slot]];
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!below(heap[i], heap[parent])) break;
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
    } else if (below(heap[0], item)) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort((a, b) => (below(a, b) ? 1 : below(b, a) ? -1 : 0));
}
