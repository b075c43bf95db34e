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
  /** sessions in the pool: the built ones, then the added ones (`add`) */
  nSessions: number;
  // The per-session arrays below have spare capacity for `add`; read them only below nSessions.
  seqPtr: Int32Array;
  seqItems: Int32Array;
  setPtr: Int32Array;
  setItems: Int32Array;
  sessTime: Float64Array;
  /** sessions of each built item list, ordered most recent first (ties: lower session index first) */
  readonly itemPtr: Int32Array;
  readonly itemSess: Int32Array;
  /** recency rank of each session (0 = most recent built one; added sessions rank below 0, newest lowest) */
  recency: Int32Array;
  /** events per item in the pool */
  readonly itemEvents: Float64Array;
  /** sqrt of the number of distinct items of each session */
  sqrtSetLen: Float64Array;
  /** longest session (events) */
  maxSeqLen: number;
  /** numeric session ids, or null */
  keys: Int32Array | null;
  /** sessions built at construction (the rest came through `add`) */
  readonly nBuilt: number;
  /** added sessions later retired (replaced by a longer version of themselves) */
  retired = 0;
  /** changes with every add or retire (for caches of pool-wide values such as idf) */
  version = 0;
  /** capacity grows of the per-session arrays (so a test can tell add's cost from reallocation) */
  reallocations = 0;
  private idfValues: Float64Array;
  private idfVersion = -1;

  // added sessions: per item, a linked list of postings, newest first
  private freshHead: Int32Array;
  /** 1 for a retired added session (skipped as a candidate) */
  private dead: Uint8Array = new Uint8Array(0);
  private postSess: Int32Array = new Int32Array(0);
  private postNext: Int32Array = new Int32Array(0);
  private nPost = 0;
  private nSeq: number;
  private nSet: number;

  // scratch
  private stamp: Uint32Array;
  private gen = 0;
  private unionBuf: Int32Array;
  private heapPos = new Int32Array(16);
  private heapEnd = new Int32Array(16);
  private heapKey = new Int32Array(16);

  private constructor(nItems: number, seqPtr: Int32Array, seqItems: Int32Array, sessTime: Float64Array, keys: Int32Array | null) {
    this.nItems = nItems;
    this.idfValues = new Float64Array(nItems);
    this.keys = keys;
    this.seqPtr = seqPtr;
    this.seqItems = seqItems;
    this.sessTime = sessTime;
    const nS = sessTime.length;
    this.nSessions = nS;
    this.nBuilt = nS;
    this.nSeq = seqPtr[nS];
    this.freshHead = new Int32Array(nItems).fill(-1);
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
    this.nSet = setTmp.length;
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
    const n = this.nSessions;
    return {
      nItems: this.nItems,
      ptr: Array.from(this.seqPtr.subarray(0, n + 1)),
      items: Array.from(this.seqItems.subarray(0, this.nSeq)),
      times: Array.from(this.sessTime.subarray(0, n)),
      ...(this.keys ? { keys: Array.from(this.keys.subarray(0, n)) } : {}),
    };
  }

  /** Sessions added since construction. */
  get added(): number {
    return this.nSessions - this.nBuilt;
  }

  /**
   * Room for `sessions` more sessions of `events` events in all, so that adding them never
   * reallocates (each add then costs O(its own length), whatever the pool size).
   */
  reserve(sessions: number, events: number): void {
    const nS = this.nSessions + sessions;
    if (this.sessTime.length < nS) {
      this.reallocations++;
      this.seqPtr = growInt(this.seqPtr, nS + 1);
      this.setPtr = growInt(this.setPtr, nS + 1);
      this.sessTime = growFloat(this.sessTime, nS);
      this.sqrtSetLen = growFloat(this.sqrtSetLen, nS);
      this.recency = growInt(this.recency, nS);
      if (this.keys) this.keys = growInt(this.keys, nS);
      const stamp = new Uint32Array(nS);
      stamp.set(this.stamp);
      this.stamp = stamp;
      const dead = new Uint8Array(nS);
      dead.set(this.dead);
      this.dead = dead;
      this.unionBuf = new Int32Array(nS);
    }
    if (this.seqItems.length < this.nSeq + events || this.setItems.length < this.nSet + events || this.postSess.length < this.nPost + events) {
      this.reallocations++;
      this.seqItems = growInt(this.seqItems, this.nSeq + events);
      this.setItems = growInt(this.setItems, this.nSet + events);
      this.postSess = growInt(this.postSess, this.nPost + events);
      this.postNext = growInt(this.postNext, this.nPost + events);
    }
  }

  /**
   * Adds one session (its items oldest first, the time of its last event, its numeric id if
   * any) to the pool, as the most recent session: its items' posting lists get it at their
   * head, exactly where a rebuild would put a session that ended after all the others. Items
   * outside the index are dropped; an empty session is not added. Returns the number of
   * posting-list entries written (its distinct items). Grows the arrays by doubling when
   * `reserve` did not make room (amortized O(1) per event).
   */
  add(items: ArrayLike<number>, time: number, key = -1): number {
    let len = 0;
    for (let j = 0; j < items.length; j++) if (items[j] >= 0 && items[j] < this.nItems) len++;
    if (len === 0) return 0;
    const s = this.nSessions;
    if (this.sessTime.length < s + 1 || this.seqItems.length < this.nSeq + len || this.postSess.length < this.nPost + len) {
      this.reserve(Math.max(1, s), Math.max(len, this.nSeq));
    }
    this.seqPtr[s] = this.nSeq;
    this.setPtr[s] = this.nSet;
    const start = this.nSet;
    let written = 0;
    for (let j = 0; j < items.length; j++) {
      const it = items[j];
      if (!(it >= 0 && it < this.nItems)) continue;
      this.seqItems[this.nSeq++] = it;
      this.itemEvents[it] += 1;
      let seen = false;
      for (let q = start; q < this.nSet; q++) {
        if (this.setItems[q] === it) {
          seen = true;
          break;
        }
      }
      if (seen) continue;
      this.setItems[this.nSet++] = it;
      const e = this.nPost++;
      this.postSess[e] = s;
      this.postNext[e] = this.freshHead[it];
      this.freshHead[it] = e;
      written++;
    }
    this.sessTime[s] = time;
    this.recency[s] = -(s - this.nBuilt + 1);
    this.sqrtSetLen[s] = Math.sqrt(this.nSet - start);
    if (this.keys) {
      if (key >= 0 && key <= 0x7fffffff) this.keys[s] = key;
      else this.keys = null;
    }
    this.nSessions = s + 1;
    this.seqPtr[s + 1] = this.nSeq;
    this.setPtr[s + 1] = this.nSet;
    this.maxSeqLen = Math.max(this.maxSeqLen, len);
    this.version++;
    return written;
  }

  /** Sessions that can be neighbors (all but the retired ones). */
  get liveSessions(): number {
    return this.nSessions - this.retired;
  }

  /**
   * session-rec's item idf, log(#sessions / #events of the item) (0 for an item with none), for the pool as it
   * is now: recomputed after an add or retire, when next asked.
   */
  idf(): Float64Array {
    if (this.idfVersion !== this.version) {
      for (let i = 0; i < this.nItems; i++) this.idfValues[i] = this.itemEvents[i] > 0 ? Math.log(this.liveSessions / this.itemEvents[i]) : 0;
      this.idfVersion = this.version;
    }
    return this.idfValues;
  }

  /**
   * Takes an added session out of the pool (when a longer version of it replaces it): it is no
   * longer a candidate and its events leave the item counts. O(its length).
   */
  retire(s: number): void {
    if (s < this.nBuilt || s >= this.nSessions || this.dead[s]) throw new Error(`session ${s} is not a live added session`);
    this.dead[s] = 1;
    this.retired++;
    for (let p = this.seqPtr[s]; p < this.seqPtr[s + 1]; p++) this.itemEvents[this.seqItems[p]] -= 1;
    this.version++;
  }

  private nextGen(): number {
    if (++this.gen === 0xffffffff) {
      this.stamp.fill(0);
      this.gen = 1;
    }
    return this.gen;
  }

  /**
   * Candidate neighbor sessions for the distinct current items: the union of their sessions, or,
   * when that union is larger than `sampleSize` (> 0), its `sampleSize` most recent sessions.
   * Returned most recent first (a view, valid until the next call). A k-way merge over the
   * per-item lists (each already in recency order) visits at most what it returns plus duplicates.
   */
  candidates(distinctItems: ArrayLike<number>, sampleSize: number): Int32Array {
    const g = this.nextGen();
    const stamp = this.stamp;
    const buf = this.unionBuf;
    const cap = sampleSize > 0 ? sampleSize : this.nSessions;
    const m = distinctItems.length;
    const rec = this.recency;
    const itemSess = this.itemSess;
    const postSess = this.postSess;
    const postNext = this.postNext;
    const dead = this.dead;
    // binary heap of list cursors keyed by the recency rank of their head session; a cursor into
    // the built CSR lists has end >= 0, one into an item's list of added sessions has end -1
    if (this.heapPos.length < 2 * m) {
      this.heapPos = new Int32Array(m * 4);
      this.heapEnd = new Int32Array(m * 4);
      this.heapKey = new Int32Array(m * 4);
    }
    const pos = this.heapPos;
    const end = this.heapEnd;
    const hk = this.heapKey;
    let h = 0;
    const push = (p0: number, p1: number, key: number): void => {
      let i = h++;
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
    };
    for (let j = 0; j < m; j++) {
      const it = distinctItems[j];
      if (it < this.nItems) {
        const f = this.freshHead[it];
        if (f >= 0) push(f, -1, rec[postSess[f]]);
      }
      const p0 = this.itemPtr[it];
      const p1 = this.itemPtr[it + 1];
      if (p0 < p1) push(p0, p1, rec[itemSess[p0]]);
    }
    let n = 0;
    while (h > 0 && n < cap) {
      const fresh = end[0] < 0;
      const s = fresh ? postSess[pos[0]] : itemSess[pos[0]];
      if (stamp[s] !== g && !(fresh && dead[s])) {
        stamp[s] = g;
        buf[n++] = s;
      }
      // advance the top cursor (or drop it) and sift down
      let cp: number;
      let ce = end[0];
      let ck = 0;
      let alive: boolean;
      if (fresh) {
        cp = postNext[pos[0]];
        alive = cp >= 0;
        if (alive) ck = rec[postSess[cp]];
      } else {
        cp = pos[0] + 1;
        alive = cp < ce;
        if (alive) ck = rec[itemSess[cp]];
      }
      if (!alive) {
        h--;
        if (h === 0) break;
        cp = pos[h];
        ce = end[h];
        ck = hk[h];
      }
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

function growInt(a: Int32Array, min: number): Int32Array {
  if (a.length >= min) return a;
  const out = new Int32Array(Math.max(min, a.length * 2, 16));
  out.set(a);
  return out;
}

function growFloat(a: Float64Array, min: number): Float64Array {
  if (a.length >= min) return a;
  const out = new Float64Array(Math.max(min, a.length * 2, 16));
  out.set(a);
  return out;
}
