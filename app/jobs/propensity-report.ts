/**
 * What the admin shows of a shop's purchase propensity: the latest report (from its
 * latest succeeded `propensity` Job row), the training queued or running now, and the last
 * failure when it came after that report.
 */
import type { Db } from '../db/client';
import { PROPENSITY_JOB_TYPE } from './propensity-job';
import type { PropensityReport } from '../../ml/propensity/train';
import type { PropensityAnswer } from '../api-contract/propensity';

/** A 'queued' or 'running' row older than this is assumed dead (its process stopped). */
const STALE_MS = 30 * 60_000;

export const NOT_TRAINED_MESSAGE =
  'Purchase propensity has not been estimated for this store yet. It is computed from visits after the journey data is sessionized; POST /api/propensity/train computes it now.';

function parseReport(json: string): PropensityReport | null {
  try {
    const r = JSON.parse(json) as PropensityReport;
    return r && typeof r === 'object' && typeof r.status === 'string' && typeof r.k === 'number' ? r : null;
  } catch {
    return null;
  }
}

/** The report without the fitted model (weights) unless asked for. */
function publicReport(report: PropensityReport, withModel: boolean): Omit<PropensityReport, 'model'> & { model?: PropensityReport['model'] } {
  if (withModel) return report;
  const { model: _model, ...rest } = report;
  return rest;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

const latestJob = (db: Db, shopId: number, status: string) =>
  db.job.findFirst({
    where: { shopId, type: PROPENSITY_JOB_TYPE, status },
    orderBy: { id: 'desc' },
    select: { id: true, result: true, error: true, finishedAt: true },
  });

export async function propensityAnswer(db: Db, shopId: number, withModel: boolean, now = Date.now()): Promise<PropensityAnswer> {
  const [latest, training, lastFailed] = await Promise.all([
    latestJob(db, shopId, 'succeeded'),
    db.job.findFirst({
      where: { shopId, type: PROPENSITY_JOB_TYPE, status: { in: ['queued', 'running'] }, createdAt: { gte: new Date(now - STALE_MS) } },
      orderBy: { id: 'desc' },
      select: { id: true, status: true, progress: true, message: true, startedAt: true },
    }),
    latestJob(db, shopId, 'failed'),
  ]);
  const report = latest ? parseReport(latest.result) : null;
  const trainingInfo = training ? { jobId: training.id, status: training.status, progress: training.progress, message: training.message, startedAt: iso(training.startedAt) } : null;
  const lastError = lastFailed && (!latest || lastFailed.id > latest.id) ? { jobId: lastFailed.id, error: lastFailed.error, finishedAt: iso(lastFailed.finishedAt) } : null;
  if (!latest || !report) return { status: 'not_trained' as const, message: NOT_TRAINED_MESSAGE, training: trainingInfo, lastError };
  return { status: 'ready' as const, jobId: latest.id, finishedAt: iso(latest.finishedAt), report: publicReport(report, withModel), training: trainingInfo, lastError };
}
