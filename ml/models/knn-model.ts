/** The base class of the session-kNN models (SKNN, V-SKNN, STAN, VSTAN): fit -> SessionIndex, scoring buffers, recommend, artifacts. */
import type { SessionDataset } from '../data/session-dataset';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './recommender';
import { SessionIndex, type SessionsState } from './knn-session-index';
import { NeighborSelector } from './knn-neighbors';
import { ItemAccumulator } from './knn-item-scores';
import { checkArtifact } from './artifact-check';
import { validItems } from './context-items';
import { topK } from './top-k';
import { PyIntSet } from './pyset';
import type { FreshSession } from './fresh-sessions';

/**
 * How ties between equally similar neighbor candidates are broken at the k-cut:
 * 'index' (default): the lower session index (earlier in the training data) wins — cheap, deterministic;
 * 'python': exactly as session-rec on CPython (iteration order of its Python sets, neighbor scores
 *   summed in sorted order; reproduction only, slower).
 */
export type TieOrder = 'index' | 'python';

export abstract class KnnModel<P extends object> implements Recommender {
  abstract readonly name: string;
  readonly params: P;
  protected ix: SessionIndex | null = null;
  protected acc: ItemAccumulator | null = null;
  /** per-item scratch (current-session marks / weights), reset after each request */
  protected curW = new Float64Array(0);
  protected curMark = new Uint8Array(0);
  protected posLast = new Int32Array(0);
  protected simBuf = new Float64Array(0);
  protected selector = new NeighborSelector(0);
  /** latest session time in training (stand-in for a missing ctx.time) */
  protected maxTime = 0;
  /** divide scores by their max (session-rec normalize=True for SKNN / V-SKNN) */
  protected abstract readonly normalize: boolean;
  /** session-rec's SKNN unions the item's sessions into relevant_sessions twice per step (it matters for set order) */
  protected unionsPerStep = 1;
  private pyItemSets: (PyIntSet | undefined)[] = [];
  private pyKeyToIdx = new Map<number, number>();
  private pyCache: { items: number[]; relevant: PyIntSet } | null = null;
  /** added sessions by id (so a longer version of a session replaces it) */
  private addedById = new Map<string, number>();

  constructor(params: P) {
    this.params = params;
  }

  fit(data: SessionDataset): void {
    this.setIndex(SessionIndex.fromDataset(data));
  }

  protected setIndex(ix: SessionIndex): void {
    this.ix = ix;
    this.acc = new ItemAccumulator(ix.nItems);
    this.curW = new Float64Array(ix.nItems);
    this.curMark = new Uint8Array(ix.nItems);
    this.posLast = new Int32Array(ix.nItems);
    this.simBuf = new Float64Array(ix.nSessions);
    this.selector = new NeighborSelector(ix.nSessions);
    let m = -Infinity;
    for (let s = 0; s < ix.nSessions; s++) if (ix.sessTime[s] > m) m = ix.sessTime[s];
    this.maxTime = Number.isFinite(m) ? m : 0;
    this.pyItemSets = [];
    this.pyKeyToIdx = new Map();
    this.pyCache = null;
    this.addedById = new Map();
    this.afterIndex(ix);
  }

  /** hook for precomputation (idf, ...) */
  protected afterIndex(_ix: SessionIndex): void {}

  /** Room for `sessions` more added sessions of `events` events in all (see SessionIndex.reserve). */
  reserveSessions(sessions: number, events: number): void {
    if (!this.ix) throw new Error(`${this.name}: not fitted`);
    this.ix.reserve(sessions, events);
  }

  /**
   * Adds a session that ended after everything in the pool (items oldest first, dense indices;
   * `time` = its last event, Unix seconds) to the neighbor pool without a refit: the next
   * request can pick it as a neighbor. A session added before under the same id is replaced
   * (a journey that went on). Returns false when none of its items is known.
   */
  addSession(session: FreshSession): boolean {
    const ix = this.ix;
    if (!ix) throw new Error(`${this.name}: not fitted`);
    const key = session.id !== undefined && /^\d{1,10}$/.test(session.id) ? Number(session.id) : -1;
    const earlier = session.id !== undefined ? this.addedById.get(session.id) : undefined;
    if (earlier !== undefined) {
      ix.retire(earlier);
      this.addedById.delete(session.id!);
    }
    const s = ix.nSessions;
    if (ix.add(session.items, session.time, key) === 0) {
      if (earlier !== undefined) this.afterAdd(ix);
      return false;
    }
    if (session.id !== undefined) this.addedById.set(session.id, s);
    if (session.time > this.maxTime) this.maxTime = session.time;
    this.pyItemSets = [];
    this.pyKeyToIdx = new Map();
    this.pyCache = null;
    this.afterAdd(ix);
    return true;
  }

  /** hook after an added session (refresh what depends on the pool's size) */
  protected afterAdd(_ix: SessionIndex): void {}

