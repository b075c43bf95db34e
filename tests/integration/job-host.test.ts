/**
 * The local queue's job hosts (app/jobs/job-host.ts) on a real SQLite database, with real
 * `run-job --host` processes: jobs run one after another in one warm process at a lower
 * CPU priority; a job that throws there fails alone; a host that dies fails the job in hand
 * and is replaced; an idle host exits.
 */
import { getPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobHostPool, type JobHostPool } from '../../app/jobs/job-host';
import { ChildJobError } from '../../app/jobs/job-error';
import type { JobData } from '../../app/jobs/handlers';
import { createJobQueue, JobQueueClosedError } from '../../app/jobs/queue';
import { createLogger } from '../../app/logger';
import { ensureShop } from '../../app/shops/shop-rows';
import { createEventStore } from '../../app/ingest/event-store';
import { toRow } from '../../app/ingest/pipeline';
import { hashClientId } from '../../app/ingest/client-hash';
import { simulate } from '../../app/demo/simulator';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { freshSqliteDb, type FreshDb } from '../helpers/db';

async function shopWithEvents(fresh: FreshDb, domain: string, events = 300): Promise<number> {
  const shop = await ensureShop(fresh.db, domain);
  const store = createEventStore({ provider: 'sqlite', url: fresh.url });
  const rows = [...simulate({ seed: domain, events, products: 40, days: 3 })].map((e) =>
    toRow(shop.id, e.event, hashClientId(shop.salt, e.event.clientId), e.device, new Date()),
  );
  await store.insert(rows);
  await store.close();
  return shop.id;
}

async function runOnce(pool: JobHostPool, data: JobData, signal = new AbortController().signal) {
  const lease = await pool.acquire(signal);
  if (!lease) throw new Error('no host');
  try {
    await lease.run(data, signal);
  } finally {
    lease.release();
  }
}

