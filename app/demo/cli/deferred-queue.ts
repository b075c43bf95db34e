/**
 * The demo's job queue: the server's own local queue, with background work held back while
 * the scripted run ingests and builds (it sessionizes, rolls up and trains at the moments it
 * chooses, ./demo-pipeline.ts), then let through, so the live demo storefront's visits are
 * sessionized as on a real server. Held-back requests are dropped: the scripted run does
 * that work itself. Without it, a background training started mid-run would race the
 * run's own (and make the run wait for a child process at each pause).
 */
import type { JobQueue } from '../../jobs/queue';

export function deferBackgroundJobs(inner: JobQueue): JobQueue & { resume(): void } {
  let held = true;
  return {
    kind: inner.kind,
    enqueue: (type, shopId, opts) => (held ? Promise.resolve({ queued: false, jobId: 0 }) : inner.enqueue(type, shopId, opts)),
    cancel: (type, shopId) => inner.cancel(type, shopId),
    idle: () => inner.idle(),
    close: () => inner.close(),
    resume() {
      held = false;
    },
  };
}
