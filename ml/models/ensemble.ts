/**
 * ENSEMBLE: weighted sum of member scores, each member's score vector normalized per request so
 * members on different scales mix. The default normalization ('max') divides by the request's
 * maximum and ignores non-positive scores (right for kNN / rules scores); members with scores of
 * any sign (GRU4Rec logits) use 'minmax', 'softmax' or 'rank' (see `normalizeScores`).
 * Members are any Recommenders.
 */
import type { SessionDataset } from '../data/session-dataset';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './recommender';
import { checkArtifact } from './artifact-check';
import { topK } from './top-k';
import { normalizeScores, SCORE_NORMS, type NormOptions, type ScoreNorm } from './score-norm';

export interface EnsembleMember {
  model: Recommender;
  weight: number;
  /** per session-length bucket weights (see EnsembleModel `lengthBuckets`); `weight` when absent */
  weights?: number[];
  /** per-request score normalization (default 'max') */
  norm?: ScoreNorm;
  normOptions?: NormOptions;
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
        const v = normalizeScores(s, norm, normOptions);
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
      if (m.norm !== undefined && !SCORE_NORMS.includes(m.norm)) throw new Error(`ensemble: unknown score normalization ${String(m.norm)}`);
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
