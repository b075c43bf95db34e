/**
 * Shared index for the session-kNN family (SKNN, V-SKNN, STAN, VSTAN), mirroring the caches
 * session-rec builds in `fit`: session -> items (sequence and distinct set), session -> time of
 * its last event, item -> sessions. Everything is CSR typed arrays.
 *
 * Neighbour candidates follow session-rec's `possible_neighbor_sessions` with sampling="recent":
 * the union of the sessions of every item of the current session; if larger than `sampleSize`,
 * the `sampleSize` most recent ones (by last-event time). Candidates are then visited in
 * ascending session index (= ascending SessionId for session-rec's sorted files, which is
 * CPython's set order when the set's table is larger than the ids), and the k best are taken by a
 * stable sort on similarity (ties: earlier candidate first).
 */
import type { SessionDataset } from '../data/types';

export interface SessionsState {
  nItems: number;
  /** CSR pointer into `items`, length nSessions+1 */
  ptr: number[];
  /** item sequences (with repeats), concatenated */
  items: number[];
  /** time of the last event of each session */
  times: number[];
  /** numeric session ids (only kept when every id is a non-negative int32; used for tieOrder 'python') */
  keys?: number[];
}

export class SessionIndex {
  readonly nItems: number;
  readonly nSessions: number;
  readonly seqPtr: Int32Array;
  readonly seqItems: Int32Array;
  readonly setPtr: Int32Array;
  readonly setItems: Int32Array;
  readonly sessTime: Float64Array;
  /** sessions of each item, ordered most recent first (ties: lower session index first) */
  readonly itemPtr: Int32Array;
  readonly itemSess: Int32Array;
  /** recency rank of each session (0 = most recent) */
  readonly recency: Int32Array;
  /** events per item in training */
  readonly itemEvents: Float64Array;
  /** numeric session ids, or null */
  readonly keys: Int32Array | null;

  // scratch
  private stamp: Uint32Array;
  private gen = 0;
  private unionBuf: Int32Array;

  private constructor(nItems: number, seqPtr: Int32Array, seqItems: Int32Array, sessTime: Float64Array, keys: Int32Array | null) {
    this.nItems = nItems;
    this.keys = keys;
    this.seqPtr = seqPtr;
    this.seqItems = seqItems;
    this.sessTime = sessTime;
    const nS = sessTime.length;
    this.nSessions = nS;

    // distinct items per session (first-occurrence order)
    const mark = new Int32Array(nItems).fill(-1);
    const setPtr = new Int32Array(nS + 1);
    const setTmp: number[] = [];
    const itemEvents = new Float64Array(nItems);
    const itemSessCount = new Int32Array(nItems);
    for (let s = 0; s < nS; s++) {
      setPtr[s] = setTmp.length;
      for (let p = seqPtr[s]; p < seqPtr[s + 1]; p++) {
        const it = seqItems[p];
        itemEvents[it] += 1;
        if (mark[it] !== s) {
          mark[it] = s;
          setTmp.push(it);
          itemSessCount[it]++;
        }
      }
    }
    setPtr[nS] = setTmp.length;
    this.setPtr = setPtr;
    this.setItems = Int32Array.from(setTmp);
    this.itemEvents = itemEvents;

    // recency order: time desc, then session index asc
    const order = Int32Array.from({ length: nS }, (_, i) => i).sort((a, b) => sessTime[b] - sessTime[a] || a - b);
    const recency = new Int32Array(nS);
    for (let r = 0; r < nS; r++) recency[order[r]] = r;
    this.recency = recency;

    const itemPtr = new Int32Array(nItems + 1);
    for (let i = 0; i < nItems; i++) itemPtr[i + 1] = itemPtr[i] + itemSessCount[i];
    const fill = itemPtr.slice(0, nItems);
    const itemSess = new Int32Array(itemPtr[nItems]);
    for (let r = 0; r < nS; r++) {
      const s = order[r];
      for (let p = setPtr[s]; p < setPtr[s + 1]; p++) itemSess[fill[this.setItems[p]]++] = s;
    }
    this.itemPtr = itemPtr;
    this.itemSess = itemSess;

    this.stamp = new Uint32Array(nS);
    this.unionBuf = new Int32Array(nS);
  }

  static fromDataset(data: SessionDataset): SessionIndex {
    const nItems = data.itemIds.length;
    const ptr: number[] = [0];
    const items: number[] = [];
    const times: number[] = [];
    const keys: number[] = [];
    let numeric = true;
    for (const s of data.sessions) {
      if (s.events.length === 0) continue;
      for (const e of s.events) items.push(e.item);
      ptr.push(items.length);
      times.push(s.events[s.events.length - 1].time);
      const k = /^\d{1,10}$/.test(s.id) ? Number(s.id) : -1;
      if (!(k >= 0 && k <= 0x7fffffff)) numeric = false;
      keys.push(k);
    }
    return new SessionIndex(nItems, Int32Array.from(ptr), Int32Array.from(items), Float64Array.from(times), numeric ? Int32Array.from(keys) : null);
  }

  static fromState(st: SessionsState): SessionIndex {
    if (!st || !Array.isArray(st.ptr) || st.ptr.length !== st.times.length + 1) throw new Error('bad sessions state in artifact');
    const keys = Array.isArray(st.keys) && st.keys.length === st.times.length ? Int32Array.from(st.keys) : null;
    return new SessionIndex(st.nItems, Int32Array.from(st.ptr), Int32Array.from(st.items), Float64Array.from(st.times), keys);
  }

