/**
 * Storefront requests as Shopify's app proxy forwards them, signed with the app secret, for
 * the benchmarks that load the recommendations endpoint (recs-http, soak, mixed), the fuzzer
 * and the integration tests that ask it.
 */
import { createHmac } from 'node:crypto';

/**
 * The query string of an app proxy request: `params`, a timestamp (now unless given, in
 * seconds), and their signature as Shopify makes it: the sorted "k=v" pairs joined with
 * nothing, HMAC-SHA256 in hex.
 */
export function signedProxyQuery(secret: string, params: Record<string, string>, opts: { timestamp?: number } = {}): string {
  const all: Record<string, string> = { ...params, timestamp: String(opts.timestamp ?? Math.floor(Date.now() / 1000)) };
  const message = Object.keys(all)
    .sort()
    .map((k) => `${k}=${all[k]}`)
    .join('');
  return new URLSearchParams({ ...all, signature: createHmac('sha256', secret).update(message).digest('hex') }).toString();
}

/** Request `i` of a recommendations load: placements, products, session context and visitors all vary. */
export function recommendationsPath(secret: string, shop: string, productIds: readonly string[], i: number): string {
  const placements = ['recommended', 'also_like', 'bought_together'];
  const p = productIds[(i * 31) % productIds.length];
  const recent = [productIds[(i * 7) % productIds.length], productIds[(i * 13) % productIds.length], p].join(',');
  const qs = signedProxyQuery(secret, { shop, placement: placements[i % 3], product_id: p, recent, limit: '8', visitor: `v${i % 5000}`, path_prefix: '/apps/waymark' });
  return `/apps/waymark/recommendations?${qs}`;
}
