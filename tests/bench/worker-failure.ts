/**
 * Worker failure: two real `npm run worker` processes (app/cli/worker.ts) on one Redis and
 * one database; a train job is enqueued, the worker running it is SIGKILLed mid-training,
 * and the other worker must pick the job up (BullMQ stalled-job check once the dead
 * worker's lock expires) and finish it. Meanwhile the active ModelVersion is polled: there
 * must be exactly one at every sample, and the new one's artifact must decode.
 *
 * Used by tests/integration/worker.test.ts and by `npm run bench -- --only worker-failure`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { getPriority } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Db } from '../../app/db/client';
import { REPO_ROOT } from '../../app/server';
import { trainShop } from '../../app/jobs/train-job';
import { createRedisQueue, QUEUE_NAME, workerName } from '../../app/jobs/queue';
import { seedTrainableShop } from './seed-shop';
import { round } from './http-load';
import { Queue } from 'bullmq';
import { providerFromUrl } from '../../app/db/url';
import { decodeBundle, ServingBundle } from '../../ml/serve';

export const REDIS_URL = process.env.WAYMARK_REDIS_URL?.trim() || process.env.REDIS_URL?.trim() || 'redis://127.0.0.1:6379';

/** Whether Redis answers PING within `timeoutMs`. */
export async function probeRedis(url = REDIS_URL, timeoutMs = 1_500): Promise<{ ok: boolean; message?: string }> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    const pong = await Promise.race([r.ping(), new Promise<string>((_, rej) => setTimeout(() => rej(new Error('timeout')), timeoutMs))]);
    return { ok: pong === 'PONG' };
  } catch (e) {
    return { ok: false, message: `Redis unreachable at ${url}: ${(e as Error).message}` };
  } finally {
    r.disconnect();
  }
}

/** Deletes every key under a BullMQ prefix (test isolation). */
export async function deletePrefix(url: string, prefix: string): Promise<number> {
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  let n = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) n += await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return n;
}

export interface WorkerProcess {
  child: ChildProcess;
  ready: Promise<void>;
  output(): string;
  cpuSeconds(): number;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** `npm run worker` as a child process (node --import tsx app/cli/worker.ts). */
export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'app/cli/worker.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const onData = (d: Buffer) => {
    out += String(d);
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const ready = new Promise<void>((resolve, reject) => {
    const t = setInterval(() => {
      if (out.includes('worker started')) {
        clearInterval(t);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(t);
        reject(new Error(`worker exited (${child.exitCode}): ${out.slice(-2000)}`));
      }
    }, 50);
    setTimeout(() => {
      clearInterval(t);
      reject(new Error(`worker not ready in 60 s: ${out.slice(-2000)}`));
    }, 60_000).unref();
  });
  ready.catch(() => {});
  // Never outlive the bench or test that started it, whatever happens there.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.removeListener('exit', reap));
  return {
    child,
    ready,
    output: () => out,
    cpuSeconds() {
      try {
        const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return (Number(f[11]) + Number(f[12])) / 100;
      } catch {
        return 0;
      }
    },
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill(signal);
        // A graceful stop waits for the current job: escalate after 10 s.
        if (signal !== 'SIGKILL') setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      });
    },
  };
}

export interface WorkerFailureResult {
  provider: string;
  events: number;
  /** an uninterrupted training of the same shop in-process, for scale */
  baselineTrainSeconds: number;
  /** enqueue -> the job is active on a worker */
  pickupSeconds: number;
  /** enqueue -> SIGKILL of the worker running it (training under way) */
  killedAfterSeconds: number;
  /** SIGKILL -> the job is running again on the surviving worker */
  recoverySeconds: number;
  /** SIGKILL -> the retried job saved its model version */
  completedAfterKillSeconds: number;
  lockDurationMs: number;
  /** samples of the ModelVersion table taken while all this ran */
  samples: number;
  /** samples where the number of active versions was not exactly one */
  activeCountViolations: number;
  activeVersionBefore: number;
  activeVersionAfter: number;
  /** the version the retried job trained, and its status (a retrain on the same data may stay a challenger) */
  newVersion: number;
  newVersionStatus: string;
  artifactDecodes: boolean;
  trainJobAttempts: number;
  /** each worker process's CPU priority once started (WAYMARK_JOB_NICENESS) */
  workerNiceness: number[];
  /** the job's progress (0..1) when its worker was killed */
  progressAtKill: number;
  killedPid: number;
}

