/**
 * SR: sequential rules (session-rec `algorithms/baselines/sr.py`; class defaults steps=10, weighting=div,
 * pruning=20; here steps=8 as tuned for RSC15 in RESULTS.md). For every event, each of the up to `steps` preceding events of the same session adds
 * weight(distance) to the rule (earlier -> this item).
 */
import type { SessionDataset } from '../data/session-dataset';
import type { ModelArtifact } from './recommender';
import { addRule, packRules, type RawRules } from './rules';
import { RuleModel } from './rule-model';
import { requireWeight, stepWeights } from './step-weights';

export interface SrParams {
  steps?: number;
  weighting?: 'linear' | 'same' | 'div' | 'log' | 'quadratic';
  pruning?: number;
}

export class SrModel extends RuleModel<Required<SrParams>> {
  readonly name = 'sr';

  constructor(params: SrParams = {}) {
    super({ steps: params.steps ?? 8, weighting: params.weighting ?? 'div', pruning: params.pruning ?? 20 });
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

  static fromArtifact(a: ModelArtifact): SrModel {
    return RuleModel.restore(new SrModel(a.params as SrParams), a);
  }
}
