/**
 * The job queue. Two implementations behind one interface:
 * - local (no REDIS_URL): jobs run in this process, one at a time per (type, shop);
 * - redis: BullMQ. Web processes only enqueue; `npm run worker` processes run the jobs.
 *
 * One job of a type per shop at a time, across every worker: jobs get the id
 * `<type>-<shopId>`, and BullMQ refuses a second job with the id of one that is still
 * waiting or running. Failed jobs are retried with exponential backoff; a worker killed
 * mid-job loses its lock and the job is retried by another worker (stalled-job check).
 *
 * Both run each job through the same lifecycle (app/jobs/lifecycle.ts): Job row
 * bookkeeping, the one-line failure log, and the follow-up jobs (app/jobs/follow-ups.ts),
 * which each enqueues on itself.
 */
import { hostname } from 'node:os';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import { runJob, type JobContext, type JobData, type JobType } from './handlers';
import { runJobLifecycle, wasReported } from './lifecycle';
import type { FollowUp } from './follow-ups';
import { createJobHostPool, type ChildJobEnv, type JobHostLease } from './job-host';
import { WaymarkError } from '../errors';

export const QUEUE_NAME = 'waymark-jobs';
export const JOB_ATTEMPTS = 3;
export const JOB_BACKOFF_MS = 5_000;

export interface EnqueueResult {
  /** false when an identical job (same type and shop) is already queued or running */
  queued: boolean;
  jobId: number;
}

export interface EnqueueOptions {
  delayMs?: number;
  /** the job's parameters, kept on its Job row (e.g. propensity's `k`) */
  payload?: Record<string, unknown>;
}

