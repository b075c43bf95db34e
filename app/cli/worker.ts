/**
 * `npm run worker`: processes background jobs (sessionize + roll up, train, retention, ...)
 * from the Redis queue (app/jobs/worker.ts). Run as many as you like, on as many machines:
 * BullMQ hands each job to one worker, and one job of a type per shop runs at a time.
 */
import { ConfigError } from '../config';
import { startRuntime } from '../runtime';
import { startWorker } from '../jobs/worker';

async function main() {
  const runtime = await startRuntime({ onProgress: (m) => console.error(`[migrate] ${m}`) });
  const worker = startWorker(runtime);
  const stop = async () => {
    runtime.logger.info('worker stopping (finishing the current job)');
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
