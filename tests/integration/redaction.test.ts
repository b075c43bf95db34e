/**
 * customers/redact leaves nothing derived from the customer: after the webhook and its
 * job, every row of every table (all columns) and every stored model artifact (decoded)
 * is searched for the customer's id, order ids, browser hash, event ids, a search string
 * only they typed and a product only they touched. Before the redaction the same scan
 * finds them (so the scan can fail). Other shoppers' data and a working model remain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { startTestServer, TEST_API_SECRET, withCredentials, createManualQueue, type TestServer } from '../helpers/server';
import { sendWebhook } from '../helpers/shopify-stand-in/webhooks';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { dumpAllTables } from '../helpers/table-scan';
import { ensureShop } from '../../app/shops/shop-rows';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { rollupShop } from '../../app/jobs/rollup-job';
import { trainShop } from '../../app/jobs/train-job';
import { runJob } from '../../app/jobs/handlers';
import { createLogger } from '../../app/logger';
import type { Provider } from '../../app/db/url';
import type { JourneyEvent } from '../../app/api-contract/ingest';

const silent = createLogger('silent');
const SHOP = 'redact-me.myshopify.com';
const CUSTOMER_ID = '4242424242';
const ORDER_SEEN = '7001234567890'; // placed with the pixel watching
const ORDER_BACKFILLED = '7001234567891'; // only in the install backfill
const SEARCH = 'zebraquokka7731';
const PRODUCT = '88877766655'; // only this customer touched it
const CLIENT = 'customer-browser-77';
const EVENT_PREFIX = 'custevt';
const CATALOG = ['11', '12', '13', '14', '15', '16', '17', '18'];

function shopperEvents(i: number, t0: number): JourneyEvent[] {
  const c = `other-shopper-${i}`;
  const a = CATALOG[i % 8];
  const b = CATALOG[(i + 1) % 8];
  const e = (n: number, ev: Omit<JourneyEvent, 'id' | 'ts' | 'clientId'>): JourneyEvent => ({ id: `o${i}-${n}`, ts: t0 + i * 1000 + n * 20_000, clientId: c, ...ev });
  const out: JourneyEvent[] = [
    e(0, { name: 'page_viewed', path: '/' }),
    e(1, { name: 'search_submitted', path: '/search', query: 'wool socks', results: 3 }),
    e(2, { name: 'product_viewed', path: `/products/p${a}`, productId: a, price: 10 }),
    e(3, { name: 'product_viewed', path: `/products/p${b}`, productId: b, price: 12 }),
    e(4, { name: 'product_added_to_cart', productId: b, qty: 1, price: 12 }),
  ];
  if (i % 2 === 0) out.push(e(5, { name: 'checkout_completed', orderId: `100${i}`, total: 12, lines: [{ productId: b, qty: 1, price: 12 }, { productId: a, qty: 1, price: 10 }] }));
  return out;
}

function customerEvents(t0: number): JourneyEvent[] {
  const e = (n: number, ev: Omit<JourneyEvent, 'id' | 'ts' | 'clientId'>): JourneyEvent => ({ id: `${EVENT_PREFIX}-${n}`, ts: t0 + n * 15_000, clientId: CLIENT, ...ev });
  return [
    e(0, { name: 'page_viewed', path: '/' }),
    e(1, { name: 'search_submitted', path: '/search', query: SEARCH, results: 1 }),
    e(2, { name: 'product_viewed', path: `/products/p${PRODUCT}`, productId: PRODUCT, price: 99 }),
    e(3, { name: 'product_viewed', path: '/products/p11', productId: '11', price: 10 }),
    e(4, { name: 'product_added_to_cart', productId: PRODUCT, qty: 1, price: 99 }),
    e(5, { name: 'checkout_started', total: 109 }),
    e(6, { name: 'checkout_completed', orderId: ORDER_SEEN, total: 109, lines: [{ productId: PRODUCT, qty: 1, price: 99 }, { productId: '11', qty: 1, price: 10 }] }),
  ];
}

async function ingest(url: string, shopKey: string, events: JourneyEvent[]) {
  const res = await fetch(`${url}/ingest`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ shopKey, events }) });
  expect(res.status).toBe(200);
}

/** Where each needle occurs: table names, and `artifact:<version>` for decoded model artifacts. */
async function findNeedles(s: TestServer, provider: Provider, needles: string[]): Promise<Record<string, string[]>> {
  const dump = await dumpAllTables(s.db, provider);
  const models = await s.db.modelVersion.findMany({ select: { version: true, artifact: true } });
  for (const m of models) if (m.artifact) dump[`artifact:${m.version}`] = gunzipSync(m.artifact).toString('utf8');
  const found: Record<string, string[]> = {};
  for (const n of needles) found[n] = Object.entries(dump).filter(([, text]) => text.toLowerCase().includes(n.toLowerCase())).map(([where]) => where);
  return found;
}

