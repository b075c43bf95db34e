/**
 * Shared index for the session-kNN family (SKNN, V-SKNN, STAN, VSTAN), mirroring the caches
 * session-rec builds in `fit`: session -> items (sequence and distinct set), session -> time of
 * its last event, item -> sessions. Everything is CSR typed arrays.
 *
 * Neighbor candidates follow session-rec's `possible_neighbor_sessions` with sampling="recent":
 * the union of the sessions of every item of the current session; if larger than `sampleSize`,
 * the `sampleSize` most recent ones (by last-event time). The per-item session lists are kept in
 * recency order, so the sample is a k-way merge that stops after `sampleSize` sessions.
 * `NeighborSelector` then keeps the k most similar (quickselect; equal similarities at the cut:
 * lower session index, or candidate order when the candidates come in CPython set order, see
 * pyset.ts / KnnModel tieOrder 'python').
 */
import type { SessionDataset } from '../data/session-dataset';

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
  /** sqrt of the number of distinct items of each session */
  readonly sqrtSetLen: Float64Array;
  /** longest session (events) */
  readonly maxSeqLen: number;
  /** numeric session ids, or null */
  readonly keys: Int32Array | null;

  // scratch
  private stamp: Uint32Array;
  private gen = 0;
  private unionBuf: Int32Array;
  private heapPos = new Int32Array(16);
  private heapEnd = new Int32Array(16);
  private heapKey = new Int32Array(16);

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
    this.sqrtSetLen = new Float64Array(nS);
    let maxLen = 0;
    for (let s = 0; s < nS; s++) {
      this.sqrtSetLen[s] = Math.sqrt(setPtr[s + 1] - setPtr[s]);
      maxLen = Math.max(maxLen, seqPtr[s + 1] - seqPtr[s]);
    }
    this.maxSeqLen = maxLen;
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
   * Candidate neighbor sessions for the distinct current items: the union of their sessions, or,
   * when that union is larger than `sampleSize` (> 0), its `sampleSize` most recent sessions.
   * Returned most recent first (a view, valid until the next call). A k-way merge over the
   * per-item lists (each already in recency order) visits at most what it returns plus duplicates.
   */
  candidates(distinctItems: ArrayLike<number>, sampleSize: number): Int32Array {
    if (++this.gen === 0xffffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
    const g = this.gen;
    const stamp = this.stamp;
    const buf = this.unionBuf;
    const cap = sampleSize > 0 ? sampleSize : this.nSessions;
    const m = distinctItems.length;
    const rec = this.recency;
    const itemSess = this.itemSess;
    // binary heap of list cursors keyed by the recency rank of their head session
    if (this.heapPos.length < m) {
      this.heapPos = new Int32Array(m * 2);
      this.heapEnd = new Int32Array(m * 2);
      this.heapKey = new Int32Array(m * 2);
    }
    const pos = this.heapPos;
    const end = this.heapEnd;
    const hk = this.heapKey;
    let h = 0;
    for (let j = 0; j < m; j++) {
      const it = distinctItems[j];
      const p0 = this.itemPtr[it];
      const p1 = this.itemPtr[it + 1];
      if (p0 >= p1) continue;
      // sift up
      let i = h++;
      const key = rec[itemSess[p0]];
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (hk[parent] <= key) break;
        pos[i] = pos[parent];
        end[i] = end[parent];
        hk[i] = hk[parent];
        i = parent;
      }
      pos[i] = p0;
      end[i] = p1;
      hk[i] = key;
    }
    let n = 0;
    while (h > 0 && n < cap) {
      const s = itemSess[pos[0]];
      if (stamp[s] !== g) {
        stamp[s] = g;
        buf[n++] = s;
      }
      // advance the top cursor (or drop it) and sift down
      let cp = pos[0] + 1;
      let ce = end[0];
      let ck: number;
      if (cp >= ce) {
        h--;
        if (h === 0) break;
        cp = pos[h];
        ce = end[h];
        ck = hk[h];
      } else ck = rec[itemSess[cp]];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h) break;
        let c = l;
        if (l + 1 < h && hk[l + 1] < hk[l]) c = l + 1;
        if (hk[c] >= ck) break;
        pos[i] = pos[c];
        end[i] = end[c];
        hk[i] = hk[c];
        i = c;
      }
      pos[i] = cp;
      end[i] = ce;
      hk[i] = ck;
    }
    return buf.subarray(0, n);
  }
}
