/** A model that fits another model and then scores and serializes exactly as that inner model does. */
import type { SessionDataset } from '../data/session-dataset';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './recommender';

export abstract class DelegatingModel<M extends Recommender = Recommender> implements Recommender {
  abstract readonly name: string;
  protected inner: M | null = null;

  /** `notFitted`: the error message when the model is used before `fit`. */
  constructor(private readonly notFitted: string) {}

  abstract fit(data: SessionDataset): Promise<void>;

  /** the fitted inner model, or null before `fit` */
  get innerModel(): M | null {
    return this.inner;
  }

  protected get model(): M {
    if (!this.inner) throw new Error(this.notFitted);
    return this.inner;
  }

  scoreAll(ctx: RecommendContext): ReturnType<M['scoreAll']> {
    return this.model.scoreAll(ctx) as ReturnType<M['scoreAll']>;
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    return this.model.recommend(ctx, k, exclude);
  }

  toArtifact(): ModelArtifact {
    return this.model.toArtifact();
  }
}