export interface JobQueue {
  readonly kind: 'local' | 'redis';
  enqueue(type: JobType, shopId: number, opts?: EnqueueOptions): Promise<EnqueueResult>;
  /** cancels a queued or running job of this type for the shop */
  cancel(type: JobType, shopId: number): Promise<boolean>;
  /** local queue: resolves when nothing is queued or running (tests, demo) */
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function jobRow(db: Db, type: JobType, shopId: number, payload?: Record<string, unknown>) {
  return db.job.create({ data: { shopId, type, status: 'queued', ...(payload ? { payload: JSON.stringify(payload) } : {}) } });
}

/**
 * Job types the local queue runs in its job host processes (app/jobs/job-host.ts, at a lower
 * CPU priority): every type but `install` (which needs this process's Admin API client).
 * Training and sessionizing + roll-ups are CPU-heavy, and on the web process's event loop
 * they stalled ingestion for seconds (docs/BENCHMARKS.md § ingest); retention's deletes and
 * data exports are database work that Prisma's SQLite driver runs on the calling thread,
 * which in the web process is the one serving recommendations. Their bookkeeping and
 * follow-ups run here (app/jobs/lifecycle.ts).
 *
 * Two lanes, each with its own hosts (`hosts.size` each): trainings (minutes) never hold up
 * the sessionizing that keeps the journey map current, and the other way round.
 */
export const JOB_LANES = {
  long: ['train', 'propensity', 'redact'], // redact retrains
  short: ['sessionize', 'retention', 'data_export'],
} as const satisfies Record<string, readonly JobType[]>;

function laneOf(type: JobType): keyof typeof JOB_LANES | undefined {
  return (Object.keys(JOB_LANES) as (keyof typeof JOB_LANES)[]).find((lane) => (JOB_LANES[lane] as readonly JobType[]).includes(type));
}

/** A queued job the stopping process will not start: cancelled, with the reason (a failed write changes nothing). */
async function markNotStarted(db: Db, jobId: number): Promise<void> {
  await db.job
    .updateMany({ where: { id: jobId, status: 'queued' }, data: { status: 'cancelled', message: 'the server stopped before this job started', finishedAt: new Date() } })
    .catch(() => {});
}

/** enqueue() after close(): the process is stopping and starts no more jobs. */
export class JobQueueClosedError extends WaymarkError {
  override name = 'JobQueueClosedError';
}

export type { ChildJobEnv };

export function createLocalQueue(
  ctx: Omit<JobContext, 'signal' | 'onProgress'> & {
    /** when set, the JOB_LANES types run in job host processes on this database, in this mode */
    child?: ChildJobEnv;
  },
): JobQueue {
  const child = ctx.child;
  let warned = false;
  const pool = () =>
    createJobHostPool({
      env: child!,
      size: child!.hosts?.size,
      niceness: child!.hosts?.niceness,
      onPriorityError: (err) => !warned && (warned = true) && ctx.logger.warn({ err }, 'job hosts run at normal priority: lowering it was refused'),
    });
  const lanes = child ? { long: pool(), short: pool() } : undefined;
  const active = new Map<string, { controller: AbortController; jobId: number; promise: Promise<void>; started: boolean; again: boolean }>();
  const pending = new Set<Promise<void>>();
  // Set by close(): from then on no job starts here. Without it, a job enqueued while the
  // server shuts down (a debounced sessionize, a follow-up training) found the job hosts
  // closed and ran in the web process itself, delaying its exit by a whole training.
  let closing = false;
  // Follow-ups of a job that ends while closing are dropped (this process is stopping; the
  // shop's next events or the retrain policy schedule them again), not failed.
  const followUp = (type: JobType, shopId: number) => (closing ? Promise.resolve({ queued: false, jobId: 0 }) : queue.enqueue(type, shopId));
  const queue: JobQueue = {
    kind: 'local',
    async enqueue(type, shopId, opts = {}) {
      if (closing) throw new JobQueueClosedError(`the job queue is closed: ${type} for shop ${shopId} was not queued`);
      const key = `${type}-${shopId}`;
      const existing = active.get(key);
      if (existing) {
        // Work that arrived after a running job read its input gets one more run afterwards.
        if (existing.started && type !== 'train') existing.again = true;
        return { queued: false, jobId: existing.jobId };
      }
      const controller = new AbortController();
      // Registered before any await, so a concurrent enqueue sees it.
      const entry = { controller, jobId: 0, promise: Promise.resolve(), started: false, again: false };
      active.set(key, entry);
      const row = await jobRow(ctx.db, type, shopId, opts.payload).catch((error) => {
        active.delete(key);
        throw error;
      });
      entry.jobId = row.id;
      const promise = (async () => {
        let host: JobHostLease | undefined;
        try {
          await new Promise((r) => setTimeout(r, opts.delayMs ?? 0));
          // An isolated job waits for a free job host (first come, first served) before it
          // starts: until then, more work for the shop joins this run instead of another.
          const lane = lanes && laneOf(type);
          if (lane && !controller.signal.aborted) host = await lanes[lane].acquire(controller.signal);
          // No host (the queue closed meanwhile): an isolated job never runs on the web process.
          // A job that never started says so on its row instead of staying 'queued'.
          if (controller.signal.aborted || closing || (lane && !host)) {
            if (closing) await markNotStarted(ctx.db, row.id);
            return;
          }
          entry.started = true;
          const data: JobData = { type, shopId, jobId: row.id };
          let decided: FollowUp[] | undefined;
          // The local queue does not retry: one attempt per Job row.
          await runJobLifecycle(
            { db: ctx.db, logger: ctx.logger, enqueue: followUp, decided: () => decided },
            { data, attempt: 1, maxAttempts: 1, signal: controller.signal },
            () =>
              host
                ? host.run(data, controller.signal).then((next) => void (decided = next))
                : runJob(
                    {
                      ...ctx,
                      signal: controller.signal,
                      onProgress: (f, m) => void ctx.db.job.update({ where: { id: row.id }, data: { progress: f, message: m } }).catch(() => {}),
                    },
                    data,
                  ),
          );
        } catch (error) {
          // Logged and recorded on the Job row by the lifecycle; anything else is a bookkeeping fault.
          if (!wasReported(error)) throw error;
        } finally {
          host?.release();
          active.delete(key);
          if (entry.again && !controller.signal.aborted && !closing) void queue.enqueue(type, shopId).catch(() => {});
        }
      })();
      entry.promise = promise;
      pending.add(promise);
      // Never an unhandled rejection (it would end the web process), e.g. when shop/redact deleted the Job row.
      void promise.catch((err) => ctx.logger.error({ err, type, shopId }, 'job bookkeeping failed')).finally(() => pending.delete(promise));
      return { queued: true, jobId: row.id };
    },
    async cancel(type, shopId) {
      const a = active.get(`${type}-${shopId}`);
      if (!a) return false;
      a.controller.abort();
      await ctx.db.job.updateMany({ where: { id: a.jobId, status: { in: ['queued', 'running'] } }, data: { status: 'cancelled' } });
      return true;
    },
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
    async close() {
      closing = true;
      for (const a of active.values()) a.controller.abort();
      await Promise.allSettled([...pending]);
      if (lanes) await Promise.all([lanes.long.close(), lanes.short.close()]);
    },
  };
  return queue;
}

function connection(redisUrl: string) {
  // BullMQ workers block on Redis: maxRetriesPerRequest must be null.
  return new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
}

export function createRedisQueue(redisUrl: string, db: Db, prefix = 'waymark'): JobQueue {
  const conn = connection(redisUrl);
  const queue = new Queue<JobData>(QUEUE_NAME, { connection: conn, prefix });
  return {
    kind: 'redis',
    async enqueue(type, shopId, opts = {}) {
      const id = `${type}-${shopId}`;
      const existing = await queue.getJob(id);
      if (existing) {
        const state = await existing.getState();
        if (state === 'waiting' || state === 'active' || state === 'delayed' || state === 'prioritized') {
          return { queued: false, jobId: existing.data.jobId ?? 0 };
        }
        await existing.remove().catch(() => {});
      }
      const row = await jobRow(db, type, shopId, opts.payload);
      await queue.add(type, { type, shopId, jobId: row.id }, {
        jobId: id,
        attempts: JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: JOB_BACKOFF_MS },
        delay: opts.delayMs,
        removeOnComplete: true,
        removeOnFail: 100,
      });
      return { queued: true, jobId: row.id };
    },
    async cancel(type, shopId) {
      const job = await queue.getJob(`${type}-${shopId}`);
      if (!job) return false;
      // A running job sees the Job row flip to cancelled at its next progress report.
      if (job.data.jobId) await db.job.updateMany({ where: { id: job.data.jobId }, data: { status: 'cancelled' } });
      const state = await job.getState();
      if (state !== 'active') await job.remove().catch(() => {});
      return true;
    },
    async idle() {
      for (;;) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed');
        if (!counts.waiting && !counts.active && !counts.delayed) return;
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      await queue.close();
      conn.disconnect();
    },
  };
}

