/**
 * The propensity job and its API over a real (SQLite) database: simulated events stored
 * with the ingest pipeline's own row mapping, sessionized by the app's job, then read back
 * in chunks, trained, stored as a Job row and served by the router (behind a stand-in for
 * the session-token middleware, which only sets res.locals.shop).
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSqliteDb, type FreshDb } from '../helpers/db';
import { ensureShop } from '../../app/shops/shop-rows';
import type { ShopRow } from '../../app/shops/shop-rows';
import { hashClientId } from '../../app/ingest/client-hash';
import { toRow } from '../../app/ingest/pipeline';
import { createEventStore, type EventRow } from '../../app/ingest/event-store';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { readSessions, trainPropensity } from '../../app/jobs/propensity-job';
import { createPropensityRouter } from '../../app/routes/api-propensity';
import { createLocalQueue } from '../../app/jobs/queue';
import { createLogger } from '../../app/logger';
import { simulate } from '../../app/demo/simulator';
import { buildFeatureMatrix } from '../../ml/propensity/features';
import { simulatedSessions } from '../helpers/simulated-sessions';

// a seed whose ~700 visits have a few purchases in each time split (fit 23, validation 5, test 10):
// with ~30 buyers, one seed in ten leaves fewer than 3 in a split and training rightly declines
const SIM = { seed: 'job2', sessions: 700, days: 5 };
// a small store: lower the purchase floor so the full path runs, and keep the network short
const FAST = { minPositives: 10, mlp: { maxEpochs: 8, patience: 4 } };

describe('propensity job and API (SQLite)', () => {
  let fresh: FreshDb;
  let shop: ShopRow;
  let other: ShopRow;
  let http: Server;
  let url: string;
  let jobs: ReturnType<typeof createLocalQueue>;
  /** shop a's report, trained once before the tests (the API test serves it) */
  let trained: Awaited<ReturnType<typeof trainPropensity>>;

  beforeAll(async () => {
    fresh = await freshSqliteDb();
    shop = await ensureShop(fresh.db, 'propensity-a.myshopify.com');
    other = await ensureShop(fresh.db, 'propensity-b.myshopify.com');
    const received = new Date();
    const rows: EventRow[] = [];
    for (const e of simulate(SIM)) rows.push(toRow(shop.id, e.event, hashClientId(shop.salt, e.event.clientId), e.device, received));
    const store = createEventStore({ provider: 'sqlite', url: fresh.url });
    await store.insert(rows);
    await store.close();
    await sessionizeShop(fresh.db, shop.id, { chunkSize: 20_000 });
    trained = await trainPropensity(fresh.db, shop.id, { k: 3, ...FAST });

    // in this process (the server runs it in a child process): the route only queues it
    jobs = createLocalQueue({ db: fresh.db, logger: createLogger('silent') });
    const app = express();
    app.use(express.json());
    app.use('/api', (req, res, next) => {
      res.locals.shop = req.header('x-test-shop') === 'b' ? other : shop;
      next();
    });
    app.use('/api', createPropensityRouter({ db: fresh.db, jobs }));
    http = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    http.keepAliveTimeout = 120_000;
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api`;
  });

  afterAll(async () => {
    await jobs?.close();
    await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
    await fresh?.cleanup();
  });

  it('reads every journey once, in chunks, with features equal to the offline sessionization', async () => {
    const ids = new Set<string>();
    const fromDb = [];
    for await (const batch of readSessions(fresh.db, shop.id, { chunkSize: 97 })) {
      for (const s of batch) {
        expect(ids.has(s.id)).toBe(false);
        ids.add(s.id);
        fromDb.push(s);
      }
    }
    expect(ids.size).toBe(await fresh.db.journey.count({ where: { shopId: shop.id } }));
    const offline = simulatedSessions(SIM).sessions;
    expect(fromDb.length).toBe(offline.length);
    const a = buildFeatureMatrix(fromDb, { k: 3 });
    const b = buildFeatureMatrix(offline, { k: 3 });
    expect(a.rows.length).toBe(b.rows.length);
    expect(a.labels.reduce((x, y) => x + y, 0)).toBe(b.labels.reduce((x, y) => x + y, 0));
    expect(a.excluded).toEqual(b.excluded);
    // same visits, same vectors (journey ids differ: the job scopes them by shop)
    const key = (m: typeof a, i: number) => `${m.startedAt[i]}:${Array.from(m.rows[i]).join(',')}`;
    expect(new Set(a.rows.map((_, i) => key(a, i)))).toEqual(new Set(b.rows.map((_, i) => key(b, i))));
  });

  it('trains and stores the report as a propensity Job row', async () => {
    const { jobId, report } = trained;
    expect(report.status).toBe('ok');
    expect(report.logistic!.auc).not.toBeNull();
    const row = await fresh.db.job.findUniqueOrThrow({ where: { id: jobId! } });
    expect(row).toMatchObject({ shopId: shop.id, type: 'propensity', status: 'succeeded', progress: 1 });
    expect(JSON.parse(row.result)).toEqual(JSON.parse(JSON.stringify(report)));
    await expect(trainPropensity(fresh.db, shop.id, { k: 0 })).rejects.toThrow(/k must be/);
  });

  it('serves the latest report per shop, and trains on request', async () => {
    const get = async (path: string, who = 'a') => {
      const res = await fetch(`${url}${path}`, { headers: { 'x-test-shop': who } });
      return { status: res.status, body: (await res.json()) as any };
    };
    const a = await get('/propensity');
    expect(a.status).toBe(200);
    expect(a.body.status).toBe('ready');
    expect(a.body.report.k).toBe(3);
    expect(a.body.report.model).toBeUndefined();
    expect(a.body.report.drivers).toBeInstanceOf(Array);
    expect((await get('/propensity?model=1')).body.report.model.kind).toMatch(/logistic|mlp/);

    const b = await get('/propensity', 'b');
    expect(b.body.status).toBe('not_trained');
    expect(b.body.message).toMatch(/not been estimated/);

    const post = (body: unknown, who = 'a') =>
      fetch(`${url}/propensity/train`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-shop': who }, body: JSON.stringify(body) });
    expect((await post({ k: 99 })).status).toBe(400);
    expect((await post({ shop: 'x' })).status).toBe(400);
    // shop b has no visits: the queued job trains, and is honest about it
    const rb = await post({ k: 2 }, 'b');
    expect(rb.status).toBe(202);
    expect(((await rb.json()) as any).status).toBe('training');
    await jobs.idle();
    const b2 = await get('/propensity', 'b');
    expect(b2.body.status).toBe('ready');
    expect(b2.body.report.k).toBe(2);
    expect(b2.body.report.status).toBe('insufficient_data');
    expect(b2.body.report.drivers).toEqual([]);
    // shop a's report is untouched by shop b's
    expect((await get('/propensity')).body.jobId).toBe(a.body.jobId);
  });
});
