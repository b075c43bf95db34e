/**
 * End to end with PII-laden Shopify events: through the real pixel mapper, POST /ingest,
 * sessionization and training, then every table is scanned for the PII. Then the
 * compliance webhooks: export, customer redaction, shop redaction, each idempotent and
 * leaving other shops untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_UA, createManualQueue, postWebhook, sessionToken, startTestServer, withCredentials, type TestServer } from '../helpers/server';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { dumpAllTables } from '../helpers/table-scan';
import { ensureShop } from '../../app/shops/shop-rows';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { trainShop } from '../../app/jobs/train-job';
import { rollupShop } from '../../app/jobs/rollup-job';
import type { CustomerExport } from '../../app/privacy/compliance';
import type { DataRequestsAnswer } from '../../app/api-contract/data-requests';
import { runJob } from '../../app/jobs/handlers';
import { createLogger } from '../../app/logger';

const silent = createLogger('silent');
import { toJourneyEvent } from '../../extensions/waymark-pixel/src/to-journey-event';
import { STANDARD_FIXTURES, PII, PII_STRINGS, CLIENT_ID, ORDER_ID } from '../fixtures/pixel-events';
import type { JourneyEvent } from '../../app/api-contract/ingest';

const fixtures = Object.values(STANDARD_FIXTURES);

function eventsFor(clientId: string, suffix: string, orderId?: string): JourneyEvent[] {
  return fixtures
    .map((f) => toJourneyEvent(f)!)
    .map((e) => ({ ...e, id: `${e.id}-${suffix}`, clientId, ...(e.orderId && orderId ? { orderId } : {}) }));
}

async function ingest(url: string, shopKey: string, events: JourneyEvent[]) {
  const res = await fetch(`${url}/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': PII.userAgent },
    body: JSON.stringify({ shopKey, events }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

/**
 * Two installed shops with PII-laden events, sessionized, rolled up and (shop A) trained:
 * in shop A the customer (who placed ORDER_ID) and another shopper, in shop B the same browser id.
 */
async function seedShops(s: TestServer, shopA: string, shopB: string): Promise<{ idA: number; idB: number }> {
  const a = await ensureShop(s.db, shopA);
  const b = await ensureShop(s.db, shopB);
  // Installed with expiring offline tokens: the admin API needs no token exchange.
  for (const shop of [shopA, shopB]) {
    await s.db.shopifySession.create({
      data: { id: `offline_${shop}`, shop, state: '', accessToken: 'shpat_x', refreshToken: 'shprt_x', expires: new Date(Date.now() + 3_600_000), isOnline: false },
    });
  }
  await ingest(s.url, a.shopKey, eventsFor(CLIENT_ID, 'x', ORDER_ID));
  await ingest(s.url, a.shopKey, eventsFor('another-browser-0001', 'y', '111'));
  await ingest(s.url, b.shopKey, eventsFor(CLIENT_ID, 'z', ORDER_ID));
  await sessionizeShop(s.db, a.id);
  await sessionizeShop(s.db, b.id);
  await rollupShop(s.db, a.id);
  await rollupShop(s.db, b.id);
  await trainShop(s.db, a.id);
  return { idA: a.id, idB: b.id };
}

