/**
 * Managed installation through token exchange, against the Shopify stand-in (real HTTPS,
 * the real @shopify/shopify-api): the embedded admin's first authenticated request
 * installs the shop, once, with an expiring offline token; bad tokens never install.
 */
import { describe, expect, it } from 'vitest';
import { startTestServer, withCredentials, type TestServer } from '../helpers/server';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { useStandInServer } from '../helpers/stand-in-server';
import { markUninstalled } from '../../app/shops/shop-rows';
import { runInstallWork } from '../../app/shops/install-work';

type Enqueued = { type: string; shopId: number }[];
const installsOf = (s: TestServer, shopId: number) => (s.server.jobs as unknown as { enqueued: Enqueued }).enqueued.filter((j) => j.type === 'install' && j.shopId === shopId);

describe.each(PROVIDERS_UNDER_TEST)('install by token exchange on %s', (provider) => {
  const ctx = useStandInServer(provider);
  const products = Array.from({ length: 30 }, (_, i) => ({ id: 9000 + i, title: `Product ${i}`, price: 10 + i }));
  let n = 0;
  const newShop = () => `install-${provider}-${++n}-${Date.now().toString(36)}.myshopify.com`;
  const api = (shop: string, token = ctx.standIn.sessionToken(shop)) => fetch(`${ctx.s.url}/api/shop`, { headers: { authorization: `Bearer ${token}` } });

  it('the first authenticated request installs the shop with an expiring offline token', async () => {
    const shop = newShop();
    ctx.standIn.seed(shop, { products });
    const res = await api(shop);
    expect(res.status).toBe(200);
    expect((await res.json()).shop).toBe(shop);

    const exchanges = ctx.standIn.tokenRequests(shop);
    expect(exchanges.map((r) => r.outcome)).toEqual(['exchanged:expiring']);
    const session = await ctx.s.db.shopifySession.findUniqueOrThrow({ where: { id: `offline_${shop}` } });
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(ctx.standIn.shopState(shop).accessTokens.map((t) => t.token)).toContain(session.accessToken);

    const row = await ctx.s.db.shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(row.setupStartedAt).toBeInstanceOf(Date);
    expect(installsOf(ctx.s, row.id)).toHaveLength(1);

    // A second request needs no exchange.
    expect((await api(shop)).status).toBe(200);
    expect(ctx.standIn.tokenRequests(shop)).toHaveLength(1);
    expect(installsOf(ctx.s, row.id)).toHaveLength(1);
  });

  it('the install work activates the pixel with the shop key and imports the catalog through the stored token', async () => {
    const shop = newShop();
    ctx.standIn.seed(shop, { products });
    expect((await api(shop)).status).toBe(200);
    const row = await ctx.s.db.shop.findUniqueOrThrow({ where: { domain: shop } });
    const result = await runInstallWork({ db: ctx.s.db, admin: ctx.s.server.admin, appUrl: ctx.s.config.appUrl }, row.id);
    expect(result).toMatchObject({ pixel: 'created', products: 30 });
    const pixel = ctx.standIn.shopState(shop).pixel!;
    expect(JSON.parse(pixel.settings)).toEqual({ ingestUrl: 'https://waymark.test/ingest', shopKey: row.shopKey });
    expect(await ctx.s.db.shop.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ pixelId: pixel.id, timezone: 'America/New_York', currency: 'USD' });
    expect(await ctx.s.db.product.count({ where: { shopId: row.id } })).toBe(30);
    // Run again (a retried job): updates the same pixel, duplicates nothing.
    expect(await runInstallWork({ db: ctx.s.db, admin: ctx.s.server.admin, appUrl: ctx.s.config.appUrl }, row.id)).toMatchObject({ pixel: 'updated', products: 30 });
    expect(await ctx.s.db.product.count({ where: { shopId: row.id } })).toBe(30);
  });

  it('concurrent first requests exchange once per process and install once', async () => {
    const shop = newShop();
    const second = await startTestServer({ provider, env: withCredentials(), fresh: ctx.s.fresh });
    try {
      const servers = [ctx.s, second, ctx.s, second, ctx.s, second, ctx.s, second];
      const answers = await Promise.all(
        servers.map((srv) => fetch(`${srv.url}/api/shop`, { headers: { authorization: `Bearer ${ctx.standIn.sessionToken(shop)}` } })),
      );
      expect(answers.map((r) => r.status)).toEqual(servers.map(() => 200));
      expect(ctx.standIn.tokenRequests(shop).length).toBeLessThanOrEqual(2);
      const row = await ctx.s.db.shop.findUniqueOrThrow({ where: { domain: shop } });
      expect(installsOf(ctx.s, row.id).length + installsOf(second, row.id).length).toBe(1);
      expect(await ctx.s.db.shop.count({ where: { domain: shop } })).toBe(1);
    } finally {
      await second.close();
    }
  });

  it.each([
    ['forged (wrong secret)', (shop: string) => ctx.standIn.sessionToken(shop, { secret: 'not-the-secret' })],
    ['expired', (shop: string) => ctx.standIn.sessionToken(shop, { expiresInSec: -120 })],
    ['for another app', (shop: string) => ctx.standIn.sessionToken(shop, { aud: 'another-app' })],
  ])('a %s session token gets 401, never reaches Shopify and installs nothing', async (_name, make) => {
    const shop = newShop();
    const res = await api(shop, make(shop));
    expect(res.status).toBe(401);
    expect(ctx.standIn.tokenRequests(shop)).toHaveLength(0);
    expect(await ctx.s.db.shop.count({ where: { domain: shop } })).toBe(0);
    expect(await ctx.s.db.shopifySession.count({ where: { shop } })).toBe(0);
  });

  it('a refused exchange answers 401 and leaves the shop and its stored tokens as they were', async () => {
    const shop = newShop();
    expect((await api(shop)).status).toBe(200);
    const before = await ctx.s.db.shopifySession.findUniqueOrThrow({ where: { id: `offline_${shop}` } });
    await ctx.s.db.shop.update({ where: { domain: shop }, data: { needsReauthAt: new Date(), reauthReason: 'test' } });
    ctx.standIn.failNext(shop, { endpoint: 'token', status: 400, body: { error: 'invalid_subject_token', error_description: 'nope' } });
    const res = await api(shop);
    expect(res.status).toBe(401);
    const after = await ctx.s.db.shopifySession.findUniqueOrThrow({ where: { id: `offline_${shop}` } });
    expect(after).toEqual(before);
    expect((await ctx.s.db.shop.findUniqueOrThrow({ where: { domain: shop } })).needsReauthAt).toBeInstanceOf(Date);

    // Shopify unreachable (5xx): 503 with Retry-After, still nothing written.
    ctx.standIn.failNext(shop, { endpoint: 'token', status: 503 });
    const down = await api(shop);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(await ctx.s.db.shopifySession.findUniqueOrThrow({ where: { id: `offline_${shop}` } })).toEqual(before);

    // The next good session token repairs the shop.
    expect((await api(shop)).status).toBe(200);
    const repaired = await ctx.s.db.shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(repaired.needsReauthAt).toBeNull();
    expect((await ctx.s.db.shopifySession.findUniqueOrThrow({ where: { id: `offline_${shop}` } })).accessToken).not.toBe(before.accessToken);
  });

  it('a re-install after app/uninstalled exchanges again and runs the install work again', async () => {
    const shop = newShop();
    expect((await api(shop)).status).toBe(200);
    const row = await ctx.s.db.shop.findUniqueOrThrow({ where: { domain: shop } });
    await markUninstalled(ctx.s.db, shop);
    expect(await ctx.s.db.shopifySession.count({ where: { shop } })).toBe(0);
    expect((await api(shop)).status).toBe(200);
    const again = await ctx.s.db.shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(again.id).toBe(row.id);
    expect(again.uninstalledAt).toBeNull();
    expect(ctx.standIn.tokenRequests(shop).map((r) => r.outcome)).toEqual(['exchanged:expiring', 'exchanged:expiring']);
    expect(installsOf(ctx.s, row.id)).toHaveLength(2);
  });
});
