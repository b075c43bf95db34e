/**
 * Local mode verifies with a public secret (app/config.ts LOCAL_API_SECRET), so anything
 * signed with it is accepted from this machine only: webhooks, session tokens and app
 * proxy signatures sent from another address are refused. The server listens on every
 * interface and is reached through this machine's non-loopback address.
 */
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_UA, sessionToken, startTestServer, type TestServer } from '../helpers/server';
import { sendWebhook } from '../helpers/shopify-stand-in/webhooks';
import { buildAppProxyUrl } from '../helpers/shopify-stand-in/app-proxy';
import { ensureShop } from '../../app/shops/shop-rows';
import { LOCAL_API_KEY, LOCAL_API_SECRET } from '../../app/config';
import { APP_PROXY_PATH } from '../../app/routes/app-proxy';

const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe.skipIf(!external)('local mode: the public secret counts from loopback only', () => {
  let s: TestServer;
  let port: string;
  const shop = 'local-victim.myshopify.com';
  const at = (host: string) => `http://${host}:${port}`;
  beforeAll(async () => {
    s = await startTestServer({ host: '0.0.0.0' });
    expect(s.config.mode).toBe('local');
    expect(s.config.shopify.hasRealCredentials).toBe(false);
    port = new URL(s.url).port;
    await ensureShop(s.db, shop);
    await s.db.shopifySession.create({
      data: { id: `offline_${shop}`, shop, state: '', accessToken: 'shpat_x', refreshToken: 'shprt_x', expires: new Date(Date.now() + 3_600_000), isOnline: false },
    });
  });
  afterAll(() => s.close());

  it('refuses a webhook signed with the local secret from another address, accepts it from loopback', async () => {
    const body = { id: 1, myshopify_domain: shop };
    const far = await sendWebhook({ url: `${at(external!)}/webhooks/app/uninstalled`, topic: 'app/uninstalled', shop, body }, LOCAL_API_SECRET, '2026-10');
    expect(far.status).toBe(403);
    expect((await s.db.shop.findUniqueOrThrow({ where: { domain: shop } })).uninstalledAt).toBeNull();
    expect(s.server.metrics.snapshot().webhook_refused_not_loopback).toBe(1);
    const near = await sendWebhook({ url: `${at('127.0.0.1')}/webhooks/app/uninstalled`, topic: 'app/uninstalled', shop, body }, LOCAL_API_SECRET, '2026-10');
    expect(near.status).toBe(200);
    expect((await s.db.shop.findUniqueOrThrow({ where: { domain: shop } })).uninstalledAt).toBeInstanceOf(Date);
    await ensureShop(s.db, shop); // installed again for the next cases
    await s.db.shopifySession.create({
      data: { id: `offline_${shop}`, shop, state: '', accessToken: 'shpat_y', refreshToken: 'shprt_y', expires: new Date(Date.now() + 3_600_000), isOnline: false },
    });
  });

  it('refuses a session token signed with the local secret from another address', async () => {
    const headers = { authorization: `Bearer ${sessionToken(shop, { secret: LOCAL_API_SECRET, apiKey: LOCAL_API_KEY })}`, 'user-agent': BROWSER_UA };
    const far = await fetch(`${at(external!)}/api/shop`, { headers });
    expect(far.status).toBe(401);
    const near = await fetch(`${at('127.0.0.1')}/api/shop`, { headers });
    expect(near.status).toBe(200);
    expect(((await near.json()) as { shop: string }).shop).toBe(shop);
  });

  it('refuses an app proxy request signed with the local secret from another address', async () => {
    const url = (host: string) =>
      buildAppProxyUrl(at(host), APP_PROXY_PATH, { shop, extraParams: { placement: 'product', product_id: '1' } }, LOCAL_API_SECRET);
    const far = await fetch(url(external!));
    expect(far.status).toBe(401);
    const near = await fetch(url('127.0.0.1'));
    expect(near.status).not.toBe(401);
  });
});
