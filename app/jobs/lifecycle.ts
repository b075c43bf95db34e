/**
 * One job run, the same for the local queue and the BullMQ workers (app/jobs/queue.ts):
 * the Job row goes running → succeeded / failed (or back to queued when the queue will
 * retry, or cancelled), with its attempt count and, on failure, the full error; the jobs
 * that follow it are enqueued (app/jobs/follow-ups.ts); a failure is logged as one line
 * naming its root cause.
 *
 * Training writes its own success (with its result) from inside the job (app/jobs/train-job.ts),
 * so for `train` this only records starts and failures its process could not record.
 */
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { JobData } from './handlers';
import { enqueueFollowUps, type EnqueueJob, type FollowUp } from './follow-ups';
import { errorDetail, errorSummary } from './job-error';

/** The Job row's `error` keeps at most this many characters. */
const MAX_ERROR_CHARS = 16_000;

export interface JobRun {
  data: JobData;
  /** 1-based: this run's attempt */
  attempt: number;
  /** attempts the queue makes before giving up (1: no retry) */
  maxAttempts: number;
  signal?: AbortSignal;
}

export interface LifecycleDeps {
  db: Db;
  logger: Logger;
  /** how follow-up jobs are queued: the same queue the job came from */
  enqueue: EnqueueJob;
  /** the follow-ups already decided where the job ran (a job host), read once the job is done */
  decided?: () => FollowUp[] | undefined;
}

const reported = new WeakSet<object>();

/** Whether runJobLifecycle already logged and recorded this error (so a queue's own handler need not). */
export function wasReported(error: unknown): boolean {
  return typeof error === 'object' && error !== null && reported.has(error);
}

/** Runs `work` as the job `run.data`; resolves with its result, or rejects with its error once recorded. */
export async function runJobLifecycle(deps: LifecycleDeps, run: JobRun, work: () => Promise<unknown>): Promise<unknown> {
  const { db, logger } = deps;
  const { type, shopId, jobId } = run.data;
  try {
    if (jobId) await db.job.update({ where: { id: jobId }, data: { status: 'running', startedAt: new Date(), attempts: run.attempt } });
    const result = await work();
    const next = await enqueueFollowUps({ db, enqueue: deps.enqueue, decided: deps.decided?.() }, type, shopId);
    if (next.length) logger.info({ job: type, shopId, next }, `follow-up jobs: ${next.map((f) => `${f.type} (${f.reason})`).join(', ')}`);
    if (jobId && type !== 'train') {
      await db.job.updateMany({
        where: { id: jobId, status: 'running' },
        data: { status: 'succeeded', progress: 1, finishedAt: new Date(), result: JSON.stringify(result ?? {}) },
      });
    }
    return result;
  } catch (error) {
    const cancelled = run.signal?.aborted ?? false;
    const final = cancelled || run.attempt >= run.maxAttempts;
    const status = cancelled ? 'cancelled' : final ? 'failed' : 'queued';
    const line = `job ${cancelled ? 'cancelled' : 'failed'}: ${type} shop ${shopId} (attempt ${run.attempt}/${run.maxAttempts}): ${errorSummary(error)}`;
    if (cancelled) logger.info({ job: type, shopId, jobId }, line);
    else if (final) logger.error({ job: type, shopId, jobId }, line);
    else logger.warn({ job: type, shopId, jobId, retry: true }, line);
    if (jobId) {
      // A row already marked cancelled (by the queue) or succeeded (training's own commit) keeps that status.
      await db.job
        .updateMany({
          where: { id: jobId, status: { in: ['queued', 'running', 'failed'] } },
          data: { status, error: errorDetail(error).slice(-MAX_ERROR_CHARS), ...(final ? { finishedAt: new Date() } : {}) },
        })
        .catch((err) => logger.error({ err, job: type, shopId, jobId }, 'job bookkeeping failed'));
    }
    if (typeof error === 'object' && error !== null) reported.add(error);
    throw error;
  }
}