  /** per-session scratch follows the pool as sessions are added */
  private fitScratch(ix: SessionIndex): void {
    if (this.simBuf.length >= ix.nSessions) return;
    const cap = ix.sessTime.length;
    this.simBuf = new Float64Array(cap);
    this.selector = new NeighborSelector(cap);
  }

  protected get tieOrder(): TieOrder {
    return (this.params as { tieOrder?: TieOrder }).tieOrder ?? 'index';
  }

  /**
   * Neighbor candidates (session indices) in the order ties are broken: ascending index, or
   * session-rec's Python set order when tieOrder = 'python' (needs numeric session ids).
   */
  protected candidateOrder(items: number[], cur: number[], ix: SessionIndex, sampleSize: number): ArrayLike<number> {
    if (this.tieOrder !== 'python' || !ix.keys) return ix.candidates(cur, sampleSize);
    const keys = ix.keys;
    if (this.pyItemSets.length === 0) {
      // item -> set of session ids, built by adding sessions in training-row order
      const sets: (PyIntSet | undefined)[] = new Array(ix.nItems);
      for (let s = 0; s < ix.nSessions; s++) {
        this.pyKeyToIdx.set(keys[s], s);
        for (let p = ix.seqPtr[s]; p < ix.seqPtr[s + 1]; p++) {
          const it = ix.seqItems[p];
          (sets[it] ??= new PyIntSet()).add(keys[s]);
        }
      }
      this.pyItemSets = sets;
    }
    // relevant_sessions = relevant_sessions | sessions_for_item(input) at every step of the session
    const c = this.pyCache;
    let start = 0;
    let relevant = new PyIntSet();
    if (c && c.items.length < items.length && c.items.every((v, j) => v === items[j])) {
      start = c.items.length;
      relevant = c.relevant;
    }
    const empty = new PyIntSet();
    for (let t = start; t < items.length; t++) {
      const S = this.pyItemSets[items[t]] ?? empty;
      for (let u = 0; u < this.unionsPerStep; u++) relevant = PyIntSet.union(relevant, S);
    }
    this.pyCache = { items: items.slice(), relevant };
    let order = relevant.keys();
    if (sampleSize > 0 && order.length > sampleSize) {
      // most_recent_sessions: stable sort by last-event time desc, first sampleSize into a new set
      const idxOf = this.pyKeyToIdx;
      const tuples = order.map((k) => ({ k, t: ix.sessTime[idxOf.get(k)!] }));
      tuples.sort((a, b) => b.t - a.t);
      const sample = new PyIntSet();
      for (let j = 0; j < sampleSize; j++) sample.add(tuples[j].k);
      order = sample.keys();
    }
    return Int32Array.from(order, (k) => this.pyKeyToIdx.get(k)!);
  }

  /** positions (into cand) of the k nearest neighbors with similarity > 0 */
  protected selectNeighbors(cand: ArrayLike<number>, sims: Float64Array, n: number, k: number): Int32Array {
    const py = this.tieOrder === 'python';
    return this.selector.select(cand, sims, n, k, py ? 'position' : 'session', py || this.sortedSum);
  }

  /** sum neighbor contributions in similarity order (session-rec's float summation order) */
  protected sortedSum = false;

  /** Fill `acc` with the (unnormalized) scores for the given session items (all valid, oldest first). */
  protected abstract accumulate(items: number[], time: number, ix: SessionIndex, acc: ItemAccumulator): void;

  protected run(ctx: RecommendContext): ItemAccumulator | null {
    const ix = this.ix;
    const acc = this.acc;
    if (!ix || !acc) throw new Error(`${this.name}: not fitted`);
    acc.reset();
    this.fitScratch(ix);
    const items = validItems(ctx.items, ix.nItems);
    if (items.length === 0) return acc;
    const time = ctx.time ?? this.maxTime;
    this.accumulate(items, time, ix, acc);
    return acc;
  }

  scoreAll(ctx: RecommendContext): Float64Array {
    const acc = this.run(ctx)!;
    return acc.dense(this.normalize);
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    const acc = this.run(ctx)!;
    const res = topK(acc.scores, k, exclude, acc.touched, acc.n);
    if (this.normalize && res.length > 0) {
      const max = acc.max();
      if (max > 0) for (const r of res) r.score /= max;
    }
    return res;
  }

  toArtifact(): ModelArtifact {
    if (!this.ix) throw new Error(`${this.name}: not fitted`);
    return { kind: this.name, version: 1, params: { ...(this.params as Record<string, unknown>) }, state: this.ix.toState() };
  }

  protected static restore<M extends KnnModel<object>>(m: M, a: ModelArtifact): M {
    checkArtifact(a, m.name, 1);
    m.setIndex(SessionIndex.fromState(a.state as SessionsState));
    return m;
  }
}
