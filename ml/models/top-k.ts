/**
 * The best k items of a score vector, best first, ties to the lower item index (session-rec's 'stable'
 * order). Pure, allocation-light: k is small (20..100) next to the item count.
 */
import type { Scored } from './recommender';

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

/** Top k of a score vector, best first, skipping `exclude`; ties go to the lower index. */
export function topKAnySign(scores: ArrayLike<number>, k: number, exclude?: ReadonlySet<number>): Scored[] {
  if (k <= 0) return [];
  const heapI: number[] = [];
  const heapS: number[] = [];
  // min-heap on (score, -index): the root is the weakest kept item
  const worse = (a: number, b: number) => heapS[a] < heapS[b] || (heapS[a] === heapS[b] && heapI[a] > heapI[b]);
  const swap = (a: number, b: number) => {
    [heapI[a], heapI[b]] = [heapI[b], heapI[a]];
    [heapS[a], heapS[b]] = [heapS[b], heapS[a]];
  };
  for (let i = 0; i < scores.length; i++) {
    if (exclude?.has(i)) continue;
    const s = scores[i];
    if (Number.isNaN(s)) continue;
    if (heapI.length < k) {
      heapI.push(i);
      heapS.push(s);
      let c = heapI.length - 1;
      while (c > 0) {
        const pa = (c - 1) >> 1;
        if (worse(c, pa)) {
          swap(c, pa);
          c = pa;
        } else break;
      }
    } else if (s > heapS[0]) {
      heapI[0] = i;
      heapS[0] = s;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < heapI.length && worse(l, m)) m = l;
        if (r < heapI.length && worse(r, m)) m = r;
        if (m === c) break;
        swap(c, m);
        c = m;
      }
    }
  }
  const out = heapI.map((item, j) => ({ item, score: heapS[j] }));
  out.sort((a, b) => b.score - a.score || a.item - b.item);
  return out;
}

/** Indices of the `k` largest values, best first; ties keep the lower index first; NaN is skipped. */
export function topIndices(s: ArrayLike<number>, k: number): number[] {
  return topIndicesWhere(s, k, (v) => !Number.isNaN(v));
}

/** Indices of the `k` largest positive values, best first; ties keep the lower index first (the 'stable' list). */
export function topPositiveIndices(s: ArrayLike<number>, k: number): number[] {
  return topIndicesWhere(s, k, (v) => v > 0);
}

function topIndicesWhere(s: ArrayLike<number>, k: number, keep: (v: number) => boolean): number[] {
  const n = s.length;
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = s[i];
    if (!keep(v)) continue;
    const len = idx.length;
    if (len === k && !(v > val[len - 1])) continue;
    let p = len;
    while (p > 0 && val[p - 1] < v) p--;
    idx.splice(p, 0, i);
    val.splice(p, 0, v);
    if (idx.length > k) {
      idx.pop();
      val.pop();
    }
  }
  return idx;
}
