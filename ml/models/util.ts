/** Small helpers shared by the model ports. Pure, allocation-light. */
import type { ModelArtifact, Scored } from './types';

/**
 * Top-k of `scores` restricted to the `n` item indices in `cand` (or all items when `cand` is null),
 * score > 0 only, best first; ties keep ascending item index (the candidate order).
 */
export function topK(
  scores: ArrayLike<number>,
  k: number,
  exclude?: ReadonlySet<number>,
  cand?: ArrayLike<number> | null,
  n?: number,
): Scored[] {
  if (k <= 0) return [];
  const heapItems: number[] = [];
  const heapScores: number[] = [];
  const total = cand ? (n ?? cand.length) : scores.length;
  // simple bounded insertion list (k is small: 20..100)
  for (let j = 0; j < total; j++) {
    const item = cand ? cand[j] : j;
    const s = scores[item];
    if (!(s > 0)) continue;
    if (exclude && exclude.has(item)) continue;
    const len = heapItems.length;
    if (len === k) {
      const ls = heapScores[len - 1];
      const li = heapItems[len - 1];
      if (s < ls || (s === ls && item > li)) continue;
    }
    // insertion position
    let p = len;
    while (p > 0) {
      const ps = heapScores[p - 1];
      if (ps > s || (ps === s && heapItems[p - 1] < item)) break;
      p--;
    }
    heapItems.splice(p, 0, item);
    heapScores.splice(p, 0, s);
    if (heapItems.length > k) {
      heapItems.pop();
      heapScores.pop();
    }
  }
  return heapItems.map((item, i) => ({ item, score: heapScores[i] }));
}

/** Items of a context that are valid dense indices (unknown items are ignored). */
export function validItems(items: readonly number[], nItems: number): number[] {
  let ok = true;
  for (const it of items) {
    if (!(Number.isInteger(it) && it >= 0 && it < nItems)) {
      ok = false;
      break;
    }
  }
  if (ok) return items as number[];
  return items.filter((it) => Number.isInteger(it) && it >= 0 && it < nItems);
}

export function checkArtifact(a: ModelArtifact, kind: string, version: number): void {
  if (!a || a.kind !== kind) throw new Error(`artifact kind mismatch: expected ${kind}, got ${a?.kind}`);
  if (a.version !== version) throw new Error(`${kind}: unsupported artifact version ${a.version} (expected ${version})`);
}

/** Decay / weighting functions used by session-rec's SR and V-SKNN (argument i is 1-based). */
export const stepWeights: Record<string, (i: number) => number> = {
  linear: (i) => (i <= 100 ? 1 - 0.1 * i : 0),
  same: () => 1,
  div: (i) => 1 / i,
  log: (i) => 1 / Math.log10(i + 1.7),
  quadratic: (i) => 1 / (i * i),
};

export function requireWeight(table: Record<string, (...a: number[]) => number>, name: string, what: string) {
  const f = table[name];
  if (!f) throw new Error(`${what}: unknown weighting "${name}" (valid: ${Object.keys(table).join(', ')})`);
  return f;
}

/** Divide in place by the maximum when it is > 0 (session-rec `series / series.max()`, NaN -> 0). */
export function normaliseByMax(a: Float64Array): void {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  if (m > 0) for (let i = 0; i < a.length; i++) a[i] = a[i] / m;
  else a.fill(0);
}

/** Dense scores (0 elsewhere) from a sparse item → score map. */
export function denseFromSparse(sparse: ReadonlyMap<number, number>, nItems: number): Float64Array {
  const s = new Float64Array(nItems);
  for (const [it, v] of sparse) s[it] = v;
  return s;
}

/**
 * The k best of a sparse item → score map, ties broken by item index; `keep` filters scores
 * (e.g. positive only) and `exclude` removes items.
 */
export function topFromSparse(
  sparse: ReadonlyMap<number, number>,
  k: number,
  exclude?: ReadonlySet<number>,
  keep: (score: number) => boolean = () => true,
): Scored[] {
  const out: Scored[] = [];
  for (const [item, score] of sparse) if (keep(score) && !(exclude && exclude.has(item))) out.push({ item, score });
  out.sort((a, b) => b.score - a.score || a.item - b.item);
  return out.slice(0, Math.max(0, k));
}
