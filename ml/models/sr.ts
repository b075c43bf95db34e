/**
 * SR: sequential rules (session-rec `algorithms/baselines/sr.py`; class defaults steps=10, weighting=div,
 * pruning=20; here steps=8 as tuned for RSC15 in RESULTS.md). For every event, each of the up to `steps` preceding events of the same session adds
 * weight(distance) to the rule (earlier -> this item).
 */
import type { SessionDataset } from '../data/types';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './types';
import { addRule, packRules, ruleRecommend, ruleScoreAll, rulesFromState, rulesToState, type RawRules, type RuleTable } from './rules';
import { checkArtifact } from './artifact-check';
import { requireWeight, stepWeights } from './step-weights';

export interface SrParams {
  steps?: number;
  weighting?: 'linear' | 'same' | 'div' | 'log' | 'quadratic';
  pruning?: number;
}

export class SrModel implements Recommender {
  readonly name = 'sr';
  readonly params: Required<SrParams>;
  private table: RuleTable = { nItems: 0, ptr: new Int32Array(1), targets: new Int32Array(0), weights: new Float64Array(0) };

  constructor(params: SrParams = {}) {
    this.params = { steps: params.steps ?? 8, weighting: params.weighting ?? 'div', pruning: params.pruning ?? 20 };
    requireWeight(stepWeights, this.params.weighting, 'sr');
  }

  fit(data: SessionDataset): void {
    const w = requireWeight(stepWeights, this.params.weighting, 'sr');
    const steps = this.params.steps;
    const rules: RawRules = new Map();
    for (const s of data.sessions) {
      const ev = s.events;
      for (let j = 1; j < ev.length; j++) {
        const item = ev[j].item;
        const upto = Math.min(steps, j);
        for (let i = 1; i <= upto; i++) addRule(rules, ev[j - i].item, item, w(i));
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
    return { kind: 'sr', version: 1, params: { ...this.params }, state: rulesToState(this.table) };
  }

  static fromArtifact(a: ModelArtifact): SrModel {
    checkArtifact(a, 'sr', 1);
    const m = new SrModel(a.params as SrParams);
    m.table = rulesFromState(a.state);
    return m;
  }
}
