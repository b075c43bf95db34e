import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError, devBypassAllowed } from '../../app/config';
import { BROWSER_UA, sessionToken, startTestServer, withCredentials, type TestServer } from '../helpers/server';
import { ensureShop } from '../../app/shops/shop-rows';

describe('dev bypass (local mode)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    await ensureShop(s.db, s.config.devShop!);
  });
  afterAll(() => s.close());

  it('serves the dev shop on /api without a token from loopback', async () => {
    const res = await fetch(`${s.url}/api/shop`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.shop).toBe('waymark-dev.myshopify.com');
    expect(body.counts).toEqual({ events: 0, journeys: 0, products: 0 });
  });

  it('answers /healthz', async () => {
    const res = await fetch(`${s.url}/healthz`);
    expect(await res.json()).toMatchObject({ ok: true, mode: 'local', database: 'sqlite' });
  });
});

describe('the dev bypass is impossible with real credentials or in production', () => {
  it('config: no dev shop when credentials are set', () => {
    const c = loadConfig({ NODE_ENV: 'development', ...withCredentials() });
    expect(c.devShop).toBeUndefined();
    expect(devBypassAllowed(c)).toBe(false);
  });

  it('config: production refuses to start without credentials, naming what is missing', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SHOPIFY_API_KEY, SHOPIFY_API_SECRET, HOST/);
    const c = loadConfig({ NODE_ENV: 'production', ...withCredentials() });
    expect(c.mode).toBe('production');
    expect(devBypassAllowed(c)).toBe(false);
  });

  it('config: rejects half-set credentials and bad values with the field named', () => {
    expect(() => loadConfig({ SHOPIFY_API_KEY: 'k' })).toThrow(/both SHOPIFY_API_KEY and SHOPIFY_API_SECRET/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x/y' })).toThrow(/DATABASE_URL/);
  });

  it('config: local defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ mode: 'local', port: 3000, database: { provider: 'sqlite', url: 'file:./data/waymark.sqlite' } });
    expect(c.devShop).toBe('waymark-dev.myshopify.com');
  });

  describe('server with credentials', () => {
    let s: TestServer;
    const shop = 'acme.myshopify.com';
    beforeAll(async () => {
      s = await startTestServer({ env: withCredentials() });
      await ensureShop(s.db, shop);
      // Installed with an expiring offline token: no token exchange is needed (see install.test.ts).
      await s.db.shopifySession.create({
        data: { id: `offline_${shop}`, shop, state: '', accessToken: 'shpat_x', refreshToken: 'shprt_x', expires: new Date(Date.now() + 3_600_000), isOnline: false },
      });
      // The dev shop exists too, but must not be reachable without a token.
      await ensureShop(s.db, 'waymark-dev.myshopify.com');
    });
    afterAll(() => s.close());

    it('starts OAuth install: redirects to Shopify\'s authorize page with our scopes', async () => {
      const res = await fetch(`${s.url}/auth?shop=${shop}`, { redirect: 'manual', headers: { 'user-agent': BROWSER_UA } });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(location.host).toBe(shop);
      expect(location.pathname).toBe('/admin/oauth/authorize');
      expect(location.searchParams.get('client_id')).toBe('test-api-key');
      expect(location.searchParams.get('scope')).toBe('write_pixels,read_customer_events,read_products,read_orders,write_app_proxy,read_metaobjects');
      expect(location.searchParams.get('redirect_uri')).toBe('https://waymark.test/auth/callback');
    });

    it('refuses an OAuth callback with a forged HMAC', async () => {
      const res = await fetch(`${s.url}/auth/callback?shop=${shop}&code=x&state=y&timestamp=${Math.floor(Date.now() / 1000)}&hmac=00`, {
        redirect: 'manual',
        headers: { 'user-agent': BROWSER_UA },
      });
      // The library answers a bad callback by restarting OAuth (or with an error): never a session.
      if (res.status === 302) expect(res.headers.get('location')).toMatch(/\/auth\?shop=|oauth\/authorize/);
      else expect(res.status).toBeGreaterThanOrEqual(400);
      expect((await s.db.shopifySession.findMany({ where: { shop } })).map((r) => r.accessToken)).toEqual(['shpat_x']);
    });

    it('refuses /api without a session token (no bypass)', async () => {
      const res = await fetch(`${s.url}/api/shop`);
      expect(res.status).toBe(401);
      expect(res.headers.get('x-shopify-retry-invalid-session-request')).toBe('1');
    });

    it('accepts a valid session token and scopes to its shop', async () => {
      const res = await fetch(`${s.url}/api/shop`, { headers: { authorization: `Bearer ${sessionToken(shop)}` } });
      expect(res.status).toBe(200);
      expect((await res.json()).shop).toBe(shop);
    });

    it.each([
      ['forged (wrong secret)', () => sessionToken(shop, { secret: 'not-the-secret' })],
      ['expired', () => sessionToken(shop, { expiresInSec: -120 })],
      ['for another app', () => sessionToken(shop, { apiKey: 'other-app' })],
      ['not yet valid', () => sessionToken(shop, { nbfOffsetSec: 600 })],
      ['garbage', () => 'abc.def.ghi'],
    ])('rejects a %s token with 401', async (_name, make) => {
      const res = await fetch(`${s.url}/api/shop`, { headers: { authorization: `Bearer ${make()}` } });
      expect(res.status).toBe(401);
    });

    it('never exchanges a refused token: no shop row is created', async () => {
      const stranger = 'stranger.myshopify.com';
      for (const token of [sessionToken(stranger, { secret: 'not-the-secret' }), sessionToken(stranger, { expiresInSec: -120 })]) {
        expect((await fetch(`${s.url}/api/shop`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
      }
      expect(await s.db.shop.count({ where: { domain: stranger } })).toBe(0);
    });
  });

  describe('server in production mode', () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await startTestServer({ env: { NODE_ENV: 'production', ...withCredentials() } });
      await ensureShop(s.db, 'waymark-dev.myshopify.com');
    });
    afterAll(() => s.close());

    it('refuses /api without a token even from loopback', async () => {
      expect((await fetch(`${s.url}/api/shop`)).status).toBe(401);
    });
  });
});
