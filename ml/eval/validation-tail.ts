/**
 * The validation tail of a training set (session-rec's rule: its last day by default; never the test data)
 * and its prediction events, for tuning and model selection.
 */
import type { SessionDataset } from '../data/session-dataset';
import { timeSplit, type SplitOptions } from '../data/split';
import type { RecommendContext } from '../models/recommender';

export interface ValidationOptions extends SplitOptions {
  cutoff?: number;
}

export function validationSplit(train: SessionDataset, opts: SplitOptions = {}) {
  const sp = timeSplit(train, opts.days === undefined && opts.fraction === undefined ? { ...opts, days: 1 } : opts);
  if (sp.test.sessions.length === 0) throw new Error('validation split is empty (too little training data?)');
  return sp;
}

export interface ValidationEvents {
  n: number;
  nItems: number;
  targets: Int32Array;
  contexts: RecommendContext[];
}

export function validationEvents(val: SessionDataset, nItems: number): ValidationEvents {
  const ctxs: RecommendContext[] = [];
  const targets: number[] = [];
  for (const s of val.sessions) {
    const prefix: number[] = [];
    for (let i = 0; i + 1 < s.events.length; i++) {
      prefix.push(s.events[i].item);
      ctxs.push({ items: prefix.slice(), time: s.events[i + 1].time });
      targets.push(s.events[i + 1].item);
    }
  }
  return { n: ctxs.length, nItems, targets: Int32Array.from(targets), contexts: ctxs };
}
