/**
 * "tuned" / "blend" / "blend-gru4rec": a model that, when fitted, tunes an ensemble on the tail of its training
 * data (../eval/tune-blend.ts) and then fits the chosen ensemble on all of it, so `npm run eval -- --models
 * tuned` reports honest test numbers. Artifacts are those of the chosen ensemble.
 */
import type { SessionDataset } from '../data/session-dataset';
import type { Recommender } from './recommender';
import { tuneBlend, type BlendCandidate, type BlendResult } from '../eval/tune-blend';
import { EnsembleModel, type EnsembleMember } from './ensemble';
import { defaultBlendCandidates, type Gru4RecBlendParams } from './blend-candidates';
import { DelegatingModel } from './delegating-model';
import type { ModelServices } from './services';

export interface TunedParams {
  /** validation tail in days (default 1) */
  days?: number;
  depth?: number;
  passes?: number;
  /** add GRU4Rec (its parameters; `true` = defaults) as a member; training takes minutes */
  withGru4rec?: boolean | Gru4RecBlendParams;
  /** add the calibrated repeat model (../models/repeat.ts, scores used as they are) as a member (default false: no gain on the YooChoose validation tail) */
  withRepeat?: boolean;
  /** the ensemble's name (artifact label) */
  name?: string;
  /** refine the weights per session-length bucket (upper bounds, e.g. [1, 3]); default none */
  lengthBuckets?: number[];
  /** tune for the served task: the session's items are never in a list (../eval/served-task.ts) */
  excludeSession?: boolean;
}

/**
 * A model that, when fitted, tunes an ensemble on the tail of its training data and then fits the
 * chosen ensemble on all of it. Artifacts are those of the chosen ensemble.
 */
export class TunedModel extends DelegatingModel<EnsembleModel> {
  readonly name: string;
  readonly params: TunedParams;
  result: BlendResult | null = null;

  constructor(
    private readonly make: (name: string, params?: Record<string, unknown>) => Recommender,
    params: TunedParams = {},
    private readonly services: ModelServices = {},
  ) {
    super('tuned: not fitted');
    this.params = params;
    this.name = params.name ?? (params.withGru4rec ? 'blend-gru4rec' : 'tuned');
  }

  async fit(data: SessionDataset): Promise<void> {
    const cands = this.candidates();
    const res = await tuneBlend(cands, data, {
      days: this.params.days ?? 1,
      depth: this.params.depth,
      passes: this.params.passes ?? 3,
      lengthBuckets: this.params.lengthBuckets,
      excludeSession: this.params.excludeSession,
      onProgress: this.services.log,
    });
    this.result = res;
    this.inner = await this.fitEnsemble(cands, res, data);
  }

  /** The same members and weights (no tuning) fitted on `data`: one fit of each member instead of two. */
  async refitOn(data: SessionDataset): Promise<TunedModel> {
    if (!this.result) throw new Error(`${this.name}: refitOn needs a fitted model`);
    const m = new TunedModel(this.make, this.params, this.services);
    m.result = this.result;
    m.inner = await this.fitEnsemble(this.candidates(), this.result, data);
    return m;
  }

  private candidates(): BlendCandidate[] {
    const g = this.params.withGru4rec;
    return defaultBlendCandidates(this.make, { gru4rec: g ? (g === true ? {} : g) : false, repeat: this.params.withRepeat, services: this.services });
  }

  private async fitEnsemble(cands: BlendCandidate[], res: BlendResult, data: SessionDataset): Promise<EnsembleModel> {
    const members: EnsembleMember[] = [];
    const bw = res.bucketWeights;
    cands.forEach((c, i) => {
      if (bw ? bw.every((w) => w[i] === 0) : res.weights[i] === 0) return;
      const m: EnsembleMember = { model: c.make(), weight: res.weights[i] };
      if (bw) m.weights = bw.map((w) => w[i]);
      if (c.norm && c.norm !== 'max') {
        m.norm = c.norm;
        m.normOptions = c.normOptions;
      }
      members.push(m);
    });
    const ens = new EnsembleModel(members, this.name, bw ? res.lengthBuckets ?? null : null);
    await ens.fit(data);
    return ens;
  }
}
