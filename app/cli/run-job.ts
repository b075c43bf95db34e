/**
 * Runs background jobs in a process of their own: `tsx app/cli/run-job.ts <type> <shopId> [jobId]`
 * runs one job and exits; `run-job --host` is the local queue's long-lived job host, which
 * takes jobs over its IPC channel (app/jobs/job-host.ts). `node dist/server/run-job.js ...`
 * when compiled (app/jobs/job-process.ts chooses). The local queue runs its CPU-heavy jobs
 * (sessionizing, training) this way, so they never block the web process's event loop.
 * Exit code 0 on success; on failure, the cause's last stderr line is marked for the
 * parent (app/jobs/job-error.ts).
 */
import { startRuntime } from '../runtime';
import { runJob, JOB_TYPES, type JobType } from '../jobs/handlers';
import { childFailureLine } from '../jobs/job-error';
import { serveJobs } from '../jobs/job-host-child';
import { JOB_HOST_FLAG } from '../jobs/job-host-protocol';

async function runOne(type: string | undefined, shop: string | undefined, job: string | undefined) {
  if (!JOB_TYPES.includes(type as JobType) || !/^\d+$/.test(shop ?? '')) {
    console.error(`usage: run-job <${JOB_TYPES.join('|')}> <shopId> [jobId]   or   run-job ${JOB_HOST_FLAG}`);
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

async function main() {
  const args = process.argv.slice(2);
  if (args[0] !== JOB_HOST_FLAG) return runOne(args[0], args[1], args[2]);
  if (!process.send) {
    console.error(`run-job ${JOB_HOST_FLAG} is started by the local job queue, with an IPC channel`);
    process.exit(2);
  }
  await serveJobs(await startRuntime());
}

main().catch((error) => {
  console.error(error);
  // The parent (app/jobs/queue.ts) reads the cause back from this line.
  process.stderr.write(childFailureLine(error));
  process.exit(1);
});
