/**
 * "best": the per-store selection pipeline as a model. `fit` validates the candidates on
 * the most recent sessions of the training data (ml/train.ts validateCandidates), keeps the
 * winner, and refits it on all of the training data; scoring delegates to the winner. Its
 * artifact is the winner's, so a restored "best" is simply that model.
 */
import type { SessionDataset } from '../data/types';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './types';
import type { CandidateMetrics, TrainOptions } from '../train';

export interface BestParams {
  candidates?: string[];
  validationFraction?: number;
  maxValidationEvents?: number;
  /** used when the data is too small to validate */
  defaultModel?: string;
}

type Factory = (name: string, params?: Record<string, unknown>) => Recommender;
type Validate = (data: SessionDataset, opts: TrainOptions) => Promise<{ ranked: CandidateMetrics[]; validationEvents: number }>;

export class BestModel implements Recommender {
  readonly name = 'best';
  private winner: Recommender | null = null;
  selected: string | null = null;
  validation: CandidateMetrics[] = [];

  constructor(
    private readonly create: Factory,
    private readonly validate: Validate,
    readonly params: BestParams = {},
    private readonly log: (msg: string) => void = () => {},
  ) {}

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
    this.winner = model;
  }

  private get model(): Recommender {
    if (!this.winner) throw new Error('best: call fit() first');
    return this.winner;
  }

  scoreAll(ctx: RecommendContext) {
    return this.model.scoreAll(ctx);
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    return this.model.recommend(ctx, k, exclude);
  }

  toArtifact(): ModelArtifact {
    return this.model.toArtifact();
  }
}
