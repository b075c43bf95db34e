/**
 * The base class of the association-rule models (AR, SR): they differ only in which rules `fit` counts;
 * scoring, recommending and artifacts run on the packed rule table (./rules.ts).
 */
import type { SessionDataset } from '../data/session-dataset';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './recommender';
import { ruleRecommend, ruleScoreAll, rulesFromState, rulesToState, type RuleTable } from './rules';
import { checkArtifact } from './artifact-check';

export abstract class RuleModel<P extends object> implements Recommender {
  abstract readonly name: 'ar' | 'sr';
  protected table: RuleTable = { nItems: 0, ptr: new Int32Array(1), targets: new Int32Array(0), weights: new Float64Array(0) };

  constructor(readonly params: P) {}

  abstract fit(data: SessionDataset): void;

  scoreAll(ctx: RecommendContext): Float64Array {
    return ruleScoreAll(this.table, ctx);
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    return ruleRecommend(this.table, ctx, k, exclude);
  }

  toArtifact(): ModelArtifact {
    return { kind: this.name, version: 1, params: { ...this.params } as Record<string, unknown>, state: rulesToState(this.table) };
  }

  /** `m` (a new model from the artifact's params) with the artifact's rule table. */
  protected static restore<M extends RuleModel<object>>(m: M, a: ModelArtifact): M {
    checkArtifact(a, m.name, 1);
    m.table = rulesFromState(a.state);
    return m;
  }
}
