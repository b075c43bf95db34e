/**
 * The simulator's theme blocks ask the real recommendation endpoint through the app proxy,
 * signed as Shopify's proxy signs a storefront request (`signature` = HMAC-SHA256 hex of the
 * sorted `name=value` pairs, repeated values joined by commas, with the app's secret; in local
 * mode the public local secret, accepted from this machine only). The query is the one
 * extensions/waymark-blocks/assets/waymark-recs.js sends.
 */
import { createHmac } from 'node:crypto';
import type { AskBlock, BlockAnswer, BlockAsk } from '../simulator';
import { fetchRetrying } from './demo-checks';

const PROXY_PATH = '/apps/waymark/recommendations';

/** The query Shopify's app proxy forwards, with its signature. */
export function signedProxyQuery(params: Record<string, string>, secret: string, now = Date.now()): string {
  const all: Record<string, string> = { ...params, timestamp: String(Math.floor(now / 1000)) };
  const message = Object.keys(all)
    .sort((a, b) => a.localeCompare(b))
    .map((k) => `${k}=${all[k]}`)
    .join('');
  const signature = createHmac('sha256', secret).update(message, 'utf8').digest('hex');
  return new URLSearchParams({ ...all, signature }).toString();
}

/** The block's own parameters (waymark-recs.js `fromWaymark`). */
function blockParams(ask: BlockAsk): Record<string, string> {
  const q: Record<string, string> = { placement: ask.placement, limit: String(ask.limit) };
  if (ask.productId) q.product_id = ask.productId;
  if (ask.cart.length) q.cart = ask.cart.join(',');
  if (ask.recent.length) q.recent = ask.recent.slice(-20).join(',');
  q.visitor = ask.visitor;
  return q;
}

export interface BlockEndpointStats {
  requests: number;
  failed: number;
  /** Time the simulator waited for answers. */
  seconds: number;
  groups: Record<string, number>;
  strategies: Record<string, number>;
}

/** An `AskBlock` for `simulateWithBlocks` that asks `baseUrl`'s app proxy endpoint for `shop`. */
export function createBlockEndpoint(opts: { baseUrl: string; shop: string; secret: string }): { ask: AskBlock; stats: BlockEndpointStats } {
  const stats: BlockEndpointStats = { requests: 0, failed: 0, seconds: 0, groups: {}, strategies: {} };
  const ask: AskBlock = async (block) => {
    const started = performance.now();
    try {
      return await askOnce(block);
    } finally {
      stats.seconds += (performance.now() - started) / 1000;
    }
  };
  const askOnce: AskBlock = async (block) => {
    stats.requests++;
    const query = signedProxyQuery({ shop: opts.shop, logged_in_customer_id: '', path_prefix: '/apps/waymark', ...blockParams(block) }, opts.secret);
    const res = await fetchRetrying(`${opts.baseUrl}${PROXY_PATH}?${query}`, { headers: { accept: 'application/json' } }).catch(() => null);
    if (!res?.ok) {
      stats.failed++;
      await res?.body?.cancel();
      // The block treats a failed request as "no Waymark answer".
      return undefined;
    }
    const body = (await res.json()) as BlockAnswer;
    stats.groups[body.group] = (stats.groups[body.group] ?? 0) + 1;
    stats.strategies[body.strategy] = (stats.strategies[body.strategy] ?? 0) + 1;
    return body;
  };
  return { ask, stats };
}
