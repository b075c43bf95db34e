/**
 * The Shopify stand-in (tests/helpers/shopify-stand-in), driven by the REAL
 * @shopify/shopify-api: first from a child process whose only route to
 * https://<shop>.myshopify.com is the environment (NODE_USE_ENV_PROXY, HTTPS_PROXY,
 * NODE_EXTRA_CA_CERTS), as the app server would be started; then in this process through
 * routeGlobalFetch(), with Waymark's own activatePixel and backfill over real SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, RequestedTokenType, Session, shopifyApi } from '@shopify/shopify-api';
import { startShopifyStandIn, INVALID_TOKEN_MESSAGE, type ShopifyStandIn } from '../helpers/shopify-stand-in';
import { startLibraryChild, type LibraryChild } from '../helpers/shopify-stand-in/library-child-client';
import { activatePixel } from '../../app/shops/activate-pixel';
import type { GraphqlFn } from '../../app/admin-api/admin-graphql';
import { backfillOrders, backfillProducts } from '../../app/catalog/backfill';
import { ensureShop } from '../../app/shops/shop-rows';
import { freshDb, type FreshDb } from '../helpers/db';

const API_KEY = 'stand-in-api-key';
const API_SECRET = 'stand-in-api-secret-0123456789abcdef';
const SHOP = 'stand-in-shop.myshopify.com';
const OTHER_SHOP = 'other-shop.myshopify.com';
const PIXEL_QUERY = 'query WaymarkPixel { webPixel { id settings } }';

describe('driven by @shopify/shopify-api in a child process under the env proxy', () => {
  let standIn: ShopifyStandIn;
  let lib: LibraryChild;

  beforeAll(async () => {
    standIn = await startShopifyStandIn({ apiKey: API_KEY, apiSecret: API_SECRET, tokenLifetimeSec: 3600, refreshTokenLifetimeSec: 7200 });
    lib = await startLibraryChild(standIn);
  });
  afterAll(async () => {
    await lib?.close();
    await standIn?.close();
  });

  it('mints session tokens the library decodes, with the documented claims', async () => {
    const token = standIn.sessionToken(SHOP, { userId: 42 });
    const res = await lib.call('decodeSessionToken', { token });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.result).toMatchObject({ iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: API_KEY, sub: '42' });
    for (const claim of ['exp', 'nbf', 'iat', 'jti', 'sid']) expect(res.result).toHaveProperty(claim);
    expect(res.result.exp - res.result.iat).toBe(60);

    const forged = await lib.call('decodeSessionToken', { token: standIn.sessionToken(SHOP, { secret: 'not-the-secret' }) });
    expect(forged.ok).toBe(false);
    const otherApp = await lib.call('decodeSessionToken', { token: standIn.sessionToken(SHOP, { aud: 'another-app' }) });
    expect(otherApp.ok).toBe(false);
  });

  it('token exchange with expiring: true returns an expiring pair, tunnelled to the shop host', async () => {
    const before = Date.now();
    const res = await lib.call('tokenExchange', { shop: SHOP, sessionToken: standIn.sessionToken(SHOP), expiring: true });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const s = res.result;
    expect(s.accessToken).toMatch(/^shpat_/);
    expect(s.refreshToken).toMatch(/^shprt_/);
    expect(s.scope).toBe('write_pixels,read_customer_events,read_products,read_orders,write_app_proxy,read_metaobjects');
    expect(Date.parse(s.expires) - before).toBeGreaterThan(3590_000);
    expect(Date.parse(s.expires) - before).toBeLessThan(3610_000);
    expect(Date.parse(s.refreshTokenExpires) - before).toBeGreaterThan(7190_000);
    const last = standIn.tokenRequests(SHOP).at(-1)!;
    expect(last).toMatchObject({ status: 200, expiring: '1', outcome: 'exchanged:expiring', subjectTokenType: 'urn:ietf:params:oauth:token-type:id_token' });
    expect(standIn.tunnels).toContainEqual(expect.objectContaining({ target: `${SHOP}:443`, allowed: true }));

    const gql = await lib.call('graphql', { shop: SHOP, accessToken: s.accessToken, query: PIXEL_QUERY });
    // No pixel yet: Shopify answers NOT_FOUND, which the library raises as a GraphQL error.
    expect(gql.ok).toBe(false);
    if (!gql.ok) {
      expect(gql.error.name).toBe('GraphqlQueryError');
      expect(gql.error.body.errors.graphQLErrors[0]).toMatchObject({ path: ['webPixel'], extensions: { code: 'NOT_FOUND' } });
    }
    expect(standIn.graphqlRequests(SHOP).at(-1)).toMatchObject({ operationName: 'WaymarkPixel', rootField: 'webPixel', apiVersion: '2026-10', accessToken: s.accessToken, status: 200 });
  });

  it('token exchange with expiring: false returns a non-expiring offline token', async () => {
    const res = await lib.call('tokenExchange', { shop: SHOP, sessionToken: standIn.sessionToken(SHOP), expiring: false });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.result).toMatchObject({ expires: null, refreshToken: null });
    expect(standIn.shopState(SHOP).accessTokens.find((t) => t.token === res.result.accessToken)).toMatchObject({ kind: 'non-expiring', expiresAt: null });
  });

  it('refresh rotates the refresh token, and the old one is then refused with invalid_grant', async () => {
    const ex = await lib.call('tokenExchange', { shop: SHOP, sessionToken: standIn.sessionToken(SHOP), expiring: true });
    if (!ex.ok) throw new Error(ex.error.message);
    const first = ex.result;
    const r1 = await lib.call('refreshToken', { shop: SHOP, refreshToken: first.refreshToken });
    expect(r1.ok).toBe(true);
    if (!r1.ok) return;
    expect(r1.result.accessToken).not.toBe(first.accessToken);
    expect(r1.result.refreshToken).not.toBe(first.refreshToken);
    expect(r1.result.refreshToken).toMatch(/^shprt_/);

    const reuse = await lib.call('refreshToken', { shop: SHOP, refreshToken: first.refreshToken });
    expect(reuse.ok).toBe(false);
    if (!reuse.ok) {
      expect(reuse.error.code).toBe(400);
      expect(reuse.error.body).toMatchObject({ error: 'invalid_grant' });
    }
    const r2 = await lib.call('refreshToken', { shop: SHOP, refreshToken: r1.result.refreshToken });
    expect(r2.ok).toBe(true);
    const wrongShop = await lib.call('refreshToken', { shop: OTHER_SHOP, refreshToken: r2.ok ? r2.result.refreshToken : '' });
    expect(wrongShop.ok).toBe(false);
  });

  it('Admin GraphQL answers 401 once the access token has expired (expireTokens, and real time)', async () => {
    const shop = 'expiring-shop.myshopify.com'; // its own shop: the pixel it creates is seen by no other test
    const ex = await lib.call('tokenExchange', { shop: shop, sessionToken: standIn.sessionToken(shop), expiring: true });
    if (!ex.ok) throw new Error(ex.error.message);
    const create = `mutation WaymarkPixelCreate($webPixel: WebPixelInput!) { webPixelCreate(webPixel: $webPixel) { webPixel { id } userErrors { field message code } } }`;
    const ok = await lib.call('graphql', { shop: shop, accessToken: ex.result.accessToken, query: create, variables: { webPixel: { settings: '{"a":"1"}' } } });
    expect(ok.ok).toBe(true);
    standIn.expireTokens(shop);
    const res = await lib.call('graphql', { shop: shop, accessToken: ex.result.accessToken, query: PIXEL_QUERY });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      // The library's client keeps only the status of a 401 (the body text is asserted in-process below).
      expect(res.error.code).toBe(401);
      expect(res.error.body.errors).toMatchObject({ networkStatusCode: 401 });
    }
    expect(standIn.graphqlRequests(shop).at(-1)).toMatchObject({ status: 401, refusal: 'expired' });
    // The refresh token outlives the access token: a refresh brings a working token back.
    const r = await lib.call('refreshToken', { shop: shop, refreshToken: ex.result.refreshToken });
    if (!r.ok) throw new Error(r.error.message);
    const again = await lib.call('graphql', { shop: shop, accessToken: r.result.accessToken, query: PIXEL_QUERY });
    expect(again.ok).toBe(true);

    standIn.configure({ tokenLifetimeSec: 1 });
    try {
      const short = await lib.call('tokenExchange', { shop: shop, sessionToken: standIn.sessionToken(shop), expiring: true });
      if (!short.ok) throw new Error(short.error.message);
      expect((await lib.call('graphql', { shop: shop, accessToken: short.result.accessToken, query: PIXEL_QUERY })).ok).toBe(true);
      await new Promise((done) => setTimeout(done, 1_200));
      const late = await lib.call('graphql', { shop: shop, accessToken: short.result.accessToken, query: PIXEL_QUERY });
      expect(late.ok).toBe(false);
      if (!late.ok) expect(late.error.code).toBe(401);
    } finally {
      standIn.configure({ tokenLifetimeSec: 3600 });
    }
  });

  it('rejects non-expiring tokens when configured, and migration turns one into an expiring pair', async () => {
    const shop = 'legacy-shop.myshopify.com';
    standIn.seed(shop, { pixel: { settings: '{"a":"1"}' } }); // a pixel to read, so a working token gets an answer
    const legacy = standIn.issueNonExpiringToken(shop);
    expect((await lib.call('graphql', { shop: shop, accessToken: legacy, query: PIXEL_QUERY })).ok).toBe(true);
    standIn.configure({ rejectNonExpiring: true });
    try {
      const refused = await lib.call('graphql', { shop: shop, accessToken: legacy, query: PIXEL_QUERY });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error.code).toBe(401);
      expect(standIn.graphqlRequests(shop).at(-1)).toMatchObject({ refusal: 'non-expiring-rejected' });

      const migrated = await lib.call('migrateToExpiringToken', { shop: shop, accessToken: legacy });
      expect(migrated.ok).toBe(true);
      if (!migrated.ok) return;
      expect(migrated.result.refreshToken).toMatch(/^shprt_/);
      expect(migrated.result.expires).not.toBeNull();
      expect(standIn.tokenRequests(shop).at(-1)).toMatchObject({ outcome: 'migrated', subjectTokenType: 'urn:shopify:params:oauth:token-type:offline-access-token' });
      expect((await lib.call('graphql', { shop: shop, accessToken: migrated.result.accessToken, query: PIXEL_QUERY })).ok).toBe(true);
    } finally {
      standIn.configure({ rejectNonExpiring: false });
    }
    // Migration revoked the old token, and it cannot be migrated twice.
    const old = await lib.call('graphql', { shop: shop, accessToken: legacy, query: PIXEL_QUERY });
    expect(old.ok).toBe(false);
    const twice = await lib.call('migrateToExpiringToken', { shop: shop, accessToken: legacy });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.error.body).toMatchObject({ error: 'invalid_subject_token' });
  });

  it('refuses a session token minted for another shop (the library cannot tell; the endpoint can)', async () => {
    const res = await lib.call('tokenExchange', { shop: SHOP, sessionToken: standIn.sessionToken(OTHER_SHOP), expiring: true });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe(400);
      expect(res.error.body).toMatchObject({ error: 'invalid_subject_token' });
    }
  });

  it('delivers webhooks that the library validates; forgeries do not validate; a replay keeps its id', async () => {
    const body = { id: 1, domain: SHOP };
    const d = await standIn.deliverWebhook({ url: `${lib.url}/webhooks/app/uninstalled`, topic: 'app/uninstalled', shop: SHOP, body });
    expect(d.status).toBe(200);
    const check = JSON.parse(d.responseBody);
    expect(check).toMatchObject({ valid: true, topic: 'APP_UNINSTALLED', domain: SHOP, apiVersion: '2026-10', webhookId: d.webhookId, eventId: d.eventId });

    const replay = await standIn.deliverWebhook({ url: `${lib.url}/webhooks/app/uninstalled`, topic: 'app/uninstalled', shop: SHOP, body, webhookId: d.webhookId });
    expect(replay.status).toBe(200);
    expect(JSON.parse(replay.responseBody).webhookId).toBe(d.webhookId);

    const forged = await standIn.deliverWebhook({ url: `${lib.url}/webhooks/app/uninstalled`, topic: 'app/uninstalled', shop: SHOP, body, secret: 'wrong-secret' });
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.responseBody)).toMatchObject({ valid: false, reason: 'invalid_hmac' });

    const tampered = await standIn.deliverWebhook({ url: `${lib.url}/webhooks/app/uninstalled`, topic: 'app/uninstalled', shop: SHOP, body, hmac: d.headers['X-Shopify-Hmac-Sha256'], headers: {} });
    expect(tampered.status).toBe(200); // same body, same HMAC: a byte-for-byte replay is valid
    const changed = await standIn.deliverWebhook({
      url: `${lib.url}/webhooks/app/uninstalled`, topic: 'app/uninstalled', shop: SHOP, body: { ...body, id: 2 }, hmac: d.headers['X-Shopify-Hmac-Sha256'],
    });
    expect(changed.status).toBe(401);

    // Header names another shop than the body: the HMAC covers only the body, so it validates, and the header shop is what the app sees.
    const mismatch = await standIn.deliverWebhook({ url: `${lib.url}/webhooks/app/uninstalled`, topic: 'app/uninstalled', shop: SHOP, body, headerShop: OTHER_SHOP });
    expect(JSON.parse(mismatch.responseBody)).toMatchObject({ valid: true, domain: OTHER_SHOP });

    const missing = await standIn.deliverWebhook({ url: `${lib.url}/webhooks/x`, topic: 'app/uninstalled', shop: SHOP, body, headers: { 'X-Shopify-Webhook-Id': undefined } });
    expect(JSON.parse(missing.responseBody)).toMatchObject({ valid: false, reason: 'missing_headers' });
    expect(standIn.deliveries.length).toBe(7);
  });

  it('signs app proxy URLs that the library validates; forged, tampered and stale ones do not', async () => {
    const get = async (url: string) => (await fetch(url)).status;
    const base = `${lib.url}/proxy`;
    expect(await get(standIn.appProxyUrl(base, '/recs', { shop: SHOP }))).toBe(200);
    expect(await get(standIn.appProxyUrl(base, 'recs', { shop: SHOP, loggedInCustomerId: 77, extraParams: { product: '9', ids: ['1', '2'] } }))).toBe(200);
    expect(await get(standIn.appProxyUrl(base, '/recs', { shop: SHOP, secret: 'wrong' }))).toBe(401);
    expect(await get(standIn.appProxyUrl(base, '/recs', { shop: SHOP, timestamp: Math.floor(Date.now() / 1000) - 3600 }))).toBe(401);
    const tampered = new URL(standIn.appProxyUrl(base, '/recs', { shop: SHOP, extraParams: { product: '9' } }));
    tampered.searchParams.set('product', '10');
    expect(await get(tampered.toString())).toBe(401);

    const url = new URL(standIn.appProxyUrl(base, '/recs', { shop: SHOP, loggedInCustomerId: 5 }));
    expect(url.pathname).toBe('/proxy/recs');
    expect([...url.searchParams.keys()].sort()).toEqual(['logged_in_customer_id', 'path_prefix', 'shop', 'signature', 'timestamp']);
    expect(url.searchParams.get('path_prefix')).toBe('/apps/waymark');
    expect(url.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('in this process, through routeGlobalFetch()', () => {
  let standIn: ShopifyStandIn;
  let restore: () => void;
  let fresh: FreshDb;
  const api = shopifyApi({
    apiKey: API_KEY,
    apiSecretKey: API_SECRET,
    scopes: ['read_products'],
    hostName: '127.0.0.1',
    hostScheme: 'http',
    apiVersion: ApiVersion.October26,
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error, log: async () => {} },
  });
  const tokenUrl = `https://${SHOP}/admin/oauth/access_token`;
  const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const exchangeBody = (subjectToken: string, extra: Record<string, unknown> = {}) => ({
    client_id: API_KEY,
    client_secret: API_SECRET,
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token: subjectToken,
    subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
    requested_token_type: 'urn:shopify:params:oauth:token-type:offline-access-token',
    expiring: '1',
    ...extra,
  });

  beforeAll(async () => {
    standIn = await startShopifyStandIn({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      shops: {
        [SHOP]: {
          products: Array.from({ length: 260 }, (_, i) => ({ id: i + 1, title: `Product ${i + 1}`, price: '12.50', tags: ['a'], totalInventory: i % 2, tracksInventory: true })),
          orders: [
            { id: 1, createdAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), productIds: [1, 2] },
            { id: 2, createdAt: new Date(Date.now() - 1 * 86_400_000).toISOString(), productIds: [3, null] },
            { id: 3, createdAt: new Date(Date.now() - 200 * 86_400_000).toISOString(), productIds: [4] },
          ],
        },
      },
    });
    restore = standIn.routeGlobalFetch();
    fresh = await freshDb('sqlite');
  });
  afterAll(async () => {
    restore?.();
    await fresh?.cleanup();
    await standIn?.close();
  });

  it('refuses forged, expired, other-app and other-shop session tokens at the exchange, and bad client credentials', async () => {
    const cases: Array<[string, string]> = [
      ['wrong secret', standIn.sessionToken(SHOP, { secret: 'forged' })],
      ['expired', standIn.sessionToken(SHOP, { expiresInSec: -120 })],
      ['other audience', standIn.sessionToken(SHOP, { aud: 'another-app' })],
      ['other shop', standIn.sessionToken(OTHER_SHOP)],
      ['not a JWT', 'abc'],
    ];
    for (const [name, token] of cases) {
      const res = await post(tokenUrl, exchangeBody(token));
      expect(res.status, name).toBe(400);
      expect(await res.json(), name).toMatchObject({ error: 'invalid_subject_token', error_description: expect.any(String) });
    }
    const badClient = await post(tokenUrl, exchangeBody(standIn.sessionToken(SHOP), { client_secret: 'nope' }));
    expect(badClient.status).toBe(401);
    expect(await badClient.json()).toMatchObject({ error: 'invalid_client' });
    const good = await post(tokenUrl, exchangeBody(standIn.sessionToken(SHOP)));
    expect(good.status).toBe(200);
    expect(Object.keys(await good.json()).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'refresh_token_expires_in', 'scope']);
  });

  it('runs Waymark activatePixel and the install backfill against it with the real library client', async () => {
    const { session } = await api.auth.tokenExchange({
      shop: SHOP,
      sessionToken: standIn.sessionToken(SHOP),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(session.refreshToken).toMatch(/^shprt_/);
    const client = new api.clients.Graphql({ session: new Session({ id: `offline_${SHOP}`, shop: SHOP, state: '', isOnline: false, accessToken: session.accessToken }) });
    const graphql: GraphqlFn = async (query, variables) => {
      const res = await client.request(query, { variables });
      return { data: res.data, errors: res.errors };
    };
    const created = await activatePixel(graphql, { ingestUrl: 'https://app.example/ingest', shopKey: 'k1' });
    expect(created.action).toBe('created');
    expect(standIn.shopState(SHOP).pixel).toMatchObject({ id: created.pixelId, settings: JSON.stringify({ ingestUrl: 'https://app.example/ingest', shopKey: 'k1' }) });
    const updated = await activatePixel(graphql, { ingestUrl: 'https://app.example/ingest', shopKey: 'k2' });
    expect(updated).toEqual({ pixelId: created.pixelId, action: 'updated' });
    expect(JSON.parse(standIn.shopState(SHOP).pixel!.settings).shopKey).toBe('k2');

    const row = await ensureShop(fresh.db, SHOP);
    expect(await backfillProducts(fresh.db, row.id, graphql)).toBe(260);
    const productOps = standIn.graphqlRequests(SHOP).filter((r) => r.operationName === 'WaymarkProducts');
    expect(productOps.map((r) => r.variables?.after === null)).toEqual([true, false]); // 250 + 10
    const stored = await fresh.db.product.findMany({ where: { shopId: row.id }, orderBy: { productId: 'asc' } });
    expect(stored).toHaveLength(260);
    const p2 = stored.find((p) => p.productId === '2')!;
    expect(p2).toMatchObject({ title: 'Product 2', price: 12.5, available: true });
    expect(stored.find((p) => p.productId === '1')).toMatchObject({ available: false });

    // 90 days back: order 3 (200 days old) is outside the search.
    expect(await backfillOrders(fresh.db, row.id, graphql)).toBe(2);
    const baskets = await fresh.db.orderBasket.findMany({ where: { shopId: row.id }, orderBy: { orderId: 'asc' } });
    expect(baskets.map((b) => [b.orderId, b.productIds])).toEqual([['1', '1,2'], ['2', '3']]);
  });

  it('answers an injected fault once, then as before', async () => {
    const token = standIn.issueNonExpiringToken(SHOP);
    const call = () => fetch(`https://${SHOP}/admin/api/2026-10/graphql.json`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-access-token': token }, body: JSON.stringify({ query: PIXEL_QUERY }),
    });
    standIn.failNext(SHOP, { status: 503, body: { errors: 'Service Unavailable' }, headers: { 'Retry-After': '1' } });
    const faulted = await call();
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('1');
    expect((await call()).status).toBe(200);
  });

  it('tunnels nothing but *.myshopify.com:443, and restore() takes the route away', async () => {
    await expect(fetch('https://example.com/')).rejects.toThrow();
    expect(standIn.tunnels).toContainEqual(expect.objectContaining({ target: 'example.com:443', allowed: false }));
    const unknownToken = await fetch(`https://${SHOP}/admin/api/2026-10/graphql.json`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-access-token': 'shpat_unknown' }, body: JSON.stringify({ query: PIXEL_QUERY }),
    });
    expect(unknownToken.status).toBe(401);
    expect(await unknownToken.json()).toEqual({ errors: INVALID_TOKEN_MESSAGE });

    restore();
    const tunnelsBefore = standIn.tunnels.length;
    await expect(fetch(`https://${SHOP}/admin/oauth/access_token`, { method: 'POST', signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
    expect(standIn.tunnels.length).toBe(tunnelsBefore);
    restore = standIn.routeGlobalFetch();
  });
});