/** `<host>:<pid>`, the name a worker gives BullMQ (a job's `processedBy`). */
export function workerName(pid = process.pid): string {
  return `${hostname()}:${pid}`;
}

/**
 * A worker process's job loop (npm run worker). Follow-up jobs (e.g. training after a
 * sessionize) go to the same queue (same Redis, same prefix) through its own Queue
 * connection, closed with the worker.
 */
export function startRedisWorker(
  redisUrl: string,
  ctx: Omit<JobContext, 'signal' | 'onProgress'>,
  opts: { concurrency?: number; prefix?: string; lockDurationMs?: number } = {},
): Worker<JobData> {
  const prefix = opts.prefix ?? 'waymark';
  const followUps = createRedisQueue(redisUrl, ctx.db, prefix);
  const worker = new Worker<JobData>(
    QUEUE_NAME,
    async (job: Job<JobData>, _token?: string, signal?: AbortSignal) =>
      runJobLifecycle(
        { db: ctx.db, logger: ctx.logger, enqueue: (t, s) => followUps.enqueue(t, s) },
        {
          data: job.data,
          // attemptsStarted counts every start, also a restart after a worker died (a stalled
          // job), which attemptsMade (failures) does not.
          attempt: Math.max(job.attemptsStarted, job.attemptsMade + 1),
          maxAttempts: job.opts.attempts ?? 1,
          signal,
        },
        () =>
          runJob(
            {
              ...ctx,
              signal,
              onProgress: (f, m) => void job.updateProgress({ fraction: f, message: m }).catch(() => {}),
            },
            job.data,
          ),
      ),
    {
      connection: connection(redisUrl),
      prefix,
      concurrency: opts.concurrency ?? 1,
      lockDuration: opts.lockDurationMs ?? 30_000,
      // Recorded as the job's processedBy: which machine and process runs it.
      name: workerName(),
      stalledInterval: opts.lockDurationMs ?? 30_000,
    },
  );
  worker.once('closed', () => void followUps.close().catch(() => {}));
  return worker;
}

export function createJobQueue(opts: {
  redisUrl?: string;
  db: Db;
  logger: Logger;
  install?: JobContext['install'];
  /** BullMQ key prefix (config.queuePrefix) */
  prefix?: string;
  /** local queue: run CPU-heavy jobs in a child process on this database, in the configured mode */
  child?: ChildJobEnv;
}): JobQueue {
  return opts.redisUrl
    ? createRedisQueue(opts.redisUrl, opts.db, opts.prefix)
    : createLocalQueue({ db: opts.db, logger: opts.logger, install: opts.install, child: opts.child });
}
