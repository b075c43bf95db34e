/**
 * `--models store` of the eval CLI (./eval.ts): the production per-store pipeline, with the options the
 * training job gives it (app/jobs/store-train-options.ts), scored on the test file through the bundle it
 * saves (ml/eval/store-pipeline.ts). Its candidates, their parameters and the validation are trainStore's,
 * whatever they are; `--preset`, `--params` and `--tie-order` do not apply to it.
 */
import type { TrainTest } from '../../ml/data/csv';
import type { TieMode } from '../../ml/eval/metrics';
import { evaluateStorePipeline, type StoreEvalResult } from '../../ml/eval/store-pipeline';
import type { CandidateMetrics } from '../../ml/validate-candidates';
import { storeTrainOptions } from '../jobs/store-train-options';

export interface StoreRunOptions {
  cutoff: number;
  ties: TieMode;
  streaming: boolean;
  /** the served task: the session's products never ranked (ml/eval/served-task.ts) */
  excludeSession?: boolean;
}

/** Runs the pipeline and evaluates its bundle; progress on stderr. */
export async function runStore(data: TrainTest, o: StoreRunOptions): Promise<StoreEvalResult> {
  const t0 = Date.now();
  const options = {
    ...storeTrainOptions(),
    onProgress: (p: { message: string }) => process.stderr.write(`[store] ${p.message} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`),
  };
  const r = await evaluateStorePipeline(data, options, {
    cutoff: o.cutoff,
    ties: o.ties,
    streaming: o.streaming,
    excludeSession: o.excludeSession,
    progressEvery: 2000,
    onProgress: (done, total) => process.stderr.write(`[store] ${done}/${total} predictions, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`),
  });
  process.stderr.write(`[store] selected ${r.training.selected}: HR@${o.cutoff}=${r.fixed.hr.toFixed(4)} MRR@${o.cutoff}=${r.fixed.mrr.toFixed(4)}\n`);
  if (r.streaming) process.stderr.write(`[store streaming] HR@${o.cutoff}=${r.streaming.hr.toFixed(4)} MRR@${o.cutoff}=${r.streaming.mrr.toFixed(4)} (${r.streaming.sessionsAdded} test sessions joined the pool)\n`);
  return r;
}

const f = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : '-');

/** The pipeline's selection, as lines for stdout: the winner, every candidate's validation figures and fit time, the total time. */
export function storeSummary(r: StoreEvalResult, itemCount: number): string[] {
  const t = r.training;
  const lines = [
    `store: selected ${t.selected}${t.validated ? ` on ${t.validationEvents} validation predictions (the most recent training sessions)` : ' without validation'}: ${t.note}`,
  ];
  const rows: CandidateMetrics[] = [...t.candidates];
  if (t.baseline && !rows.some((c) => c.model === t.baseline!.model)) rows.push(t.baseline);
  if (rows.length > 0) {
    lines.push('  candidate      HR@20   MRR@20   fit s');
    for (const c of rows) lines.push(`  ${c.model.padEnd(12)} ${f(c.hr20, 4).padStart(7)}  ${f(c.mrr20, 4).padStart(7)}  ${f(c.trainSeconds, 2).padStart(6)}${c.model === t.selected ? '  <- selected' : ''}`);
  }
  lines.push(
    `  pipeline ${r.pipelineSeconds.toFixed(1)} s (validation of every candidate, refit of ${t.selected} on all ${t.stats.sessions} sessions, bundle); ` +
      `artifact ${(r.artifactBytes / 1e6).toFixed(2)} MB; the bundle knows ${r.knownItems} of ${itemCount} items`,
  );
  return lines;
}

/** The `store` entry of the --json line. */
export function storeJson(r: StoreEvalResult) {
  const t = r.training;
  return {
    selected: t.selected,
    validated: t.validated,
    validationEvents: t.validationEvents,
    note: t.note,
    candidates: t.candidates,
    baseline: t.baseline,
    pipelineSeconds: r.pipelineSeconds,
    artifactBytes: r.artifactBytes,
    knownItems: r.knownItems,
  };
}