async function waitFor<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined | null | false>, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * The kill-mid-training scenario. `db`/`url` must be a database several processes can
 * share (PostgreSQL, or a SQLite file). Cleans up its workers; the caller owns the prefix.
 */
export async function runWorkerFailure(opts: {
  db: Db;
  url: string;
  prefix: string;
  redisUrl?: string;
  events?: number;
  lockDurationMs?: number;
  log?: (m: string) => void;
}): Promise<WorkerFailureResult> {
  const { db, url, prefix } = opts;
  const redisUrl = opts.redisUrl ?? REDIS_URL;
  const log = opts.log ?? (() => {});
  const lockDurationMs = opts.lockDurationMs ?? 5_000;
  const events = opts.events ?? 20_000;
  log(`seeding ${events.toLocaleString()} simulated events`);
  const shop = await seedTrainableShop(db, url, { events });
  log('baseline training (in-process) so a model is already active');
  const t0 = performance.now();
  await trainShop(db, shop.id);
  const baselineTrainSeconds = (performance.now() - t0) / 1000;
  log(`baseline training took ${baselineTrainSeconds.toFixed(1)} s`);
  const before = await db.modelVersion.findFirstOrThrow({ where: { shopId: shop.id, status: 'active' } });

  const env = { DATABASE_URL: url, REDIS_URL: redisUrl, WAYMARK_QUEUE_PREFIX: prefix, WAYMARK_WORKER_LOCK_MS: String(lockDurationMs) };
  const workers = [startWorkerProcess(env), startWorkerProcess(env)];
  const queue = createRedisQueue(redisUrl, db, prefix);
  const sampler = sampleActiveVersions(db, shop.id);
  try {
    await Promise.all(workers.map((w) => w.ready));
    const workerNiceness = workers.map((w) => getPriority(w.child.pid!));
    log('two workers ready; enqueueing train');
    const cpu0 = workers.map((w) => w.cpuSeconds());
    const tEnq = performance.now();
    const { queued, jobId } = await queue.enqueue('train', shop.id);
    if (!queued) throw new Error('train job was not queued');
    // The job is under way once its row says running (trainShop has started reading).
    await waitFor('the train job to start', 60_000, async () => {
      const j = await db.job.findUnique({ where: { id: jobId } });
      return j && j.status === 'running' && j.progress > 0;
    }, 20);
    const pickupSeconds = (performance.now() - tEnq) / 1000;
    // Freeze both workers at once, so the job cannot finish while we find its worker: BullMQ
    // records the worker's name (host:pid) as the job's processedBy.
    for (const w of workers) w.child.kill('SIGSTOP');
    const dc = workers.map((w, i) => w.cpuSeconds() - cpu0[i]);
    const victim = await workerRunning(workers, { redisUrl, prefix, jobId: `train-${shop.id}` });
    const survivor = workers[1 - victim];
    const killedPid = workers[victim].child.pid!;
    const frozen = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    const startedBefore = frozen.startedAt!.getTime();
    log(`SIGKILL worker ${killedPid} mid-training (cpu since enqueue ${dc.map((x) => x.toFixed(2)).join(' vs ')} s)`);
    await workers[victim].kill('SIGKILL');
    const tKill = performance.now();
    survivor.child.kill('SIGCONT');
    if (frozen.status !== 'running') throw new Error(`the job was not running at the kill (${frozen.status})`);
    const progressAtKill = frozen.progress;
    log(`killed at progress ${progressAtKill.toFixed(2)} (${frozen.message ?? ''})`);
    const killedAfterSeconds = (tKill - tEnq) / 1000;
    // Retried: the worker stamps startedAt each time it starts the job.
    await waitFor('the job to restart on the surviving worker', 90_000, async () => {
      const j = await db.job.findUnique({ where: { id: jobId } });
      return j && j.startedAt && j.startedAt.getTime() > startedBefore;
    }, 50);
    const recoverySeconds = (performance.now() - tKill) / 1000;
    log(`retried after ${recoverySeconds.toFixed(1)} s`);
    const done = await waitFor('the retried job to finish', 180_000, async () => {
      const j = await db.job.findUnique({ where: { id: jobId } });
      return j && (j.status === 'succeeded' || j.status === 'failed') ? j : undefined;
    });
    const completedAfterKillSeconds = (performance.now() - tKill) / 1000;
    if (done.status !== 'succeeded') throw new Error(`retried job ${done.status}: ${done.error}; worker output: ${survivor.output().slice(-1500)}`);
    const { samples, violations } = await sampler.stop();
    const after = await db.modelVersion.findFirstOrThrow({ where: { shopId: shop.id, status: 'active' } });
    const newest = await db.modelVersion.findFirstOrThrow({ where: { shopId: shop.id }, orderBy: { version: 'desc' } });
    return {
      provider: providerFromUrl(url),
      events,
      baselineTrainSeconds: round(baselineTrainSeconds),
      pickupSeconds: round(pickupSeconds),
      killedAfterSeconds: round(killedAfterSeconds),
      recoverySeconds: round(recoverySeconds),
      completedAfterKillSeconds: round(completedAfterKillSeconds),
      lockDurationMs,
      samples,
      activeCountViolations: violations,
      activeVersionBefore: before.version,
      activeVersionAfter: after.version,
      newVersion: newest.version,
      newVersionStatus: newest.status,
      artifactDecodes: await bundleDecodes(newest.artifact!),
      trainJobAttempts: done.attempts,
      workerNiceness,
      progressAtKill: round(progressAtKill),
      killedPid,
    };
  } finally {
    await sampler.stop().catch(() => {});
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGCONT');
    await Promise.all(workers.map((w) => w.kill('SIGTERM').catch(() => {})));
    await queue.close();
  }
}