describe('job hosts (run-job --host)', () => {
  let fresh: FreshDb;
  const pools: JobHostPool[] = [];
  const pool = (opts: Partial<Parameters<typeof createJobHostPool>[0]> = {}) => {
    const p = createJobHostPool({ env: { databaseUrl: fresh.url, nodeEnv: 'test' }, ...opts });
    pools.push(p);
    return p;
  };

  beforeAll(async () => {
    fresh = await freshSqliteDb();
  });
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await fresh?.cleanup();
  });

  it('runs job after job in one warm process, at the configured niceness', async () => {
    const hosts = pool({ niceness: 7 });
    const a = await shopWithEvents(fresh, 'warm-a.myshopify.com');
    const b = await shopWithEvents(fresh, 'warm-b.myshopify.com');
    await runOnce(hosts, { type: 'sessionize', shopId: a });
    const [pid] = hosts.stats().pids;
    expect(pid).toBeGreaterThan(0);
    expect(getPriority(pid!)).toBe(7);
    await runOnce(hosts, { type: 'sessionize', shopId: b });
    expect(hosts.stats()).toEqual({ pids: [pid], started: 1 });
    expect(await fresh.db.journey.count({ where: { shopId: a } })).toBeGreaterThan(0);
    expect(await fresh.db.journey.count({ where: { shopId: b } })).toBeGreaterThan(0);
  }, 60_000);

  it('a job that throws in the host fails with its cause and stack; the host lives on for the next', async () => {
    const hosts = pool();
    const shopId = await shopWithEvents(fresh, 'throws.myshopify.com');
    // A Job row that does not exist: the training's first write fails inside the host.
    const failure = await runOnce(hosts, { type: 'train', shopId, jobId: 987_654 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ChildJobError);
    const error = failure as ChildJobError;
    expect(error.exitCode).toBeNull();
    expect(error.signal).toBeNull();
    expect(error.stderr).toMatch(/\n\s+at /); // the stack as the host saw it
    const [pid] = hosts.stats().pids;
    await runOnce(hosts, { type: 'sessionize', shopId });
    expect(hosts.stats()).toEqual({ pids: [pid], started: 1 });
  }, 60_000);

  it('a host killed mid-job fails that job with the signal, and the next job gets a new host', async () => {
    const hosts = pool();
    const shopId = await shopWithEvents(fresh, 'killed.myshopify.com', 10_000);
    await sessionizeShop(fresh.db, shopId); // journeys to train on: a training of several seconds, killed long before its end
    const ac = new AbortController();
    const lease = (await hosts.acquire(ac.signal))!;
    const running = lease.run({ type: 'train', shopId }, ac.signal).catch((e: unknown) => e);
    // Wait until the host is up and the training has begun (its Job row says running).
    for (let i = 0; i < 200 && !(await fresh.db.job.count({ where: { shopId, type: 'train', status: 'running' } })); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const [pid] = hosts.stats().pids;
    process.kill(pid!, 'SIGKILL');
    const failure = await running;
    lease.release();
    expect(failure).toBeInstanceOf(ChildJobError);
    expect((failure as ChildJobError).signal).toBe('SIGKILL');
    await runOnce(hosts, { type: 'sessionize', shopId });
    expect(hosts.stats().started).toBe(2);
    expect(hosts.stats().pids).not.toContain(pid);
  }, 60_000);

  it('an idle host exits; the next job starts another', async () => {
    const hosts = pool({ idleMs: 200 });
    const shopId = await shopWithEvents(fresh, 'idle.myshopify.com');
    await runOnce(hosts, { type: 'sessionize', shopId });
    const [pid] = hosts.stats().pids;
    for (let i = 0; i < 100 && hosts.stats().pids.length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(hosts.stats().pids).toEqual([]);
    expect(() => process.kill(pid!, 0)).toThrow();
    await runOnce(hosts, { type: 'sessionize', shopId });
    expect(hosts.stats().started).toBe(2);
  }, 60_000);

  it('the local queue runs a training and sessionizing side by side, in lanes of their own', async () => {
    const queue = createJobQueue({ db: fresh.db, logger: createLogger('silent'), child: { databaseUrl: fresh.url, nodeEnv: 'test', hosts: { size: 1 } } });
    const big = await shopWithEvents(fresh, 'lane-train.myshopify.com', 10_000); // a training of several seconds
    await sessionizeShop(fresh.db, big);
    const small = await shopWithEvents(fresh, 'lane-sessionize.myshopify.com');
    const train = await queue.enqueue('train', big);
    await new Promise((r) => setTimeout(r, 300)); // the training has its host
    const sessionize = await queue.enqueue('sessionize', small);
    await queue.idle();
    await queue.close();
    const [t, s] = await Promise.all([train, sessionize].map((j) => fresh.db.job.findUniqueOrThrow({ where: { id: j.jobId } })));
    expect(s!.status, s!.error ?? '').toBe('succeeded');
    // The training ran to its end (whether its model was kept is the training's own business).
    expect(['succeeded', 'failed'], t!.error ?? '').toContain(t!.status);
    expect(t!.finishedAt).not.toBeNull();
    // The sessionize job did not wait for the training to finish.
    expect(s!.startedAt!.getTime()).toBeLessThan(t!.finishedAt!.getTime());
  }, 90_000);

  it('the local queue runs many shops’ jobs one at a time through one host', async () => {
    const queue = createJobQueue({ db: fresh.db, logger: createLogger('silent'), child: { databaseUrl: fresh.url, nodeEnv: 'test', hosts: { size: 1 } } });
    const shops = await Promise.all(['q1', 'q2', 'q3', 'q4'].map((s) => shopWithEvents(fresh, `${s}.myshopify.com`)));
    const ids = await Promise.all(shops.map(async (shopId) => (await queue.enqueue('sessionize', shopId)).jobId));
    await queue.idle();
    await queue.close();
    const rows = await fresh.db.job.findMany({ where: { id: { in: ids } }, orderBy: { startedAt: 'asc' } });
    expect(rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    // No two of them ran at the same time.
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.startedAt!.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.finishedAt!.getTime() - 5);
  }, 90_000);

  it('a closed local queue refuses new jobs instead of running them on the web process', async () => {
    // A server shutting down still finishes in-flight requests, whose events schedule a
    // sessionize: with the job hosts closed, that job used to run on the web process itself.
    const queue = createJobQueue({ db: fresh.db, logger: createLogger('silent'), child: { databaseUrl: fresh.url, nodeEnv: 'test', hosts: { size: 1 } } });
    const shopId = await shopWithEvents(fresh, 'closed-queue.myshopify.com');
    await queue.close();
    const jobsBefore = await fresh.db.job.count({ where: { shopId } });
    await expect(queue.enqueue('sessionize', shopId)).rejects.toBeInstanceOf(JobQueueClosedError);
    await queue.idle();
    expect(await fresh.db.journey.count({ where: { shopId } })).toBe(0);
    expect(await fresh.db.job.count({ where: { shopId } })).toBe(jobsBefore);
  }, 60_000);

  it('a job still waiting when the queue closes is marked cancelled, not left queued', async () => {
    const queue = createJobQueue({ db: fresh.db, logger: createLogger('silent'), child: { databaseUrl: fresh.url, nodeEnv: 'test', hosts: { size: 1 } } });
    const shopId = await shopWithEvents(fresh, 'waiting-at-close.myshopify.com');
    const { jobId } = await queue.enqueue('sessionize', shopId, { delayMs: 300 });
    await queue.close();
    const row = await fresh.db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(row).toMatchObject({ status: 'cancelled', message: 'the server stopped before this job started' });
    expect(await fresh.db.journey.count({ where: { shopId } })).toBe(0);
  }, 60_000);
});
