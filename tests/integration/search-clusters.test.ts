/**
 * Search clusters through the real API (/api/search/clusters behind session-token auth):
 * hand-made journeys with plurals, a typo, a German query and a refinement, stored by the
 * ingest row mapping, sessionized, then asked for with and without segment filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { installedShop, sessionToken, startTestServer, withCredentials, BROWSER_UA, type TestServer } from '../helpers/server';
import { hashClientId } from '../../app/ingest/client-hash';
import { toRow } from '../../app/ingest/pipeline';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import type { JourneyEvent } from '../../app/api-contract/ingest';

const SHOP = 'search-clusters.myshopify.com';
const OTHER = 'search-clusters-other.myshopify.com';
const RANGE = 'from=2026-02-01&to=2026-02-05';
const T0 = Date.parse('2026-02-03T10:00:00Z');

type Step = Omit<JourneyEvent, 'id' | 'ts' | 'clientId'>;
const search = (query: string, results: number): Step => ({ name: 'search_submitted', path: '/search', query, results });
const view = (productId: string): Step => ({ name: 'product_viewed', path: `/products/p-${productId}`, productId, price: 100 });
const add = (productId: string): Step => ({ name: 'product_added_to_cart', path: `/products/p-${productId}`, productId, qty: 1, price: 100 });
const buy = (total: number): Step => ({ name: 'checkout_completed', path: '/checkouts/c/thank-you', orderId: `o-${total}`, total, checkoutToken: 'ct' });
const home: Step = { name: 'page_viewed', path: '/' };
const collection: Step = { name: 'page_viewed', path: '/collections/all' };

const JOURNEYS: Array<{ client: string; device: string; steps: Step[] }> = [
  { client: 'j1', device: 'mobile', steps: [home, search('Kayaks', 0), search('kayac', 0)] },
  { client: 'j2', device: 'mobile', steps: [home, search('kayak', 0), search('canoe', 3), view('2')] },
  { client: 'j3', device: 'desktop', steps: [home, search('tents', 4), view('1'), add('1'), buy(200)] },
  { client: 'j4', device: 'desktop', steps: [home, search('zelt', 2), view('1')] },
  { client: 'j5', device: 'mobile', steps: [home, search('tent', 4), collection] },
  { client: 'j6', device: 'desktop', steps: [home, search('Zelt', 2), view('1')] },
  { client: 'j7', device: 'desktop', steps: [home, search('tents ', 4), view('1')] },
  { client: 'j8', device: 'mobile', steps: [home, search('kayaks', 0), search('Canoe', 3), view('2')] },
];

describe.each(PROVIDERS_UNDER_TEST)('search clusters API on %s', (provider) => {
  let s: TestServer;
  const get = async (path: string, shop = SHOP) => {
    const res = await fetch(`${s.url}/api${path}`, { headers: { authorization: `Bearer ${sessionToken(shop)}`, 'user-agent': BROWSER_UA } });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    s = await startTestServer({ provider, env: withCredentials() });
    const shop = await installedShop(s.db, SHOP);
    await installedShop(s.db, OTHER);
    await s.db.product.createMany({
      data: [
        { shopId: shop.id, productId: '1', handle: 'p-1', title: 'Dome Tent', productType: 'Tent', tags: 'camping' },
        { shopId: shop.id, productId: '2', handle: 'p-2', title: 'Touring Canoe', productType: 'Canoe', tags: 'boat' },
        { shopId: shop.id, productId: '3', handle: 'p-3', title: 'Kayak Paddle', productType: 'Paddle', tags: 'kayak, paddle' },
      ],
    });
    const rows = JOURNEYS.flatMap((j, ji) =>
      j.steps.map((st, i) =>
        toRow(shop.id, { ...st, id: `${j.client}-${i}`, ts: T0 + ji * 3_600_000 + i * 20_000, clientId: j.client } as JourneyEvent, hashClientId(shop.salt, j.client), j.device, new Date()),
      ),
    );
    await s.db.event.createMany({ data: rows });
    await sessionizeShop(s.db, shop.id);
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  const cluster = (list: any[], member: string) => list.find((c) => c.members.some((m: any) => m.query === member));

  it('groups plurals, typos, case and a co-clicked German word into clusters with their numbers', async () => {
    const { status, body } = await get(`/search/clusters?${RANGE}`);
    expect(status).toBe(200);
    expect(body.totals).toMatchObject({ searches: 11, sessions: 8 });
    const kayak = cluster(body.top, 'kayac');
    expect(kayak.members.map((m: any) => m.query).sort()).toEqual(['kayac', 'kayak', 'kayaks']);
    expect(kayak).toMatchObject({ searches: 4, zeroResults: 4, sessions: 3, purchases: 0, next: { refined: 3, left: 1, opened: 0, browsed: 0 } });
    const tent = cluster(body.top, 'zelt');
    expect(tent.members.map((m: any) => m.query).sort()).toEqual(['tent', 'tents', 'zelt']);
    expect(tent).toMatchObject({ searches: 5, withResults: 5, clicked: 4, clickRate: 0.8, addedToCart: 1, sessions: 5, purchases: 1, revenue: 200 });
    expect(tent.next).toEqual({ opened: 4, refined: 0, left: 0, browsed: 1 });
    expect(cluster(body.converting, 'tents').id).toBe(tent.id);
  });

  it('suggests products and a synonym line for a zero-result cluster', async () => {
    const { body } = await get(`/search/clusters?${RANGE}`);
    const kayak = cluster(body.zeroResults, 'kayak');
    expect(kayak.suggestedProducts.map((p: any) => p.title)).toEqual(['Kayak Paddle']);
    expect(kayak.refinedTo).toEqual([{ query: 'canoe', searches: 2 }]);
    expect(body.synonymsText).toBe('canoe, kayaks, kayac, kayak');
  });

  it('honors segment filters', async () => {
    const mobile = (await get(`/search/clusters?${RANGE}&device=mobile`)).body;
    expect(mobile.filters.device).toBe('mobile');
    expect(mobile.totals).toMatchObject({ searches: 7, sessions: 4 });
    expect(cluster(mobile.top, 'zelt')).toBeUndefined();
    expect(cluster(mobile.top, 'tent')).toMatchObject({ searches: 1, purchases: 0, next: { browsed: 1 } });
    const desktop = (await get(`/search/clusters?${RANGE}&device=desktop`)).body;
    expect(desktop.totals).toMatchObject({ searches: 4, sessions: 4 });
    expect(cluster(desktop.top, 'kayak')).toBeUndefined();
    expect(cluster(desktop.top, 'zelt')).toMatchObject({ searches: 4, purchases: 1, revenue: 200 });
    const returning = (await get(`/search/clusters?${RANGE}&returning=true`)).body;
    expect(returning.totals.searches).toBe(0);
    const outside = (await get('/search/clusters?from=2026-03-01&to=2026-03-05')).body;
    expect(outside.top).toEqual([]);
  });

  it('keeps shops apart and rejects bad parameters', async () => {
    expect((await get(`/search/clusters?${RANGE}`, OTHER)).body.totals.searches).toBe(0);
    expect((await get('/search/clusters?device=fridge')).status).toBe(400);
  });
});