// Each test that deletes or exports works on shops of its own, so the tests run in any order.
describe.each(PROVIDERS_UNDER_TEST)('privacy on %s', (provider) => {
  let s: TestServer;
  const shopA = 'maple-and-moss.myshopify.com';
  const shopB = 'other-store.myshopify.com';
  let idA: number;
  let idB: number;
  /** every table right after ingest, sessionization, rollups and training */
  let dump: Record<string, string>;

  beforeAll(async () => {
    s = await startTestServer({ provider, env: withCredentials() });
    ({ idA, idB } = await seedShops(s, shopA, shopB));
    dump = await dumpAllTables(s.db, provider);
  });
  afterAll(() => s.close());
  const queued = () => (s.server.jobs as ReturnType<typeof createManualQueue>).enqueued;

  it('stores none of the PII, nor the raw browser id, in any table', () => {
    expect(Object.keys(dump)).toEqual(expect.arrayContaining(['Event', 'Journey', 'Shop', 'ModelVersion', 'Job']));
    expect(JSON.parse(dump.Event)).toHaveLength(fixtures.length * 3);
    for (const [table, text] of Object.entries(dump)) {
      const lower = text.toLowerCase();
      for (const pii of [...PII_STRINGS, CLIENT_ID]) {
        expect(lower.includes(pii.toLowerCase()), `${table} contains "${pii}"`).toBe(false);
      }
    }
  });

  it('hashes the same browser differently in different shops', async () => {
    const a = await s.db.event.findFirstOrThrow({ where: { shopId: idA, eventId: { endsWith: '-x' } } });
    const b = await s.db.event.findFirstOrThrow({ where: { shopId: idB } });
    expect(a.clientHash).not.toBe(b.clientHash);
  });

  it('customers/data_request stores exactly that customer\'s export, listed and downloadable in the admin', async () => {
    const res = await postWebhook(s.url, 'customers/data_request', shopA, {
      shop_domain: shopA,
      customer: { id: Number(PII.customerId) },
      orders_requested: [Number(ORDER_ID)],
    }, { path: '/webhooks/compliance' });
    expect(res.status).toBe(200);
    expect(queued()).toContainEqual({ type: 'data_export', shopId: idA });
    await runJob({ db: s.db, logger: silent }, { type: 'data_export', shopId: idA });
    const auth = { authorization: `Bearer ${sessionToken(shopA)}`, 'user-agent': BROWSER_UA };
    const list = await fetch(`${s.url}/api/data-requests`, { headers: auth });
    expect(list.status).toBe(200);
    const answer = (await list.json()) as DataRequestsAnswer;
    expect(answer.requests).toHaveLength(1);
    const row = answer.requests[0];
    expect(row).toMatchObject({ customerId: PII.customerId, ordersRequested: [ORDER_ID], status: 'ready' });
    expect(Date.parse(row.expiresAt) - Date.parse(row.requestedAt)).toBeGreaterThanOrEqual(30 * 86_400_000);
    const file = await fetch(`${s.url}/api/data-requests/${row.id}/download`, { headers: auth });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
    const data = (await file.json()) as CustomerExport;
    expect(data.events).toHaveLength(fixtures.length);
    expect(data.events.every((e) => e.eventId.endsWith('-x'))).toBe(true);
    expect(data.journeys.length).toBeGreaterThan(0);
    // Another shop's session sees neither the list entry nor the file.
    const authB = { authorization: `Bearer ${sessionToken(shopB)}`, 'user-agent': BROWSER_UA };
    expect(((await (await fetch(`${s.url}/api/data-requests`, { headers: authB })).json()) as DataRequestsAnswer).requests).toEqual([]);
    expect((await fetch(`${s.url}/api/data-requests/${row.id}/download`, { headers: authB })).status).toBe(404);
  });

  it('customers/redact deletes that customer\'s events, journeys and export only, idempotently', async () => {
    const [redactA, redactB] = ['redact-a.myshopify.com', 'redact-b.myshopify.com'];
    const { idA, idB } = await seedShops(s, redactA, redactB);
    const dataRequest = { shop_domain: redactA, customer: { id: Number(PII.customerId) }, orders_requested: [Number(ORDER_ID)] };
    expect((await postWebhook(s.url, 'customers/data_request', redactA, dataRequest, { path: '/webhooks/compliance' })).status).toBe(200);
    await runJob({ db: s.db, logger: silent }, { type: 'data_export', shopId: idA });
    expect(await s.db.dataExport.count({ where: { shopId: idA } })).toBe(1);
    const before = {
      aOther: await s.db.event.count({ where: { shopId: idA, eventId: { endsWith: '-y' } } }),
      b: await s.db.event.count({ where: { shopId: idB } }),
    };
    for (let i = 0; i < 2; i++) {
      const res = await postWebhook(s.url, 'customers/redact', redactA, {
        shop_domain: redactA,
        customer: { id: Number(PII.customerId) },
        orders_to_redact: [Number(ORDER_ID)],
      }, { path: '/webhooks/compliance' });
      expect(res.status).toBe(200);
      await runJob({ db: s.db, logger: silent }, { type: 'redact', shopId: idA });
    }
    expect(await s.db.event.count({ where: { shopId: idA, eventId: { endsWith: '-x' } } })).toBe(0);
    expect(await s.db.dataExport.count({ where: { shopId: idA } })).toBe(0); // the customer's export went too
    const hashX = (await s.db.event.findMany({ where: { shopId: idA } })).map((e) => e.clientHash);
    expect(new Set(hashX).size).toBe(1); // only the other shopper remains
    expect(await s.db.event.count({ where: { shopId: idA, eventId: { endsWith: '-y' } } })).toBe(before.aOther);
    expect(await s.db.event.count({ where: { shopId: idB } })).toBe(before.b);
  });

  it('shop/redact deletes everything for the shop, idempotently, and nothing of other shops', async () => {
    const [goneA, goneB] = ['gone-a.myshopify.com', 'gone-b.myshopify.com'];
    const { idA, idB } = await seedShops(s, goneA, goneB);
    const bBefore = await dumpShopCounts(s, idB);
    expect((await postWebhook(s.url, 'app/uninstalled', goneA, { id: 1, myshopify_domain: goneA })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await postWebhook(s.url, 'shop/redact', goneA, { shop_id: 1, shop_domain: goneA }, { path: '/webhooks/compliance' });
      expect(res.status).toBe(200);
      await runJob({ db: s.db, logger: silent }, { type: 'redact', shopId: idA });
    }
    expect(await dumpShopCounts(s, idA)).toEqual({ events: 0, journeys: 0, products: 0, models: 0, jobs: 0, rollups: 0 });
    expect(await s.db.shop.count({ where: { domain: goneA } })).toBe(0);
    expect(await dumpShopCounts(s, idB)).toEqual(bBefore);
    expect(bBefore.events).toBeGreaterThan(0);
    expect(bBefore.rollups).toBeGreaterThan(0);
  });
});

async function dumpShopCounts(s: TestServer, shopId: number) {
  const where = { shopId };
  return {
    events: await s.db.event.count({ where }),
    journeys: await s.db.journey.count({ where }),
    products: await s.db.product.count({ where }),
    models: await s.db.modelVersion.count({ where }),
    jobs: await s.db.job.count({ where }),
    rollups: (await s.db.analyticsPathDaily.count({ where })) + (await s.db.analyticsItemDaily.count({ where })),
  };
}
