/**
 * The job host's side (`run-job --host`): one long-lived process that the local queue
 * sends jobs to, one at a time, so each job no longer pays a process start-up (loading
 * the code, the Prisma client, migrations: over a second of CPU, more than most
 * sessionize jobs themselves). Ends when its parent closes the channel or dies.
 */
import type { Runtime } from '../runtime';
import { runJob } from './handlers';
import { errorDetail, rootCause } from './job-error';
import { decideFollowUps } from './follow-ups';
import type { FromHost, ToHost } from './job-host-protocol';

export function serveJobs(runtime: Runtime, channel: NodeJS.Process = process): Promise<void> {
  const send = (m: FromHost) => channel.send?.(m);
  let current: AbortController | undefined;
  let chain = Promise.resolve();

  async function run(data: Extract<ToHost, { kind: 'run' }>['data']) {
    const controller = (current = new AbortController());
    try {
      await runJob({ db: runtime.db, logger: runtime.logger, signal: controller.signal }, data);
      // Decided here, off the web process's thread: the retrain policy counts the shop's events.
      send({ kind: 'done', followUps: await decideFollowUps(runtime.db, data.type, data.shopId) });
    } catch (error) {
      send({ kind: 'failed', cause: rootCause(error), detail: errorDetail(error) });
    } finally {
      current = undefined;
    }
  }

  return new Promise((resolve) => {
    channel.on('message', (m: ToHost) => {
      if (m.kind === 'abort') current?.abort();
      else if (m.kind === 'run') chain = chain.then(() => run(m.data));
    });
    channel.once('disconnect', () => {
      current?.abort();
      void chain.finally(() => runtime.close()).finally(resolve);
    });
    send({ kind: 'ready' });
  });
}
