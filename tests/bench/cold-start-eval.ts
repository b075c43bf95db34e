/**
 * Cold-item evaluation of content similarity. Sessions are split by start time (the last
 * `testShare` are the test); a share of the products viewed in the test sessions is hidden
 * from training (not in the fitted catalog, their views removed from the training sessions),
 * as if they were created after the training. The model is fitted on the rest and then
 * extended with the hidden products against the full catalog, the way serving adds a product
 * from a products/create webhook (ContentSimilarity.extend). Each step of a test session
 * (repeats collapsed) is scored by where the next product ranks in `similar(current, 20)`:
 * - cold query: the current product is hidden (a shopper on a new product page);
 * - cold target: the current product was trained on and the next is hidden (does a new product
 *   reach existing products' lists);
 * - warm: both were trained on.
 * Best sellers of the training sessions are the reference.
 */
import { ContentSimilarity, type ContentSimilarityParams } from '../../ml/models/content-similarity';
import { TextIndex, type ContentProduct } from '../../ml/models/content-vectors';

export interface EvalSession {
  start: number;
  items: string[];
}

export interface ColdSplit {
  cold: Set<string>;
  trainProducts: ContentProduct[];
  coldProducts: ContentProduct[];
  allProducts: ContentProduct[];
  train: string[][];
  test: string[][];
}

export interface HitFigures {
  events: number;
  hr20: number;
  mrr20: number;
}

export type Slice = 'coldQuery' | 'coldTarget' | 'warm';
export type SliceFigures = Record<Slice, HitFigures>;

/** Deterministic pseudo-random in [0, 1) from a string (FNV-1a). */
function unit(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

const collapse = (items: readonly string[]) => items.filter((id, i) => i === 0 || items[i - 1] !== id);

export function splitCold(products: readonly ContentProduct[], sessions: readonly EvalSession[], opts: { coldShare: number; testShare: number; seed: string }): ColdSplit {
  const sorted = [...sessions].sort((a, b) => a.start - b.start).map((s) => collapse(s.items)).filter((s) => s.length >= 2);
  const cut = Math.floor(sorted.length * (1 - opts.testShare));
  const test = sorted.slice(cut);
  const inTest = [...new Set(test.flat())].sort();
  const catalog = new Set(products.map((p) => p.id));
  const cold = new Set(inTest.filter((id) => catalog.has(id) && unit(`${opts.seed}:${id}`) < opts.coldShare));
  return {
    cold,
    trainProducts: products.filter((p) => !cold.has(p.id)),
    coldProducts: products.filter((p) => cold.has(p.id)),
    allProducts: [...products],
    train: sorted.slice(0, cut).map((s) => collapse(s.filter((id) => !cold.has(id)))),
    test,
  };
}

/** Fits on the training part, adds the hidden products against the whole catalog; returns the model and the time to add them. */
export function fitAndExtend(split: ColdSplit, params: ContentSimilarityParams): { model: ContentSimilarity; indexMs: number; extendMs: number } {
  const model = new ContentSimilarity(params).fit(split.trainProducts, split.train);
  const t0 = performance.now();
  const index = new TextIndex();
  for (const p of split.allProducts) index.add(p.id, model.vectorize(p));
  const t1 = performance.now();
  model.extend(split.coldProducts, index);
  return { model, indexMs: t1 - t0, extendMs: performance.now() - t1 };
}

function sliceOf(split: ColdSplit, cur: string, next: string): Slice {
  if (split.cold.has(cur)) return 'coldQuery';
  return split.cold.has(next) ? 'coldTarget' : 'warm';
}

/** HR@20 and MRR@20 of `rank(current)` for the next product, per slice. */
export function scoreSlices(split: ColdSplit, rank: (current: string) => string[]): SliceFigures {
  const acc: Record<Slice, { events: number; hits: number; rr: number }> = {
    coldQuery: { events: 0, hits: 0, rr: 0 },
    coldTarget: { events: 0, hits: 0, rr: 0 },
    warm: { events: 0, hits: 0, rr: 0 },
  };
  for (const s of split.test) {
    for (let t = 0; t + 1 < s.length; t++) {
      const a = acc[sliceOf(split, s[t], s[t + 1])];
      a.events++;
      const r = rank(s[t]).slice(0, 20).indexOf(s[t + 1]);
      if (r >= 0) {
        a.hits++;
        a.rr += 1 / (r + 1);
      }
    }
  }
  const fig = (a: { events: number; hits: number; rr: number }): HitFigures => ({
    events: a.events,
    hr20: a.events ? a.hits / a.events : 0,
    mrr20: a.events ? a.rr / a.events : 0,
  });
  return { coldQuery: fig(acc.coldQuery), coldTarget: fig(acc.coldTarget), warm: fig(acc.warm) };
}

/** Best sellers of the training sessions, without the current product. */
export function popularRanker(split: ColdSplit): (current: string) => string[] {
  const counts = new Map<string, number>();
  for (const s of split.train) for (const id of s) counts.set(id, (counts.get(id) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 21).map(([id]) => id);
  return (current) => top.filter((id) => id !== current).slice(0, 20);
}
