/**
 * Production, end to end: the compiled server (`node dist/server/serve.js`, NODE_ENV=production)
 * and two `node dist/server/worker.js` processes on PostgreSQL + Redis, against the Shopify
 * stand-in (real HTTPS through a CONNECT proxy; the processes only get the proxy and CA
 * environment, no test hook in the code). Nothing is seeded behind the app's back: every
 * step happens because the previous one did.
 *
 *   install by token exchange (App Bridge session token on /api)
 *   -> install job in a worker: web pixel activated, catalog imported; the shop's token
 *      expires in the middle of that job (after the first products page) and is refreshed
 *   -> the pixel's shop key posts shoppers' events to /ingest
 *   -> sessionize jobs (workers) build journeys -> the first model is trained automatically
 *   -> more events -> an automatic retrain in a worker (model version 2)
 *   -> recommendations served to a signed app proxy request, from the active model
 *   -> app/uninstalled (signed webhook): collection stops, tokens dropped
 *   -> shop/redact: no row of the shop is left in any table.
 *
 * Required in CI (WAYMARK_TEST_PG=1 and WAYMARK_TEST_REDIS=1); skipped with a reason otherwise
 * when PostgreSQL or Redis is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port';
import { buildServer } from '../../app/cli/build-server';
import { REPO_ROOT, SERVER_DIST } from '../../app/paths';
import { postEvents } from '../../app/demo/cli/ingest-client';
import { catalogProductRows, simulate, simulatorCatalogs } from '../../app/demo/simulator';
import { deletePrefix, probeRedis, REDIS_URL } from '../bench/worker-failure';
import { freshPostgresDb, pgTestMode, type FreshDb } from '../helpers/db';
import { tableNames, dumpAllTables } from '../helpers/table-scan';
import { startShopifyStandIn, type ShopifyStandIn } from '../helpers/shopify-stand-in';
import type { JourneyEvent } from '../../app/api-contract/ingest';

const redisFlag = process.env.WAYMARK_TEST_REDIS?.trim();
const redisRequired = redisFlag === '1' || redisFlag === 'true';
const redis = redisFlag === '0' || redisFlag === 'false' ? { ok: false, message: 'WAYMARK_TEST_REDIS=0' } : await probeRedis();
const pg = await pgTestMode();
const runs = (pg.run || pg.required) && (redis.ok || redisRequired);
if (!runs) console.warn(`[tests] production end-to-end skipped: ${!pg.run ? pg.reason : redis.message} (CI requires it)`);

const API_KEY = 'e2e-api-key';
const API_SECRET = 'e2e-api-secret-0123456789abcdef';
const SHOP = 'e2e-outfitters.myshopify.com';
const SEED = 'e2e';
const PRODUCTS = 300; // two pages of the products query (250 a page)
const FIRST_EVENTS = 6_000;
const MORE_EVENTS = 3_000;

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false> | T | undefined | false, logs?: () => string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${logs ? `\n--- process output (tail) ---\n${logs()}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Proc {
  name: string;
  child: ChildProcess;
  output: () => string;
}

function start(name: string, script: string, env: NodeJS.ProcessEnv): Proc {
  let out = '';
  const child = spawn(process.execPath, [join(SERVER_DIST, script)], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (d: Buffer) => (out = (out + d).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { name, child, output: () => out };
}

async function stop(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  const gone = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
}

// One story told in steps: each step acts on what the previous one did (see above), as in
// production, so its tests keep their order even when the suite runs shuffled (npm run test:shuffle).
describe.skipIf(!runs)('production end to end: compiled server, two workers, PostgreSQL, Redis, Shopify stand-in', { shuffle: false }, () => {
  let fresh: FreshDb;
  let standIn: ShopifyStandIn;
  let server: Proc;
  const workers: Proc[] = [];
  let url: string;
  const prefix = `wme2e-${Date.now().toString(36)}-${process.pid}`;
  const [catalog] = simulatorCatalogs({ seed: SEED, products: PRODUCTS });
  const catalogIds = new Set(catalog.products.map((p) => p.id));
  // One stream of shoppers' events over the last day; the first part arrives, then the rest.
  const stream: JourneyEvent[] = [...simulate({ seed: SEED, products: PRODUCTS, events: FIRST_EVENTS + MORE_EVENTS, days: 0.8, startDate: Date.now() - 22 * 3_600_000 })].map((e) => e.event);
  const logs = () => [server, ...workers].filter(Boolean).map((p) => `[${p.name}]\n${p.output()}`).join('\n');
  const db = () => fresh.db;
  const shopRow = () => db().shop.findUnique({ where: { domain: SHOP } });
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${url}/api${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${standIn.sessionToken(SHOP)}` } });

  beforeAll(async () => {
    const built = await buildServer();
    expect(built.outputs).toContain('dist/server/serve.js');
    fresh = await freshPostgresDb();
    standIn = await startShopifyStandIn({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      rejectNonExpiring: true, // as Shopify does from 1 January 2027
      shops: {
        [SHOP]: {
          products: catalogProductRows(catalog).map((p) => ({
            id: p.productId,
            title: p.title,
            handle: p.handle,
            productType: p.productType,
            vendor: p.vendor,
            tags: p.tags,
            price: p.price,
            imageUrl: p.imageUrl,
            status: 'ACTIVE' as const,
            isGiftCard: p.isGiftCard,
            totalInventory: p.available ? 25 : 0,
            tracksInventory: true,
          })),
          orders: [],
        },
      },
    });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: url,
      DATABASE_URL: fresh.url,
      REDIS_URL,
      WAYMARK_QUEUE_PREFIX: prefix,
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      WAYMARK_INGEST_CLIENT_RATE: '1000',
      LOG_LEVEL: 'info',
      ...standIn.childEnv(),
    };
    server = start('server', 'serve.js', env);
    await waitFor('the compiled server to answer /healthz', 60_000, async () => {
      if (server.child.exitCode !== null) throw new Error(`server exited with ${server.child.exitCode}:\n${server.output()}`);
      return fetch(`${url}/healthz`).then((r) => r.ok || undefined, () => undefined);
    });
    workers.push(start('worker-1', 'worker.js', env), start('worker-2', 'worker.js', env));
    await waitFor('both workers to start', 30_000, () => workers.every((w) => /worker started/.test(w.output())) || undefined, logs);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([stop(server), ...workers.map(stop)]);
    await standIn?.close();
    await fresh?.cleanup();
    await deletePrefix(REDIS_URL, prefix).catch(() => {});
  }, 60_000);

  it('installs by token exchange; the install job activates the pixel and imports the catalog through a token that expires mid-job', async () => {
    // Shopify expires the token after the pixel query, the pixel creation, the shop profile
    // query and the first products page: the second page meets a 401.
    standIn.expireTokensAfter(SHOP, 4);
    const res = await api('/shop');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(standIn.tokenRequests(SHOP).map((r) => r.outcome)).toEqual(['exchanged:expiring']);

    const pixel = await waitFor('the web pixel to be activated', 60_000, () => standIn.shopState(SHOP).pixel ?? undefined, logs);
    const shop = (await shopRow())!;
    expect(JSON.parse(pixel.settings)).toEqual({ ingestUrl: `${url}/ingest`, shopKey: shop.shopKey });
    await waitFor('the catalog import', 60_000, async () => (await db().product.count({ where: { shopId: shop.id } })) === PRODUCTS || undefined, logs);
    const install = await waitFor('the install job to succeed', 60_000, async () => (await db().job.findFirst({ where: { shopId: shop.id, type: 'install', status: 'succeeded' } })) ?? undefined, logs);
    expect(install.attempts).toBe(1); // the expiry was absorbed by a refresh, not by a retry

    // The token lapsed after the first products page: one 401, one refresh grant, then success.
    const calls = standIn.graphqlRequests(SHOP);
    const refused = calls.findIndex((c) => c.status === 401);
    expect(refused, JSON.stringify(calls.map((c) => [c.operationName, c.status]))).toBeGreaterThan(0);
    expect(calls[refused - 1]).toMatchObject({ status: 200, rootField: 'products' });
    expect(calls[refused].refusal).toBe('expired');
    expect(calls[refused + 1]).toMatchObject({ status: 200, operationName: calls[refused].operationName });
    expect(standIn.tokenRequests(SHOP).map((r) => r.outcome)).toEqual(['exchanged:expiring', 'refreshed']);
    const stored = await db().shopifySession.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
    expect(stored.accessToken).toBe(calls[refused + 1].accessToken);
    expect(stored.refreshLockOwner).toBeNull();
  }, 120_000);

  it('events through /ingest become journeys and the first model, with no job enqueued by hand', async () => {
    const pixel = standIn.shopState(SHOP).pixel!;
    const { shopKey, ingestUrl } = JSON.parse(pixel.settings) as { shopKey: string; ingestUrl: string };
    const sent = await postEvents({ baseUrl: ingestUrl.replace(/\/ingest$/, ''), shopKey, events: stream.slice(0, FIRST_EVENTS), concurrency: 4 });
    expect(sent.accepted).toBe(FIRST_EVENTS);
    const shop = (await shopRow())!;
    await waitFor('journeys', 60_000, async () => (await db().journey.count({ where: { shopId: shop.id } })) > 0 || undefined, logs);
    const first = await waitFor('the first active model', 180_000, async () => (await db().modelVersion.findFirst({ where: { shopId: shop.id, status: 'active' } })) ?? undefined, logs);
    expect(first.version).toBeGreaterThanOrEqual(1);
    // Let this wave of work settle, so that what follows can only come from the next events.
    await waitFor('the queue to drain', 180_000, async () => (await db().job.count({ where: { shopId: shop.id, status: { in: ['queued', 'running'] } } })) === 0 || undefined, logs);
  }, 300_000);

  it('more events retrain automatically in a worker', async () => {
    const shop = (await shopRow())!;
    const before = (await db().modelVersion.findFirstOrThrow({ where: { shopId: shop.id, status: 'active' } })).version;
    const trainsBefore = await db().job.count({ where: { shopId: shop.id, type: 'train' } });
    const postedAt = new Date();
    const sent = await postEvents({ baseUrl: url, shopKey: shop.shopKey, events: stream.slice(FIRST_EVENTS), concurrency: 4 });
    expect(sent.accepted).toBe(MORE_EVENTS);
    const next = await waitFor(
      'an automatic retrain',
      180_000,
      // A new version, live or kept as a challenger (champion/challenger decides; model-activation.test.ts).
      async () => (await db().modelVersion.findFirst({ where: { shopId: shop.id, status: { in: ['active', 'challenger'] }, version: { gt: before } } })) ?? undefined,
      logs,
    );
    expect(next.version).toBe(before + 1);
    expect(next.createdAt.getTime()).toBeGreaterThan(postedAt.getTime());
    expect(await db().job.count({ where: { shopId: shop.id, type: 'train' } })).toBe(trainsBefore + 1);
    expect(await db().modelVersion.count({ where: { shopId: shop.id, status: 'active' } })).toBe(1);
    // Both trainings ran in workers: the web process enqueues only (it has no job loop with Redis).
    expect(server.output()).not.toMatch(/job done/);
    expect(workers.map((w) => w.output()).join('\n')).toMatch(/follow-up jobs: .*train/);
  }, 300_000);

  it('serves recommendations from the active model to a signed app proxy request', async () => {
    expect((await api('/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ holdoutPercent: 0 }) })).status).toBe(200);
    const viewed = stream.find((e) => e.productId && catalogIds.has(e.productId))!.productId!;
    const signed = standIn.appProxyUrl(`${url}/apps/waymark`, '/recommendations', {
      shop: SHOP,
      extraParams: { placement: 'also_like', product_id: viewed, limit: '8', visitor: 'e2e-visitor-1' },
    });
    const res = await fetch(signed);
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { strategy: string; products: Array<{ id: string }> };
    expect(body.strategy).toBe('model');
    expect(body.products.length).toBeGreaterThan(0);
    for (const p of body.products) expect(catalogIds.has(p.id)).toBe(true);
    expect(body.products.map((p) => p.id)).not.toContain(viewed);
    // A forged one is refused.
    expect((await fetch(signed.replace(/signature=[0-9a-f]+/, 'signature=00'))).status).toBe(401);
  }, 60_000);

  it('app/uninstalled stops collection and drops the tokens; shop/redact leaves no row of the shop', async () => {
    const shop = (await shopRow())!;
    // Let every queued job finish first (a job row written after the redact would be the shop's too).
    await waitFor('the queue to drain', 120_000, async () => (await db().job.count({ where: { shopId: shop.id, status: { in: ['queued', 'running'] } } })) === 0 || undefined, logs);

    const uninstalled = await standIn.deliverWebhook({ url: `${url}/webhooks/app/uninstalled`, topic: 'app/uninstalled', shop: SHOP, body: { id: 1, name: 'E2E Outfitters', domain: SHOP, myshopify_domain: SHOP } });
    expect(uninstalled.status, uninstalled.responseBody).toBe(200);
    expect((await shopRow())!.uninstalledAt).toBeInstanceOf(Date);
    expect(await db().shopifySession.count({ where: { shop: SHOP } })).toBe(0);
    const late = await fetch(`${url}/ingest`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ shopKey: shop.shopKey, events: [stream[0]] }) });
    expect(late.status).toBeGreaterThanOrEqual(400);

    const redact = await standIn.deliverWebhook({ url: `${url}/webhooks/compliance`, topic: 'shop/redact', shop: SHOP, body: { shop_id: 1, shop_domain: SHOP } });
    expect(redact.status, redact.responseBody).toBe(200);
    await waitFor('the shop row to be gone', 60_000, async () => (await shopRow()) === null || undefined, logs);
    await waitFor('no job left for the shop', 60_000, async () => (await db().job.count({ where: { shopId: shop.id } })) === 0 || undefined, logs);

    // Every table: no row carries the shop's id, domain or key.
    const dump = await dumpAllTables(db(), 'postgresql');
    const tables = await tableNames(db(), 'postgresql');
    expect(tables.length).toBeGreaterThan(10);
    for (const [table, rows] of Object.entries(dump)) {
      expect(rows, `${table} still holds the shop`).not.toContain(SHOP);
      expect(rows, `${table} still holds the shop key`).not.toContain(shop.shopKey);
      expect(rows, `${table} still holds rows of shop ${shop.id}`).not.toMatch(new RegExp(`"shopId":(${shop.id}|"${shop.id}")[,}]`));
    }
  }, 240_000);
});