describe.each(PROVIDERS_UNDER_TEST)('complete customer redaction on %s', (provider) => {
  let s: TestServer;
  let shopId: number;
  let clientHash: string;
  const needles = () => [CUSTOMER_ID, ORDER_SEEN, ORDER_BACKFILLED, SEARCH, PRODUCT, clientHash, EVENT_PREFIX];
  const deliver = (topic: string, body: unknown) =>
    sendWebhook({ url: `${s.url}/webhooks/compliance`, topic, shop: SHOP, body }, TEST_API_SECRET, '2026-10');

  beforeAll(async () => {
    s = await startTestServer({ provider, env: withCredentials() });
    const shop = await ensureShop(s.db, SHOP);
    shopId = shop.id;
    const t0 = Date.now() - 3 * 3_600_000;
    for (let i = 0; i < 30; i++) await ingest(s.url, shop.shopKey, shopperEvents(i, t0));
    await ingest(s.url, shop.shopKey, customerEvents(t0 + 600_000));
    // The install backfill saw both of the customer's orders, and others'.
    await s.db.orderBasket.createMany({
      data: [
        { shopId, orderId: ORDER_SEEN, createdAt: new Date(t0), productIds: `${PRODUCT},11` },
        { shopId, orderId: ORDER_BACKFILLED, createdAt: new Date(t0 - 86_400_000), productIds: `${PRODUCT},12` },
        { shopId, orderId: '555001', createdAt: new Date(t0), productIds: '13,14' },
      ],
    });
    await sessionizeShop(s.db, shopId);
    await rollupShop(s.db, shopId);
    await trainShop(s.db, shopId); // becomes retired
    await trainShop(s.db, shopId, { replaceLive: 'a second live version for this test' }); // active
    clientHash = (await s.db.event.findFirstOrThrow({ where: { shopId, orderId: ORDER_SEEN } })).clientHash;
    // The customer asked for their data first: an export exists.
    expect((await deliver('customers/data_request', { shop_domain: SHOP, customer: { id: Number(CUSTOMER_ID) }, orders_requested: [Number(ORDER_SEEN)] })).status).toBe(200);
    await runJob({ db: s.db, logger: silent }, { type: 'data_export', shopId });
  }, 120_000);
  afterAll(() => s.close());

  it('finds every needle before the redaction (the scan can fail)', async () => {
    const found = await findNeedles(s, provider, needles());
    for (const n of needles()) expect(found[n].length, `${n} not found anywhere`).toBeGreaterThan(0);
    expect(found[SEARCH]).toContain('AnalyticsSearchDaily');
    expect(found[ORDER_BACKFILLED]).toContain('OrderBasket');
    expect(found[CUSTOMER_ID]).toContain('DataExport');
    expect(found[PRODUCT].some((w) => w.startsWith('artifact:'))).toBe(true);
    expect(await s.db.modelVersion.count({ where: { shopId, status: 'retired' } })).toBe(1);
  });

  it('after customers/redact and its job, no table and no artifact holds anything of the customer', async () => {
    const othersBefore = await s.db.event.count({ where: { shopId, clientHash: { not: clientHash } } });
    const started = Date.now();
    const res = await deliver('customers/redact', { shop_domain: SHOP, customer: { id: Number(CUSTOMER_ID) }, orders_to_redact: [Number(ORDER_SEEN), Number(ORDER_BACKFILLED)] });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000); // acknowledged without doing the work
    expect((s.server.jobs as ReturnType<typeof createManualQueue>).enqueued).toContainEqual({ type: 'redact', shopId });
    expect(await s.db.redactionRequest.count({ where: { shopId } })).toBe(1); // recorded durably before the 200
    await runJob({ db: s.db, logger: silent }, { type: 'redact', shopId });

    const found = await findNeedles(s, provider, needles());
    for (const n of needles()) expect(found[n], `"${n}" survives in ${found[n].join(', ')}`).toEqual([]);

    // What others did is still there: their events, the roll-ups of their searches, their
    // baskets, and one model, retrained without the customer.
    expect(await s.db.event.count({ where: { shopId } })).toBe(othersBefore);
    expect(await s.db.analyticsSearchDaily.count({ where: { shopId, query: 'wool socks' } })).toBeGreaterThan(0);
    expect(await s.db.orderBasket.count({ where: { shopId } })).toBe(1);
    const models = await s.db.modelVersion.findMany({ where: { shopId } });
    expect(models.map((m) => [m.status, m.version])).toEqual([['active', 3]]);
  });
});

