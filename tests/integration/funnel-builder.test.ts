/**
 * The funnel builder end to end on every engine under test: hand-made sessions (real ingest
 * row mapping) → sessionizeShop → rollupShop → GET /api/funnel behind the real session-token
 * auth. The expected counts are worked out by hand from the four sessions below.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { installedShop, sessionToken, startTestServer, withCredentials, BROWSER_UA, type TestServer } from '../helpers/server';
import { hashClientId } from '../../app/ingest/client-hash';
import { toRow } from '../../app/ingest/pipeline';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { rollupShop } from '../../app/jobs/rollup-job';
import { createAnalyticsRouter } from '../../app/routes/api-analytics';
import { funnelBuilderAnswerSchema, funnelCollectionsAnswerSchema } from '../../app/api-contract/funnel';
import type { JourneyEvent } from '../../app/api-contract/ingest';

const SHOP = 'funnel-builder.myshopify.com';
const RANGE = 'from=2026-01-01&to=2026-01-10';
const T0 = Date.parse('2026-01-03T10:00:00Z');
const MIN = 60_000;

type Ev = Omit<JourneyEvent, 'id' | 'ts' | 'clientId'> & { at: number };
const home = (at: number): Ev => ({ at, name: 'page_viewed', path: '/' });
const summer = (at: number): Ev => ({ at, name: 'collection_viewed', path: '/collections/summer', collectionId: '55' });
const tee = (at: number): Ev => ({ at, name: 'product_viewed', path: '/products/tee', productId: '101', price: 20 });
const cart = (at: number): Ev => ({ at, name: 'product_added_to_cart', path: '/products/tee', productId: '101', qty: 1, price: 20 });
const search = (at: number): Ev => ({ at, name: 'search_submitted', path: '/search', query: 'tee', results: 3 });
const order = (at: number): Ev => ({ at, name: 'checkout_completed', path: '/checkouts/c/1/thank-you', orderId: 'o1', total: 20, lines: [{ productId: '101', qty: 1, price: 20 }] });

/** Four visitors, one session each (no gap reaches the 30 min session timeout). */
const SESSIONS: Array<{ client: string; device: string; events: Ev[] }> = [
  // every step, 8 min in all
  { client: 'c1', device: 'desktop', events: [home(0), summer(1), tee(2), cart(3), { at: 5, name: 'checkout_started', path: '/checkouts/c/1' }, order(8)] },
  // lands on the product, adds it, then looks at the home page
  { client: 'c2', device: 'mobile', events: [tee(0), cart(1), home(2)] },
  // slow: the collection 20 min after home, the product 40 min after it, the cart at 50 min
  { client: 'c3', device: 'desktop', events: [home(0), summer(20), tee(40), cart(50)] },
  // searches, then the product and the cart
  { client: 'c4', device: 'mobile', events: [search(0), tee(1), cart(2)] },
];

