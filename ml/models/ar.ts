/**
 * AR: association rules over all pairs of events in a training session (session-rec
 * `algorithms/baselines/ar.py`, default pruning=20). Every pair (earlier, later) of events in a
 * session adds 1 to both directions; each item keeps its `pruning` strongest rules.
 */
import type { SessionDataset } from '../data/types';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './types';
import { addRule, packRules, ruleRecommend, ruleScoreAll, rulesFromState, rulesToState, type RawRules, type RuleTable } from './rules';
import { checkArtifact } from './artifact-check';

export interface ArParams {
  pruning?: number;
}

export class ArModel implements Recommender {
  readonly name = 'ar';
  readonly params: Required<ArParams>;
  private table: RuleTable = { nItems: 0, ptr: new Int32Array(1), targets: new Int32Array(0), weights: new Float64Array(0) };

  constructor(params: ArParams = {}) {
    this.params = { pruning: params.pruning ?? 20 };
  }

  fit(data: SessionDataset): void {
    const rules: RawRules = new Map();
    for (const s of data.sessions) {
      const ev = s.events;
      for (let j = 1; j < ev.length; j++) {
        const item = ev[j].item;
        for (let q = 0; q < j; q++) {
          const prev = ev[q].item;
          // session-rec creates rules[prev][item] before rules[item][prev] (insertion order matters for pruning ties)
          addRule(rules, prev, item, 1);
          addRule(rules, item, prev, 1);
        }
      }
    }
    this.table = packRules(rules, data.itemIds.length, this.params.pruning);
  }

  scoreAll(ctx: RecommendContext): Float64Array {
    return ruleScoreAll(this.table, ctx);
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    return ruleRecommend(this.table, ctx, k, exclude);
  }

  toArtifact(): ModelArtifact {
    return { kind: 'ar', version: 1, params: { ...this.params }, state: rulesToState(this.table) };
  }

  static fromArtifact(a: ModelArtifact): ArModel {
    checkArtifact(a, 'ar', 1);
    const m = new ArModel(a.params as ArParams);
    m.table = rulesFromState(a.state);
    return m;
  }
}
