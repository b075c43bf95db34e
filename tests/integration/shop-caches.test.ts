/**
 * An uninstall clears every cache this process keeps of the shop (app/shops/shop-caches.ts):
 * with its shop key and its serving state warm, app/uninstalled stops ingest and the
 * storefront recommendations at once, not when the caches expire.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, startTestServer, TEST_API_SECRET, withCredentials, type TestServer } from '../helpers/server';
import { buildAppProxyUrl } from '../helpers/shopify-stand-in/app-proxy';
import { ensureShop } from '../../app/shops/shop-rows';
import { APP_PROXY_PATH } from '../../app/routes/app-proxy';

const SHOP = 'cached.myshopify.com';

describe('app/uninstalled and the per-process shop caches', () => {
  let s: TestServer;
  let shopKey: string;
  beforeAll(async () => {
    s = await startTestServer({ env: withCredentials() });
    shopKey = (await ensureShop(s.db, SHOP)).shopKey;
  });
  afterAll(() => s.close());

  let n = 0;
  const ingest = () =>
    fetch(`${s.url}/ingest`, {
      method: 'POST',
      body: JSON.stringify({ shopKey, events: [{ id: `c-${n++}`, name: 'page_viewed', ts: Date.now(), clientId: 'c', path: '/' }] }),
    });
  const recs = () => fetch(buildAppProxyUrl(s.url, APP_PROXY_PATH, { shop: SHOP, extraParams: { placement: 'recommended' } }, TEST_API_SECRET));

  it('refuses ingest and stops serving recommendations right after the uninstall', async () => {
    // Warm: the shop key, the installed domain and the serving state are cached.
    expect((await ingest()).status).toBe(200);
    expect((await recs()).status).toBe(200);
    expect((await recs()).status).toBe(200);

    expect((await postWebhook(s.url, 'app/uninstalled', SHOP, { id: 1, myshopify_domain: SHOP })).status).toBe(200);

    expect((await ingest()).status).toBe(403);
    const after = await recs();
    expect(after.status).toBe(404);
    expect((await after.json()).error.code).toBe('not_found');
  });
});
