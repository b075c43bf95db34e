/**
 * One job lifecycle for both queues: the same scenario on the local queue (SQLite, CPU-heavy
 * jobs in child processes, as the server runs it) and on Redis (BullMQ, a real worker loop
 * via startRedisWorker, PostgreSQL when available):
 *
 *   1. events arrive, only `sessionize` is enqueued: a `train` job and a `retention` job follow
 *      by themselves, and a model version becomes active;
 *   2. enough new events (the retrain policy's threshold), `sessionize` again: an automatic
 *      retrain activates version 2; retention does not run again the same day;
 *   3. `sessionize` with nothing new: no training.
 *
 * Redis: WAYMARK_TEST_REDIS=1 requires it, unset runs it when Redis answers, =0 skips it.
 * PostgreSQL: used for the Redis case when pgTestMode() says so (WAYMARK_TEST_PG).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'bullmq';
import type { Db } from '../../app/db/client';
import { providerFromUrl } from '../../app/db/url';
import { createLogger } from '../../app/logger';
import { createJobQueue, createRedisQueue, startRedisWorker, type JobQueue } from '../../app/jobs/queue';
import { RETRAIN_MIN_NEW_EVENTS } from '../../app/jobs/retrain-policy';
import { ensureShop } from '../../app/shops/shop-rows';
import { upsertProducts } from '../../app/catalog/products';
import { createEventStore } from '../../app/ingest/event-store';
import { toRow } from '../../app/ingest/pipeline';
import { hashClientId } from '../../app/ingest/client-hash';
import { catalogProductRows, simulate, simulatorCatalogs } from '../../app/demo/simulator';
import { deletePrefix, probeRedis, REDIS_URL } from '../bench/worker-failure';
import { freshPostgresDb, freshSqliteDb, pgTestMode, type FreshDb } from '../helpers/db';

const flag = process.env.WAYMARK_TEST_REDIS?.trim();
const redisRequired = flag === '1' || flag === 'true';
const redis = flag === '0' || flag === 'false' ? { ok: false, message: 'WAYMARK_TEST_REDIS=0' } : await probeRedis();
const redisRuns = redis.ok || redisRequired;
if (!redisRuns) console.warn(`[tests] job lifecycle on Redis skipped: ${redis.message} (set WAYMARK_TEST_REDIS=1 to require it)`);
const pg = await pgTestMode();

const logger = createLogger('silent');
const PRODUCTS = 120;

/** Simulated events written through the ingest event store, received now; not sessionized. */
async function addEvents(db: Db, url: string, shopId: number, seed: string, events: number): Promise<void> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const store = createEventStore({ provider: providerFromUrl(url), url });
  const now = new Date();
  let batch = [];
  for (const e of simulate({ seed, events, products: PRODUCTS, days: 30 })) {
    batch.push(toRow(shopId, e.event, hashClientId(shop.salt, e.event.clientId), e.device, now));
    if (batch.length === 500) {
      await store.insert(batch);
      batch = [];
    }
  }
  if (batch.length) await store.insert(batch);
  await store.close();
}

