/**
 * A worker process's job loop on the Redis queue (npm run worker): how many jobs it runs
 * at once (WAYMARK_WORKER_CONCURRENCY, default 1), its lock duration (WAYMARK_WORKER_LOCK_MS),
 * its CPU priority (WAYMARK_JOB_NICENESS, default 10) and what it logs of BullMQ's own events. A job's own failures are logged by the job
 * lifecycle (./lifecycle.ts); this logs BullMQ's (e.g. a job that stalled too often).
 */
import { setPriority } from 'node:os';
import { ConfigError, type Config } from '../config';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import { createAdminApi } from '../admin-api/create-admin-api';
import { startRedisWorker } from './queue';
import { wasReported } from './lifecycle';

export function startWorker({ config, db, logger }: { config: Config; db: Db; logger: Logger }, env: NodeJS.ProcessEnv = process.env) {
  if (!config.redisUrl) {
    throw new ConfigError('npm run worker needs REDIS_URL (e.g. redis://127.0.0.1:6379). In local mode jobs run inside the server.');
  }
  const concurrency = Number(env.WAYMARK_WORKER_CONCURRENCY ?? 1);
  lowerOwnPriority(config.jobs.niceness, logger);
  const install = { admin: createAdminApi({ config, db, logger }), appUrl: config.appUrl };
  const worker = startRedisWorker(config.redisUrl, { db, logger, install }, { concurrency, prefix: config.queuePrefix, lockDurationMs: Number(env.WAYMARK_WORKER_LOCK_MS) || undefined });
  worker.on('failed', (job, err) => !wasReported(err) && logger.warn({ job: job?.id, attempts: job?.attemptsMade, err: err.message }, `job failed: ${job?.id ?? 'unknown job'}: ${err.message}`));
  worker.on('completed', (job) => logger.info({ job: job.id }, 'job completed'));
  logger.info({ concurrency }, 'worker started');
  return worker;
}

/**
 * A worker sharing a machine with web processes gives way to them: the kernel serves the
 * web process first when both want the CPU (on a machine of its own this changes nothing).
 */
function lowerOwnPriority(niceness: number, logger: Logger) {
  if (niceness <= 0) return;
  try {
    setPriority(niceness);
  } catch (err) {
    logger.warn({ err, niceness }, 'worker runs at normal priority: lowering it was refused');
  }
}
