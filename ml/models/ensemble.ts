/**
 * ENSEMBLE: weighted sum of member scores, each member's score vector normalised per request so
 * members on different scales mix. The default normalisation ('max') divides by the request's
 * maximum and ignores non-positive scores (right for kNN / rules scores); members with scores of
 * any sign (GRU4Rec logits) use 'minmax', 'softmax' or 'rank' (see `normaliseScores`).
 * Members are any Recommenders.
 */
import type { SessionDataset } from '../data/types';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './types';
import { checkArtifact, topK } from './util';

export interface EnsembleMember {
  model: Recommender;
  weight: number;
  /** per session-length bucket weights (see EnsembleModel `lengthBuckets`); `weight` when absent */
  weights?: number[];
  /** per-request score normalisation (default 'max') */
  norm?: ScoreNorm;
  normOptions?: NormOptions;
}

/** How a member's per-request score vector is mapped before weighting. */
export type ScoreNorm =
  /** divide by the request's maximum; non-positive scores count 0 (the kNN members' rule) */
  | 'max'
  /** (s - min) / (max - min) over the request's top `normDepth` items; others 0 */
  | 'minmax'
  /** softmax over all items (probabilities); divided by the top probability unless `softmaxScale` is 'sum' */
  | 'softmax'
  /** 1 / (rank + rankOffset) for the top `normDepth` items, scaled so rank 1 gets 1; others 0 */
  | 'rank'
  /** the scores as they are (non-positive ones count 0): for members whose scores are calibrated probabilities */
  | 'none';

export const SCORE_NORMS: ScoreNorm[] = ['max', 'minmax', 'softmax', 'rank', 'none'];

export interface NormOptions {
  /** items kept by 'minmax' and 'rank' (default 100) */
  normDepth?: number;
  /** rank offset of 'rank' (default 5) */
  rankOffset?: number;
  /** softmax temperature (default 1) */
  temperature?: number;
  /** 'max' (default): the top item gets 1; 'sum': plain probabilities (a confident model weighs more) */
  softmaxScale?: 'max' | 'sum';
}

/**
 * Normalised copy of `s`: every output lies in [0, 1], the request's best item gets 1 and items that
 * should not contribute get 0 (except 'none', which keeps the positive scores as they are).
 */
export function normaliseScores(s: ArrayLike<number>, mode: ScoreNorm, o: NormOptions = {}): Float64Array {
  const n = s.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (mode === 'max') {
    let max = 0;
    for (let i = 0; i < n; i++) if (s[i] > max) max = s[i];
    if (!(max > 0)) return out;
    for (let i = 0; i < n; i++) if (s[i] > 0) out[i] = s[i] / max;
    return out;
  }
  if (mode === 'none') {
    for (let i = 0; i < n; i++) if (s[i] > 0) out[i] = s[i];
    return out;
  }
  if (mode === 'softmax') {
    const T = o.temperature ?? 1;
    let max = -Infinity;
    for (let i = 0; i < n; i++) if (s[i] > max) max = s[i];
    if (!Number.isFinite(max)) return out;
    // exp((s - max) / T) is the probability divided by the top probability
    let z = 0;
    for (let i = 0; i < n; i++) z += out[i] = Math.exp((s[i] - max) / T);
    if (o.softmaxScale === 'sum') for (let i = 0; i < n; i++) out[i] /= z;
    return out;
  }
  const depth = Math.min(n, Math.max(1, o.normDepth ?? 100));
  const top = topIndices(s, depth);
  if (mode === 'minmax') {
    const hi = s[top[0]];
    const lo = top.length > 1 ? s[top[top.length - 1]] : hi - 1;
    const span = hi - lo;
    for (let j = 0; j < top.length; j++) {
      const v = span > 0 ? (s[top[j]] - lo) / span : 1;
      // keep the last kept item distinguishable from unlisted items
      out[top[j]] = Math.max(v, 1e-6);
    }
    return out;
  }
  // rank
  const off = o.rankOffset ?? 5;
  for (let j = 0; j < top.length; j++) out[top[j]] = (1 + off) / (j + 1 + off);
  return out;
}

