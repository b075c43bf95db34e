/**
 * AR: association rules over all pairs of events in a training session (session-rec
 * `algorithms/baselines/ar.py`, default pruning=20). Every pair (earlier, later) of events in a
 * session adds 1 to both directions; each item keeps its `pruning` strongest rules.
 */
import type { SessionDataset } from '../data/session-dataset';
import type { ModelArtifact } from './recommender';
import { addRule, packRules, type RawRules } from './rules';
import { RuleModel } from './rule-model';

export interface ArParams {
  pruning?: number;
}

export class ArModel extends RuleModel<Required<ArParams>> {
  readonly name = 'ar';

  constructor(params: ArParams = {}) {
    super({ pruning: params.pruning ?? 20 });
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

  static fromArtifact(a: ModelArtifact): ArModel {
    return RuleModel.restore(new ArModel(a.params as ArParams), a);
  }
}