/** Until no Job row of the shop is queued or running (follow-ups are queued before their parent is marked done). */
async function settled(db: Db, shopId: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await db.job.count({ where: { shopId, status: { in: ['queued', 'running'] } } });
    if (open === 0) return;
    if (Date.now() > deadline) {
      const rows = await db.job.findMany({ where: { shopId }, select: { id: true, type: true, status: true, error: true } });
      throw new Error(`jobs still open after ${timeoutMs} ms: ${JSON.stringify(rows)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface QueueCase {
  name: string;
  skip: boolean;
  start(): Promise<{ fresh: FreshDb; queue: JobQueue; stop(): Promise<void> }>;
}

const prefix = `wmtest-life-${Date.now().toString(36)}-${process.pid}`;

const cases: QueueCase[] = [
  {
    name: 'local queue (SQLite, jobs in child processes)',
    skip: false,
    async start() {
      const fresh = await freshSqliteDb();
      // As the server makes it (app/server.ts): training and sessionizing in child processes.
      const queue = createJobQueue({ db: fresh.db, logger, child: { databaseUrl: fresh.url, nodeEnv: 'test' } });
      return { fresh, queue, stop: () => queue.close() };
    },
  },
  {
    name: `Redis queue (BullMQ worker, ${pg.run ? 'PostgreSQL' : 'SQLite file'})`,
    skip: !redisRuns,
    async start() {
      if (!redis.ok) throw new Error(`WAYMARK_TEST_REDIS=1 but ${redis.message}`);
      const fresh = pg.run ? await freshPostgresDb() : await freshSqliteDb();
      // The web side only enqueues; the worker runs the jobs and enqueues what follows them.
      const queue = createRedisQueue(REDIS_URL, fresh.db, prefix);
      const worker: Worker = startRedisWorker(REDIS_URL, { db: fresh.db, logger }, { prefix });
      return {
        fresh,
        queue,
        async stop() {
          await worker.close();
          await queue.close();
          await deletePrefix(REDIS_URL, prefix);
        },
      };
    },
  },
];

// One scenario in three steps (see above): each step starts from the state the previous one
// left, so the steps keep their order even when the suite runs shuffled (npm run test:shuffle).
describe('job lifecycle', { shuffle: false }, () => {
  describe.each(cases)('$name', (c) => {
    let fresh: FreshDb;
    let queue: JobQueue;
    let stop: () => Promise<void> = async () => {};
    let shopId: number;

    beforeAll(async () => {
      if (c.skip) return;
      ({ fresh, queue, stop } = await c.start());
      const shop = await ensureShop(fresh.db, 'lifecycle.myshopify.com');
      shopId = shop.id;
      const [catalog] = simulatorCatalogs({ seed: 'lifecycle', products: PRODUCTS });
      await upsertProducts(fresh.db, shopId, catalogProductRows(catalog).map((p) => ({ ...p, tags: p.tags.join(',') })));
      await addEvents(fresh.db, fresh.url, shopId, 'lifecycle', 3_000);
    });

    afterAll(async () => {
      await stop();
      await fresh?.cleanup();
    });

    const jobs = (type: string) => fresh.db.job.findMany({ where: { shopId, type }, orderBy: { id: 'asc' } });

    it.skipIf(c.skip)('sessionize alone leads to training and retention, and a model becomes active', async () => {
      expect(await fresh.db.modelVersion.count({ where: { shopId } })).toBe(0);
      const r = await queue.enqueue('sessionize', shopId);
      expect(r.queued).toBe(true);
      await settled(fresh.db, shopId, 90_000);

      const [sessionize] = await jobs('sessionize');
      expect(sessionize.status).toBe('succeeded');
      expect(await fresh.db.journey.count({ where: { shopId } })).toBeGreaterThan(0);
      const train = await jobs('train');
      expect(train.map((j) => j.status)).toEqual(['succeeded']);
      expect(train[0].attempts).toBe(1);
      const retention = await jobs('retention');
      expect(retention.map((j) => j.status)).toEqual(['succeeded']);
      const active = await fresh.db.modelVersion.findMany({ where: { shopId, status: 'active' } });
      expect(active.map((m) => m.version)).toEqual([1]);
      // The training records which events it read sessionized: the retrain policy's "new" starts after them.
      const { sessionizedThrough } = await fresh.db.shop.findUniqueOrThrow({ where: { id: shopId } });
      expect(JSON.parse(active[0]!.metrics).eventsThrough).toBe(Number(sessionizedThrough));
    }, 120_000);

    it.skipIf(c.skip)('enough new events: the next sessionize retrains by itself (version 2); retention waits a day', async () => {
      await addEvents(fresh.db, fresh.url, shopId, 'lifecycle-more', Math.max(RETRAIN_MIN_NEW_EVENTS, 1_500));
      await queue.enqueue('sessionize', shopId);
      await settled(fresh.db, shopId, 90_000);

      expect((await jobs('sessionize')).map((j) => j.status)).toEqual(['succeeded', 'succeeded']);
      expect((await jobs('train')).map((j) => j.status)).toEqual(['succeeded', 'succeeded']);
      expect((await jobs('retention')).length).toBe(1);
      // Version 2 is trained; whether it goes live is the champion/challenger rule's call
      // (tests/integration/model-activation.test.ts): either way exactly one version is live.
      const versions = await fresh.db.modelVersion.findMany({ where: { shopId }, orderBy: { version: 'asc' }, select: { version: true, status: true } });
      expect(versions.map((v) => v.version)).toEqual([1, 2]);
      expect([
        ['retired', 'active'],
        ['active', 'challenger'],
      ]).toContainEqual(versions.map((v) => v.status));
    }, 120_000);

    it.skipIf(c.skip)('nothing new: sessionize does not retrain', async () => {
      await queue.enqueue('sessionize', shopId);
      await settled(fresh.db, shopId, 60_000);
      expect((await jobs('sessionize')).map((j) => j.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      expect((await jobs('train')).length).toBe(2);
      expect((await jobs('retention')).length).toBe(1);
    }, 90_000);
  });
});
