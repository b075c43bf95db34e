/**
 * Runs one background job in its own process: `tsx app/cli/run-job.ts <type> <shopId> [jobId]`,
 * or `node dist/server/run-job.js ...` when compiled (app/jobs/job-process.ts chooses).
 * The local queue uses it for CPU-heavy jobs (training), so they never block the web
 * process's event loop. Exit code 0 on success; on failure, the cause's last stderr line
 * is marked for the parent (app/jobs/job-error.ts).
 */
import { startRuntime } from '../runtime';
import { runJob, JOB_TYPES, type JobType } from '../jobs/handlers';
import { childFailureLine } from '../jobs/job-error';

async function main() {
  const [type, shop, job] = process.argv.slice(2);
  if (!JOB_TYPES.includes(type as JobType) || !/^\d+$/.test(shop ?? '')) {
    console.error(`usage: run-job <${JOB_TYPES.join('|')}> <shopId> [jobId]`);
    process.exit(2);
  }
  const runtime = await startRuntime();
  const controller = new AbortController();
  process.on('SIGTERM', () => controller.abort());
  try {
    await runJob(
      { db: runtime.db, logger: runtime.logger, signal: controller.signal },
      { type: type as JobType, shopId: Number(shop), jobId: job ? Number(job) : undefined },
    );
  } finally {
    await runtime.close();
  }
}

main().catch((error) => {
  console.error(error);
  // The parent (app/jobs/queue.ts) reads the cause back from this line.
  process.stderr.write(childFailureLine(error));
  process.exit(1);
});