  toState(): SessionsState {
    return {
      nItems: this.nItems,
      ptr: Array.from(this.seqPtr),
      items: Array.from(this.seqItems),
      times: Array.from(this.sessTime),
      ...(this.keys ? { keys: Array.from(this.keys) } : {}),
    };
  }

  /**
   * Candidate neighbour sessions for the distinct current items: returns a view of session
   * indices in ascending order (valid until the next call).
   */
  candidates(distinctItems: ArrayLike<number>, sampleSize: number): Int32Array {
    if (++this.gen === 0xffffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
    const g = this.gen;
    const stamp = this.stamp;
    const buf = this.unionBuf;
    let n = 0;
    const cap = sampleSize > 0 ? sampleSize : Infinity;
    for (let j = 0; j < distinctItems.length; j++) {
      const it = distinctItems[j];
      const a = this.itemPtr[it];
      // only the `cap` most recent sessions of a list can be among the `cap` most recent of the union
      const b = Math.min(this.itemPtr[it + 1], a + cap);
      for (let p = a; p < b; p++) {
        const s = this.itemSess[p];
        if (stamp[s] !== g) {
          stamp[s] = g;
          buf[n++] = s;
        }
      }
    }
    let out = buf.subarray(0, n);
    if (sampleSize > 0 && n > sampleSize) {
      // keep the sampleSize most recent: sort by recency rank, map back
      const rec = this.recency;
      const ranks = new Int32Array(n);
      for (let j = 0; j < n; j++) ranks[j] = rec[out[j]];
      ranks.sort();
      const limit = ranks[sampleSize - 1];
      let m = 0;
      for (let j = 0; j < n; j++) if (rec[out[j]] <= limit) buf[m++] = out[j];
      out = buf.subarray(0, m);
    }
    out.sort();
    return out;
  }
}

/**
 * Indices (into `cand`/`sims`) of the k best candidates, ordered by similarity desc, ties by
 * position (a stable sort, as Python's `sorted(..., reverse=True)` on the candidate list).
 * With `positiveOnly`, candidates with similarity <= 0 are dropped first (SKNN / V-SKNN).
 */
export function topNeighbours(sims: Float64Array, n: number, k: number, positiveOnly: boolean): Int32Array {
  let idx: Int32Array;
  if (positiveOnly) {
    let m = 0;
    const tmp = new Int32Array(n);
    for (let j = 0; j < n; j++) if (sims[j] > 0) tmp[m++] = j;
    idx = tmp.subarray(0, m);
  } else {
    idx = Int32Array.from({ length: n }, (_, j) => j);
  }
  if (idx.length > k) {
    // threshold = k-th largest similarity; keep all above it, then ties in order until k
    const vals = new Float64Array(idx.length);
    for (let j = 0; j < idx.length; j++) vals[j] = sims[idx[j]];
    vals.sort();
    const thr = vals[vals.length - k];
    let above = 0;
    for (let j = 0; j < idx.length; j++) if (sims[idx[j]] > thr) above++;
    let ties = k - above;
    const sel = new Int32Array(k);
    let m = 0;
    for (let j = 0; j < idx.length; j++) {
      const v = sims[idx[j]];
      if (v > thr) sel[m++] = idx[j];
      else if (v === thr && ties > 0) {
        sel[m++] = idx[j];
        ties--;
      }
    }
    idx = sel;
  }
  const arr = Array.from(idx);
  arr.sort((a, b) => sims[b] - sims[a] || a - b);
  return Int32Array.from(arr);
}

/** Scratch accumulator over items: dense scores + list of touched items. */
export class ItemAccumulator {
  readonly scores: Float64Array;
  readonly touched: Int32Array;
  private seen: Uint8Array;
  n = 0;
  constructor(nItems: number) {
    this.scores = new Float64Array(nItems);
    this.touched = new Int32Array(nItems);
    this.seen = new Uint8Array(nItems);
  }
  add(item: number, v: number): void {
    if (this.seen[item] === 0) {
      this.seen[item] = 1;
      this.touched[this.n++] = item;
      this.scores[item] = v;
    } else this.scores[item] += v;
  }
  reset(): void {
    for (let j = 0; j < this.n; j++) {
      const it = this.touched[j];
      this.scores[it] = 0;
      this.seen[it] = 0;
    }
    this.n = 0;
  }
  /** dense copy (length nItems); optionally divided by the max (session-rec normalize) */
  dense(normalise: boolean): Float64Array {
    const out = new Float64Array(this.scores.length);
    let max = 0;
    for (let j = 0; j < this.n; j++) {
      const it = this.touched[j];
      const v = this.scores[it];
      out[it] = v;
      if (v > max) max = v;
    }
    if (normalise) {
      if (max > 0) for (let j = 0; j < this.n; j++) out[this.touched[j]] /= max;
      else for (let j = 0; j < this.n; j++) out[this.touched[j]] = 0;
    }
    return out;
  }
  max(): number {
    let m = 0;
    for (let j = 0; j < this.n; j++) if (this.scores[this.touched[j]] > m) m = this.scores[this.touched[j]];
    return m;
  }
}

/** Distinct items of a sequence, in first-occurrence order. */
export function distinct(items: readonly number[]): number[] {
  if (items.length <= 1) return items.slice();
  const out: number[] = [];
  const seen = new Set<number>();
  for (const it of items) {
    if (!seen.has(it)) {
      seen.add(it);
      out.push(it);
    }
  }
  return out;
}
