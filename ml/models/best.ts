/**
 * "best": the per-store selection pipeline as a model. `fit` validates the candidates on
 * the most recent sessions of the training data (ml/validate-candidates.ts), keeps the
 * winner, and refits it on all of the training data; scoring delegates to the winner. Its
 * artifact is the winner's, so a restored "best" is simply that model.
 */
import type { SessionDataset } from '../data/session-dataset';
import type { Recommender } from './recommender';
import type { CandidateMetrics, CandidateValidationOptions } from '../validate-candidates';
import { DelegatingModel } from './delegating-model';

export interface BestParams {
  candidates?: string[];
  validationFraction?: number;
  maxValidationEvents?: number;
  /** used when the data is too small to validate */
  defaultModel?: string;
}

type Factory = (name: string, params?: Record<string, unknown>) => Recommender;
type Validate = (data: SessionDataset, opts: CandidateValidationOptions) => Promise<{ ranked: CandidateMetrics[]; validationEvents: number }>;

export class BestModel extends DelegatingModel {
  readonly name = 'best';
  selected: string | null = null;
  validation: CandidateMetrics[] = [];

  constructor(
    private readonly create: Factory,
    private readonly validate: Validate,
    readonly params: BestParams = {},
    private readonly log: (msg: string) => void = () => {},
  ) {
    super('best: call fit() first');
  }

  async fit(data: SessionDataset): Promise<void> {
    const { ranked } = await this.validate(data, {
      candidates: this.params.candidates,
      validationFraction: this.params.validationFraction,
      maxValidationEvents: this.params.maxValidationEvents,
    });
    this.validation = ranked;
    for (const r of ranked) {
      this.log(`best: validation ${r.model}: HR@20 ${r.hr20.toFixed(4)} MRR@20 ${r.mrr20.toFixed(4)} (fit ${r.trainSeconds.toFixed(1)} s)`);
    }
    this.selected = ranked[0]?.model ?? this.params.defaultModel ?? 'vstan';
    const model = this.create(this.selected);
    await model.fit(data);
    this.inner = model;
  }
}
