/**
 * Search clusters through the real API (/api/search/clusters behind session-token auth):
 * hand-made journeys with plurals, a typo, a German query and a refinement, stored by the
 * ingest row mapping, sessionized and rolled up, then asked for with and without each segment
 * filter (device, new/returning, traffic source, landing page), on /search/clusters (raw
 * journeys) and /search (per-query roll-ups).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { installedShop, sessionToken, startTestServer, withCredentials, BROWSER_UA, type TestServer } from '../helpers/server';
import { hashClientId } from '../../app/ingest/client-hash';
import { toRow } from '../../app/ingest/pipeline';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { rollupShop } from '../../app/jobs/rollup-job';
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
const fromGoogle: Step = { ...home, refHost: 'www.google.com' };
const fromEmail: Step = { ...home, utm: { medium: 'email', source: 'newsletter' } };
const collection: Step = { name: 'page_viewed', path: '/collections/all' };

// Segments: j1 comes from an email (source email), j3 and j4 from Google (source search), j7
// lands on the search page (landing search), j8 is j2's visitor back six hours later (returning).
const JOURNEYS: Array<{ client: string; device: string; steps: Step[] }> = [
  { client: 'j1', device: 'mobile', steps: [fromEmail, search('Kayaks', 0), search('kayac', 0)] },
  { client: 'j2', device: 'mobile', steps: [home, search('kayak', 0), search('canoe', 3), view('2')] },
  { client: 'j3', device: 'desktop', steps: [fromGoogle, search('tents', 4), view('1'), add('1'), buy(200)] },
  { client: 'j4', device: 'desktop', steps: [fromGoogle, search('zelt', 2), view('1')] },
  { client: 'j5', device: 'mobile', steps: [home, search('tent', 4), collection] },
  { client: 'j6', device: 'desktop', steps: [home, search('Zelt', 2), view('1')] },
  { client: 'j7', device: 'desktop', steps: [search('tents ', 4), view('1')] },
  { client: 'j2', device: 'mobile', steps: [home, search('kayaks', 0), search('Canoe', 3), view('2')] },
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
        toRow(shop.id, { ...st, id: `${j.client}-${ji}-${i}`, ts: T0 + ji * 3_600_000 + i * 20_000, clientId: j.client } as JourneyEvent, hashClientId(shop.salt, j.client), j.device, new Date()),
      ),
    );
    await s.db.event.createMany({ data: rows });
    await sessionizeShop(s.db, shop.id);
    await rollupShop(s.db, shop.id);
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
    const outside = (await get('/search/clusters?from=2026-03-01&to=2026-03-05')).body;
    expect(outside.top).toEqual([]);
  });

  it('honors the new/returning, traffic source and landing page filters, alone and combined', async () => {
    const clusters = async (filter: string) => (await get(`/search/clusters?${RANGE}&${filter}`)).body;
    const returning = await clusters('returning=true');
    expect(returning.filters).toMatchObject({ returning: true, device: null, source: null, landing: null });
    expect(returning.totals).toMatchObject({ searches: 2, sessions: 1 });
    expect(cluster(returning.top, 'kayaks')).toMatchObject({ searches: 1, zeroResults: 1, sessions: 1, next: { refined: 1 } });
    expect((await clusters('returning=false')).totals).toMatchObject({ searches: 9, sessions: 7 });
    const email = await clusters('source=email');
    expect(email.totals).toMatchObject({ searches: 2, sessions: 1 });
    expect(email.top.map((c: any) => c.members.map((m: any) => m.query).sort())).toEqual([['kayac', 'kayaks']]);
    const google = await clusters('source=search');
    expect(google.totals).toMatchObject({ searches: 2, sessions: 2 });
    expect(cluster(google.top, 'kayak')).toBeUndefined();
    expect(cluster(google.top, 'tents')).toMatchObject({ searches: 1, purchases: 1, revenue: 200 });
    expect(google.converting).toEqual([]); // one session of the cluster: under the 3 a converting cluster needs
    expect((await clusters('source=direct')).totals).toMatchObject({ searches: 7, sessions: 5 });
    const landedOnSearch = await clusters('landing=search');
    expect(landedOnSearch.totals).toMatchObject({ searches: 1, sessions: 1 });
    expect(cluster(landedOnSearch.top, 'tents')).toMatchObject({ clicked: 1, purchases: 0 });
    expect((await clusters('landing=home')).totals).toMatchObject({ searches: 10, sessions: 7 });
    expect((await clusters('device=desktop&source=search')).totals).toMatchObject({ searches: 2, sessions: 2 });
    expect((await clusters('device=mobile&source=search')).totals).toMatchObject({ searches: 0, sessions: 0 });
  });

  it('the per-query search roll-ups (GET /search) honor every segment filter too', async () => {
    const queries = async (filter = '') => {
      const body = (await get(`/search?${RANGE}&limit=20${filter && `&${filter}`}`)).body;
      return Object.fromEntries(body.queries.map((q: any) => [q.query, q.searches]));
    };
    expect(await queries()).toEqual({ kayaks: 2, kayac: 1, kayak: 1, canoe: 2, tents: 2, zelt: 2, tent: 1 });
    expect(await queries('device=mobile')).toEqual({ kayaks: 2, kayac: 1, kayak: 1, canoe: 2, tent: 1 });
    expect(await queries('returning=true')).toEqual({ kayaks: 1, canoe: 1 });
    expect(await queries('source=email')).toEqual({ kayaks: 1, kayac: 1 });
    expect(await queries('source=search')).toEqual({ tents: 1, zelt: 1 });
    expect(await queries('landing=search')).toEqual({ tents: 1 });
    const zero = (await get(`/search?${RANGE}&source=email`)).body.zeroResults;
    expect(zero.map((q: any) => [q.query, q.zeroResults])).toEqual([['kayac', 1], ['kayaks', 1]]);
  });

  it('keeps shops apart and rejects bad parameters', async () => {
    expect((await get(`/search/clusters?${RANGE}`, OTHER)).body.totals.searches).toBe(0);
    expect((await get('/search/clusters?device=fridge')).status).toBe(400);
  });
});