describe.each(PROVIDERS_UNDER_TEST)('funnel builder API on %s', (provider) => {
  let s: TestServer;
  let url: string;
  let http: Server;

  const get = async (path: string) => {
    const res = await fetch(`${url}/api${path}`, { headers: { authorization: `Bearer ${sessionToken(SHOP)}`, 'user-agent': BROWSER_UA } });
    return { status: res.status, body: (await res.json()) as any };
  };
  const counts = async (query: string) => {
    const { status, body } = await get(`/funnel?${RANGE}&${query}`);
    expect(status, JSON.stringify(body)).toBe(200);
    return funnelBuilderAnswerSchema.parse(body);
  };

  beforeAll(async () => {
    s = await startTestServer({ provider, env: withCredentials() });
    const shop = await installedShop(s.db, SHOP);
    await s.db.product.create({ data: { shopId: shop.id, productId: '101', handle: 'tee', title: 'Classic Tee', price: 20 } });
    let n = 0;
    const rows = SESSIONS.flatMap(({ client, device, events }, i) =>
      events.map((e) => {
        const { at, ...rest } = e;
        const event = { ...rest, id: `ev-${++n}`, ts: T0 + i * 3 * 3_600_000 + at * MIN, clientId: client } as JourneyEvent;
        return toRow(shop.id, event, hashClientId(shop.salt, client), device, new Date());
      }),
    );
    await s.db.event.createMany({ data: rows });
    await sessionizeShop(s.db, shop.id);
    await rollupShop(s.db, shop.id);
    const app = express();
    app.use('/api', s.server.apiAuth, createAnalyticsRouter({ db: s.db }));
    http = await new Promise((resolve) => {
      const srv = app.listen(0, '127.0.0.1', () => resolve(srv));
    });
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
    await s?.close();
  });

  const STEPS = 'steps=page:home,collection:summer,product:tee,event:add_to_cart,event:purchase';

  it('closed funnel: only sessions that entered at step 1 and went in order', async () => {
    const f = await counts(`${STEPS}&mode=closed`);
    expect(f.steps.map((x) => x.sessions)).toEqual([3, 2, 2, 2, 1]);
    expect(f.steps.map((x) => x.dropOff)).toEqual([0, 1, 0, 0, 1]);
    // c1: 1 min home → collection; c3: 20 min
    expect(f.steps[1].timeFromPrevious).toEqual({ count: 2, meanMs: 10.5 * MIN, medianMs: 10.5 * MIN });
    expect(f.overallConversion).toBeCloseTo(1 / 3);
    expect(f.previous).toBeNull();
  });

  it('names steps by the catalog: handles resolve to ids, titles label them', async () => {
    const f = await counts(STEPS);
    expect(f.steps.map((x) => x.key)).toEqual(['page:home', 'collection:55', 'product:101', 'event:add_to_cart', 'event:purchase']);
    expect(f.steps.map((x) => x.label)).toEqual(['Home page', 'Summer', 'Classic Tee', 'Added to cart', 'Ordered']);
    expect((await counts('steps=page:home,product:101')).steps[1].sessions).toBe(2);
    const collections = funnelCollectionsAnswerSchema.parse((await get('/funnel/collections')).body);
    expect(collections.collections).toEqual([expect.objectContaining({ id: '55', handle: 'summer', title: 'Summer' })]);
  });

  it('open funnel: counted from wherever the session entered; entered + continued = sessions', async () => {
    const f = await counts(`${STEPS}&mode=open`);
    expect(f.steps.map((x) => x.sessions)).toEqual([3, 2, 4, 4, 1]);
    expect(f.steps.map((x) => x.continued)).toEqual([0, 2, 2, 4, 1]);
    expect(f.steps.map((x) => x.entered)).toEqual([3, 0, 2, 0, 0]);
  });

  it('a 30 min window from step 1 drops the slow session after the collection', async () => {
    expect((await counts(`${STEPS}&window=30m`)).steps.map((x) => x.sessions)).toEqual([3, 2, 1, 1, 1]);
    expect((await counts(`${STEPS}&window=1h`)).steps.map((x) => x.sessions)).toEqual([3, 2, 2, 2, 1]);
  });

  it('honors every segment filter the journey map has', async () => {
    expect((await counts(`${STEPS}&device=mobile&mode=open`)).steps.map((x) => x.sessions)).toEqual([1, 0, 2, 2, 0]);
    expect((await counts(`${STEPS}&landing=search&mode=open`)).steps.map((x) => x.sessions)).toEqual([0, 0, 1, 1, 0]);
    expect((await counts(`${STEPS}&landing=home&device=desktop`)).steps.map((x) => x.sessions)).toEqual([2, 2, 2, 2, 1]);
    expect((await counts(`${STEPS}&returning=true`)).steps[0].sessions).toBe(0);
    expect((await counts(`${STEPS}&source=direct`)).steps[0].sessions).toBe(3);
    // the previous period (2025-12-22 … 2025-12-31) is empty
    const withPrevious = await counts(`${STEPS}&compare=true`);
    expect(withPrevious.previous?.steps.map((x) => x.sessions)).toEqual([0, 0, 0, 0, 0]);
  });

  it('starts the default funnel at every session, like the headline', async () => {
    const f = await counts('');
    const map = await get(`/journey-map?${RANGE}`);
    expect(f.steps.map((x) => x.key)).toEqual(['page:session', 'page:product', 'page:cart', 'page:checkout', 'page:purchase']);
    expect(f.steps[0].sessions).toBe(map.body.headline.current.sessions);
    expect(f.steps[0].sessions).toBe(4);
  });

  it('refuses a bad step with the standard error naming it', async () => {
    const bad = await get(`/funnel?${RANGE}&steps=page:home,event:dance`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_input');
    expect(bad.body.error.fields[0]).toEqual({ path: 'steps.1', message: expect.stringContaining('unknown event "dance"') });
    expect((await get(`/funnel?${RANGE}&steps=page:home,page:home`)).body.error.fields[0].path).toBe('steps.1');
    expect((await get(`/funnel?${RANGE}&window=2w`)).body.error.fields[0].path).toBe('window');
    expect((await get(`/funnel?from=2026-02-01&to=2026-01-01`)).body.error.fields[0].path).toBe('from');
  });
});