describe.each(PROVIDERS_UNDER_TEST)('compliance jobs through the local queue on %s', (provider) => {
  it('customers/redact and customers/data_request run as queued jobs (redact in a child process) after a quick 200', async () => {
    const s = await startTestServer({ provider, env: withCredentials(), backgroundJobs: true });
    try {
      const shop = await ensureShop(s.db, SHOP);
      await s.db.event.createMany({
        data: [
          { shopId: shop.id, eventId: 'c1', name: 'product_viewed', ts: new Date(), clientHash: 'hc', productId: PRODUCT },
          { shopId: shop.id, eventId: 'c2', name: 'checkout_completed', ts: new Date(), clientHash: 'hc', orderId: ORDER_SEEN },
          { shopId: shop.id, eventId: 'o1', name: 'product_viewed', ts: new Date(), clientHash: 'ho', productId: '11' },
        ],
      });
      const send = (topic: string, body: unknown) =>
        sendWebhook({ url: `${s.url}/webhooks/compliance`, topic, shop: SHOP, body }, TEST_API_SECRET, '2026-10');
      expect((await send('customers/data_request', { shop_domain: SHOP, customer: { id: 1 }, orders_requested: [Number(ORDER_SEEN)] })).status).toBe(200);
      await s.server.jobs.idle();
      const exp = await s.db.dataExport.findFirstOrThrow({ where: { shopId: shop.id } });
      expect(exp.status).toBe('ready');
      expect((JSON.parse(exp.payload!) as { events: Array<{ eventId: string }> }).events.map((e) => e.eventId).sort()).toEqual(['c1', 'c2']);
      expect((await send('customers/redact', { shop_domain: SHOP, customer: { id: 1 }, orders_to_redact: [Number(ORDER_SEEN)] })).status).toBe(200);
      await s.server.jobs.idle();
      expect((await s.db.event.findMany({ where: { shopId: shop.id } })).map((e) => e.eventId)).toEqual(['o1']);
      expect(await s.db.dataExport.count()).toBe(0);
      expect(await s.db.redactionRequest.count()).toBe(0);
      expect(await s.db.job.findMany({ where: { type: { in: ['redact', 'data_export'] } }, select: { type: true, status: true }, orderBy: { id: 'asc' } })).toEqual([
        { type: 'data_export', status: 'succeeded' },
        { type: 'redact', status: 'succeeded' },
      ]);
    } finally {
      await s.close();
    }
  }, 120_000);
});
