import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedShop, sessionToken, startTestServer, withCredentials, TEST_API_SECRET, type TestServer } from '../helpers/server';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { upsertProducts } from '../../app/catalog/products';
import { signedProxyQuery } from '../bench/app-proxy-request';

/** A query signed as Shopify's app proxy signs it, with the test app's secret unless another is given. */
function signed(params: Record<string, string>, opts: { secret?: string; timestamp?: number } = {}): string {
  return signedProxyQuery(opts.secret ?? TEST_API_SECRET, params, { timestamp: opts.timestamp });
}

describe.each(PROVIDERS_UNDER_TEST)('GET /apps/waymark/recommendations on %s', (provider) => {
  let s: TestServer;
  const shop = 'proxy.myshopify.com';
  beforeAll(async () => {
    s = await startTestServer({ provider, env: withCredentials() });
    const row = await installedShop(s.db, shop);
    await upsertProducts(
      s.db,
      row.id,
      ['11', '12', '13'].map((id) => ({
        productId: id, handle: `h-${id}`, title: `T ${id}`, productType: '', vendor: 'V', tags: '', price: 5, available: true,
        status: 'ACTIVE', isGiftCard: false, imageUrl: null,
      })),
    );
    // A little traffic so that popularity exists.
    await s.db.event.createMany({
      data: ['11', '12', '12'].map((p, i) => ({ shopId: row.id, eventId: `e${i}`, name: 'product_viewed', ts: new Date(), clientHash: 'h', productId: p })),
    });
  });
  afterAll(() => s.close());

  const get = (qs: string) => fetch(`${s.url}/apps/waymark/recommendations?${qs}`);

  it('answers a correctly signed request with JSON and storefront cache headers', async () => {
    const res = await get(signed({ shop, placement: 'also_like', product_id: '13', limit: '4', fallback: 'popular', path_prefix: '/apps/waymark' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, max-age=30');
    const body = await res.json();
    expect(body).toMatchObject({ placement: 'also_like', strategy: 'popular' });
    expect(body.products.map((p: { id: string }) => p.id)).toEqual(['12', '11']);
  });

  it('says when it has no model answer, and gives best sellers only to a block that asks for them', async () => {
    for (const fallback of [undefined, 'shopify', 'hide']) {
      const res = await get(signed({ shop, placement: 'also_like', product_id: '13', limit: '4', ...(fallback ? { fallback } : {}) }));
      expect(await res.json()).toMatchObject({ group: 'treatment', strategy: 'none', products: [] });
    }
    expect((await get(signed({ shop, placement: 'also_like', fallback: 'everything' }))).status).toBe(400);
  });

  it('never gives a holdout visitor a Waymark ranking, whatever the block asks', async () => {
    const put = (body: unknown) =>
      fetch(`${s.url}/api/settings`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${sessionToken(shop)}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({ holdoutPercent: 50 })).status).toBe(200);
    try {
      let holdout = 0;
      for (let i = 0; i < 200; i++) {
        const placement = (['recommended', 'also_like', 'bought_together'] as const)[i % 3];
        const body = await (await get(signed({ shop, placement, product_id: '13', recent: '11,12', limit: '4', fallback: 'popular', visitor: `visitor-${i}` }))).json();
        if (body.group === 'holdout') {
          holdout++;
          expect(body).toMatchObject({ strategy: 'holdout', products: [] });
        } else {
          expect(body.strategy).toBe('popular');
          expect(body.products.length).toBeGreaterThan(0);
        }
      }
      expect(holdout).toBeGreaterThan(60);
      expect(holdout).toBeLessThan(140);
    } finally {
      expect((await put({ holdoutPercent: 10 })).status).toBe(200);
    }
  });

  it.each([
    ['a forged signature', () => signed({ shop, placement: 'recommended' }, { secret: 'nope' })],
    ['a stale timestamp', () => signed({ shop, placement: 'recommended' }, { timestamp: Math.floor(Date.now() / 1000) - 3600 })],
    ['a tampered parameter', () => signed({ shop, placement: 'recommended' }).replace('recommended', 'also_like')],
    ['no signature (credentials configured: no local bypass)', () => `shop=${shop}&placement=recommended`],
  ])('refuses %s with 401', async (_name, qs) => {
    expect((await get(qs())).status).toBe(401);
  });

  it('detects the app embed from storefront requests that carry its session context, and /api/shop says so', async () => {
    const domain = 'embed.myshopify.com';
    const row = await installedShop(s.db, domain);
    const embed = async () =>
      ((await (await fetch(`${s.url}/api/shop`, { headers: { authorization: `Bearer ${sessionToken(domain)}` } })).json()) as { embed: { active: boolean; handle: string } }).embed;
    expect(await embed()).toMatchObject({ active: false, handle: 'waymark-embed' });
    // A block without the embed sends no visitor key and no recent products.
    expect((await get(signed({ shop: domain, placement: 'also_like', product_id: '13' }))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await embed()).active).toBe(false);
    expect((await get(signed({ shop: domain, placement: 'recommended', visitor: 'v-embed', recent: '11' }))).status).toBe(200);
    const until = Date.now() + 5_000;
    while (!(await embed()).active && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect((await embed()).active).toBe(true);
    const after = await s.db.shop.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.embedSeenAt).toBeInstanceOf(Date);
    expect(Math.abs(after.embedSeenAt!.getTime() - Date.now())).toBeLessThan(60_000);
    // Recording the embed is not a settings change: the serving cache's version stamp stays.
    expect(after.updatedAt.getTime()).toBe(row.updatedAt.getTime());
  });

  it('validates the query and names the field', async () => {
    const res = await get(signed({ shop, placement: 'everywhere' }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields[0].path).toBe('placement');
  });

  it('applies a merchandising change from /api/settings to the very next request', async () => {
    const ask = async () =>
      (await (await get(signed({ shop, placement: 'recommended', limit: '4', fallback: 'popular' }))).json()).products.map((p: { id: string }) => p.id);
    expect(await ask()).toContain('12'); // warms this process's serving state
    const put = (body: unknown) =>
      fetch(`${s.url}/api/settings`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${sessionToken(shop)}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    try {
      expect((await put({ merchandising: { exclusions: ['12'], pins: ['13'] } })).status).toBe(200);
      const ids = await ask();
      expect(ids).not.toContain('12');
      expect(ids[0]).toBe('13');
    } finally {
      expect((await put({ merchandising: { exclusions: [], pins: [] } })).status).toBe(200);
    }
    expect(await ask()).toContain('12');
  });

  it('answers 404 for a shop that is not installed', async () => {
    expect((await get(signed({ shop: 'other.myshopify.com', placement: 'recommended' }))).status).toBe(404);
  });

  it('answers the same through Express (app.listen) as through the server listener', async () => {
    const viaExpress: Server = await new Promise((resolve) => {
      const srv = s.server.app.listen(0, '127.0.0.1', () => resolve(srv));
    });
    try {
      const qs = signed({ shop, placement: 'also_like', product_id: '13', limit: '4' });
      const a = await get(qs);
      const b = await fetch(`http://127.0.0.1:${(viaExpress.address() as AddressInfo).port}/apps/waymark/recommendations?${qs}`);
      expect(b.status).toBe(200);
      expect(b.headers.get('cache-control')).toBe(a.headers.get('cache-control'));
      expect(await b.json()).toEqual(await a.json());
    } finally {
      await new Promise((r) => viaExpress.close(r));
    }
  });

  it('refuses other methods, and leaves other paths to the app', async () => {
    const post = await fetch(`${s.url}/apps/waymark/recommendations?${signed({ shop, placement: 'recommended' })}`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${s.url}/apps/waymark/recommendations?${signed({ shop, placement: 'recommended' })}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const other = await fetch(`${s.url}/apps/waymark/recommendationsX?${signed({ shop, placement: 'recommended' })}`);
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ error: { code: 'not_found', message: 'not found' } });
  });
});