/** Indices of the `k` largest values, best first; ties keep the lower index first. */
export function topIndices(s: ArrayLike<number>, k: number): number[] {
  const n = s.length;
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = s[i];
    if (Number.isNaN(v)) continue;
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


export class EnsembleModel implements Recommender {
  readonly name: string;
  readonly members: EnsembleMember[];
  /**
   * Optional session-length buckets (upper bounds, e.g. [1, 3]: sessions of 1 item, 2-3 items, 4+): a member with
   * `weights` uses weights[bucket] instead of `weight` for a request whose session has that many items.
   */
  readonly lengthBuckets: number[] | null;

  constructor(members: EnsembleMember[], name = 'ensemble', lengthBuckets: number[] | null = null) {
    if (members.length === 0) throw new Error('ensemble: needs at least one member');
    this.lengthBuckets = lengthBuckets && lengthBuckets.length ? [...lengthBuckets] : null;
    for (const m of members) {
      if (m.weights && (!this.lengthBuckets || m.weights.length !== this.lengthBuckets.length + 1)) {
        throw new Error('ensemble: per-bucket weights need lengthBuckets and one weight per bucket');
      }
    }
    this.members = members;
    this.name = name;
  }

  private bucketOf(length: number): number {
    const b = this.lengthBuckets;
    if (!b) return 0;
    for (let i = 0; i < b.length; i++) if (length <= b[i]) return i;
    return b.length;
  }

  async fit(data: SessionDataset): Promise<void> {
    for (const m of this.members) await m.model.fit(data);
  }

  scoreAll(ctx: RecommendContext): Float64Array {
    let out: Float64Array | null = null;
    const bucket = this.bucketOf(ctx.items.length);
    for (const { model, weight: w0, weights, norm, normOptions } of this.members) {
      const weight = weights ? weights[bucket] : w0;
      if (weight === 0) continue;
      const s = model.scoreAll(ctx);
      if (!out) out = new Float64Array(s.length);
      if (norm && norm !== 'max') {
        const v = normaliseScores(s, norm, normOptions);
        for (let i = 0; i < v.length; i++) if (v[i] > 0) out[i] += weight * v[i];
        continue;
      }
      let max = 0;
      for (let i = 0; i < s.length; i++) if (s[i] > max) max = s[i];
      if (!(max > 0)) continue;
      const f = weight / max;
      for (let i = 0; i < s.length; i++) if (s[i] > 0) out[i] += s[i] * f;
    }
    return out ?? new Float64Array(0);
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    return topK(this.scoreAll(ctx), k, exclude);
  }

  toArtifact(): ModelArtifact {
    return {
      kind: 'ensemble',
      version: 1,
      params: { name: this.name, ...(this.lengthBuckets ? { lengthBuckets: [...this.lengthBuckets] } : {}) },
      state: {
        members: this.members.map((m) => ({
          weight: m.weight,
          ...(m.weights ? { weights: [...m.weights] } : {}),
          ...(m.norm && m.norm !== 'max' ? { norm: m.norm, normOptions: m.normOptions ?? {} } : {}),
          artifact: m.model.toArtifact(),
        })),
      },
    };
  }

  /** `restore` turns a member artifact back into a model (the registry's modelFromArtifact). */
  static async fromArtifact(a: ModelArtifact, restore: (a: ModelArtifact) => Recommender | Promise<Recommender>): Promise<EnsembleModel> {
    checkArtifact(a, 'ensemble', 1);
    const st = a.state as { members: { weight: number; weights?: number[]; norm?: ScoreNorm; normOptions?: NormOptions; artifact: ModelArtifact }[] };
    const members: EnsembleMember[] = [];
    for (const m of st.members) {
      if (m.norm !== undefined && !SCORE_NORMS.includes(m.norm)) throw new Error(`ensemble: unknown score normalisation ${String(m.norm)}`);
      const member: EnsembleMember = { weight: m.weight, model: await restore(m.artifact) };
      if (Array.isArray(m.weights)) member.weights = m.weights.map(Number);
      if (m.norm && m.norm !== 'max') {
        member.norm = m.norm;
        member.normOptions = m.normOptions;
      }
      members.push(member);
    }
    const params = a.params as { name?: string; lengthBuckets?: number[] };
    return new EnsembleModel(members, String(params.name ?? 'ensemble'), Array.isArray(params.lengthBuckets) ? params.lengthBuckets.map(Number) : null);
  }
}
