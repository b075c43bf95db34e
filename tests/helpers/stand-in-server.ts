/**
 * A test server with Shopify credentials whose Shopify is the stand-in: this process's
 * HTTPS calls to *.myshopify.com are routed to it for the duration of the suite.
 *
 *   const ctx = useStandInServer(provider);   // in a describe block
 *   ... ctx.s.url, ctx.standIn.sessionToken(shop) ...
 */
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, withCredentials, TEST_API_KEY, TEST_API_SECRET, type TestServer } from './server';
import { startShopifyStandIn, type ShopifyStandIn } from './shopify-stand-in';
import type { Provider } from '../../app/db/url';

export function useStandInServer(provider: Provider): { s: TestServer; standIn: ShopifyStandIn } {
  const ctx = {} as { s: TestServer; standIn: ShopifyStandIn };
  let restoreFetch: (() => void) | undefined;
  beforeAll(async () => {
    ctx.standIn = await startShopifyStandIn({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET });
    restoreFetch = ctx.standIn.routeGlobalFetch();
    ctx.s = await startTestServer({ provider, env: withCredentials() });
  });
  afterAll(async () => {
    await ctx.s?.close();
    restoreFetch?.();
    await ctx.standIn?.close();
  });
  return ctx;
}
