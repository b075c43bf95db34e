/**
 * `npm run worker`: processes background jobs (sessionise + roll up, train, retention)
 * from the Redis queue. Run as many as you like, on as many machines: BullMQ hands each
 * job to one worker, and one job of a type per shop runs at a time.
 */
import { ConfigError } from '../config';
import { startRuntime } from '../runtime';
import { startRedisWorker } from '../jobs/queue';
import { createAdminApi } from '../admin-api/create-admin-api';
import { wasReported } from '../jobs/lifecycle';

async function main() {
  const runtime = await startRuntime({ onProgress: (m) => console.error(`[migrate] ${m}`) });
  const { config, db, logger } = runtime;
  if (!config.redisUrl) {
    throw new ConfigError('npm run worker needs REDIS_URL (e.g. redis://127.0.0.1:6379). In local mode jobs run inside the server.');
  }
  const concurrency = Number(process.env.WAYMARK_WORKER_CONCURRENCY ?? 1);
  const install = { admin: createAdminApi({ config, db, logger }), appUrl: config.appUrl };
  const worker = startRedisWorker(config.redisUrl, { db, logger, install }, { concurrency, prefix: config.queuePrefix, lockDurationMs: Number(process.env.WAYMARK_WORKER_LOCK_MS) || undefined });
  // A job's own failures are logged by the job lifecycle; this catches BullMQ's (e.g. a job that stalled too often).
  worker.on('failed', (job, err) => !wasReported(err) && logger.warn({ job: job?.id, attempts: job?.attemptsMade, err: err.message }, `job failed: ${job?.id ?? 'unknown job'}: ${err.message}`));
  worker.on('completed', (job) => logger.info({ job: job.id }, 'job completed'));
  logger.info({ concurrency }, 'worker started');
  const stop = async () => {
    logger.info('worker stopping (finishing the current job)');
    await worker.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `waymark worker: ${error.message}` : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