/** Counts, every 50 ms until stopped, the shop's active model versions: anything but one is a violation. */
function sampleActiveVersions(db: Db, shopId: number) {
  let samples = 0;
  let violations = 0;
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const n = await db.modelVersion.count({ where: { shopId, status: 'active' } });
      samples++;
      if (n !== 1) violations++;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      sampling = false;
      await loop;
      return { samples, violations };
    },
  };
}

/** Which of `workers` runs the job: BullMQ records the worker's name (host:pid) as its processedBy. */
async function workerRunning(workers: WorkerProcess[], job: { redisUrl: string; prefix: string; jobId: string }): Promise<number> {
  const bull = new Queue(QUEUE_NAME, { connection: new Redis(job.redisUrl, { maxRetriesPerRequest: null }), prefix: job.prefix });
  const processedBy = await bull.getJob(job.jobId).then((j) => j?.processedBy);
  await bull.close();
  await bull.disconnect();
  const victim = workers.findIndex((w) => processedBy === workerName(w.child.pid));
  if (victim < 0) throw new Error(`no worker of ours runs the job (processedBy ${processedBy ?? 'none'})`);
  return victim;
}

/** Whether a stored model artifact decodes into a serving bundle. */
async function bundleDecodes(artifact: Uint8Array): Promise<boolean> {
  try {
    return Boolean(await ServingBundle.fromArtifact(decodeBundle(artifact)));
  } catch {
    return false;
  }
}

