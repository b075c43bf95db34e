/**
 * The k nearest neighbor sessions among the candidates (quickselect), in session-rec's order for equal
 * similarities. Scratch buffers are reused between calls.
 */

/**
 * Chooses the k nearest neighbors among candidates, like session-rec's
 * `sorted(neighbors, key=sim, reverse=True)[:k]` (a stable sort over the candidate list).
 * Scratch buffers are reused between calls.
 */
export class NeighborSelector {
  private sel: Int32Array;
  private ties: Int32Array;
  private vals: Float64Array;
  private out: Int32Array;
  constructor(nSessions: number) {
    this.sel = new Int32Array(nSessions);
    this.ties = new Int32Array(nSessions);
    this.vals = new Float64Array(nSessions);
    this.out = new Int32Array(nSessions);
  }

  /**
   * Returns positions j (into cand / sims) of the chosen neighbors; zero-similarity candidates
   * are never returned (they would add 0 to every score).
   * @param tieKey 'position': equal similarities keep candidate order (exact session-rec order when
   *   the candidates come in Python set order); 'session': lower session index first.
   * @param sorted order the result by similarity desc (session-rec's summation order)
   */
  select(cand: ArrayLike<number>, sims: Float64Array, n: number, k: number, tieKey: 'position' | 'session', sorted: boolean): Int32Array {
    const sel = this.sel;
    let m = 0;
    for (let j = 0; j < n; j++) if (sims[j] > 0) sel[m++] = j;
    let res: Int32Array;
    if (m <= k) {
      res = sel.subarray(0, m);
    } else {
      const vals = this.vals;
      for (let q = 0; q < m; q++) vals[q] = sims[sel[q]];
      const thr = kthSmallest(vals, m, m - k);
      const out = this.out;
      const ties = this.ties;
      let a = 0;
      let t = 0;
      for (let q = 0; q < m; q++) {
        const j = sel[q];
        const v = sims[j];
        if (v > thr) out[a++] = j;
        else if (v === thr) ties[t++] = j;
      }
      let need = k - a;
      if (t > need && tieKey === 'session') {
        const tv = Array.from(ties.subarray(0, t));
        tv.sort((x, y) => cand[x] - cand[y]);
        for (let q = 0; q < need; q++) out[a++] = tv[q];
      } else {
        for (let q = 0; q < t && need > 0; q++, need--) out[a++] = ties[q];
      }
      res = out.subarray(0, a);
    }
    if (sorted && res.length > 1) {
      const arr = Array.from(res);
      if (tieKey === 'position') arr.sort((x, y) => sims[y] - sims[x] || x - y);
      else arr.sort((x, y) => sims[y] - sims[x] || cand[x] - cand[y]);
      res = Int32Array.from(arr);
    }
    return res;
  }
}

/** k-th smallest (0-based) of a[0..n) by in-place quickselect (reorders a). */
export function kthSmallest(a: Float64Array, n: number, kth: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // median of three to the middle
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (kth <= j) hi = j;
    else if (kth >= i) lo = i;
    else return a[kth];
  }
  return a[kth];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
