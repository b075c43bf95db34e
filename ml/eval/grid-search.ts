/** Parameter grid search for one model, scored on the validation tail of the training data. */
import type { SessionDataset } from '../data/session-dataset';
import type { Recommender } from '../models/recommender';
import { evaluateSessions } from './evaluate';
import { validationSplit, type ValidationOptions } from './validation-tail';

export interface GridResult {
  params: Record<string, unknown>;
  hr: number;
  mrr: number;
  ndcg: number;
}

/** Cartesian product of a parameter grid. */
export function expandGrid(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [k, vals] of Object.entries(grid)) {
    const next: Record<string, unknown>[] = [];
    for (const o of out) for (const v of vals) next.push({ ...o, [k]: v });
    out = next;
  }
  return out;
}

/** Evaluate every grid point on the validation tail of `train`; best MRR first. */
export async function gridSearch(
  make: (params: Record<string, unknown>) => Recommender,
  grid: Record<string, unknown[]>,
  train: SessionDataset,
  opts: ValidationOptions = {},
): Promise<GridResult[]> {
  const sp = validationSplit(train, opts);
  const res: GridResult[] = [];
  for (const params of expandGrid(grid)) {
    const m = make(params);
    await m.fit(sp.train);
    const r = evaluateSessions(m, sp.train, sp.test, { cutoff: opts.cutoff ?? 20 });
    res.push({ params, hr: r.hr, mrr: r.mrr, ndcg: r.ndcg });
  }
  return res.sort((a, b) => b.mrr - a.mrr);
}
