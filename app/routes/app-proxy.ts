/**
 * GET /apps/waymark/recommendations : storefront blocks, through Shopify's app proxy.
 *
 * Shopify signs every proxied request (`signature` over the sorted query, plus `shop` and
 * `timestamp`); it is verified (90 s timestamp tolerance, @shopify/shopify-api's rules; see
 * auth/app-proxy-signature.ts) before anything else is read. Answers JSON only: request
 * input never reaches Liquid or HTML.
 * Local mode: unsigned requests from loopback act as the dev shop (the demo storefront).
 *
 * The storefront's hottest request, so the handler is a plain node:http one: the composition
 * root hands it the request before Express's router (which cost more CPU, and more objects
 * that outlive a request, than the whole answer), and Express mounts the same handler too.
 * With the shop and its serving state cached (the common case) it answers within one turn
 * of the event loop, without awaiting anything.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { Router } from 'express';
import { z } from 'zod';
import { createAppProxyVerifier, type ProxyQuery } from '../auth/app-proxy-signature';
import { isLoopback, refusesLocalSecretFrom } from '../auth/loopback';
import { devBypassAllowed, type Config } from '../config';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { ShopifyApp } from '../shopify';
import { findInstalledShop } from '../shops/shops';
import { FALLBACKS, PLACEMENTS, recommend } from '../recs/recommend';
import type { ShopState, ShopStateCache } from '../recs/shop-state';

export const APP_PROXY_PATH = '/apps/waymark/recommendations';
export const EMBED_MARK_MS = 10 * 60_000;

const ids = z
  .string()
  .max(2000)
  .optional()
  .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter((x) => /^\d{1,20}$/.test(x)) : []));

export const recQuerySchema = z.object({
  placement: z.enum(PLACEMENTS),
  product_id: z.string().regex(/^\d{1,20}$/).optional(),
  cart: ids,
  recent: ids.transform((a) => a.slice(-20)),
  limit: z.coerce.number().int().min(1).max(24).default(8),
  visitor: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  /** the block's "When Waymark has no recommendations" setting */
  fallback: z.enum(FALLBACKS).optional(),
});

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** True for a request the app proxy handler answers (the path, any query). */
export function isAppProxyRequest(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  return url.startsWith(APP_PROXY_PATH) && (url.length === APP_PROXY_PATH.length || url[APP_PROXY_PATH.length] === '?');
}

export function createAppProxyHandler(deps: {
  config: Config;
  db: Db;
  shopify: ShopifyApp;
  states: ShopStateCache;
  metrics: Metrics;
  logger: Logger;
}): NodeHandler {
  const { config, db, shopify, states, metrics, logger } = deps;
  const verify = config.shopify.apiSecret ? createAppProxyVerifier(config.shopify.apiSecret) : null;
  // Keyed by the signed `shop` parameter: only domains Shopify signed for this app get here.
  const shopCache = new Map<string, { id: number | null; until: number }>();

  function cachedShopId(domain: string): number | null | undefined {
    const hit = shopCache.get(domain);
    return hit && hit.until > Date.now() ? hit.id : undefined;
  }

  async function lookUpShopId(domain: string): Promise<number | null> {
    const shop = await findInstalledShop(db, domain);
    shopCache.set(domain, { id: shop?.id ?? null, until: Date.now() + 5_000 });
    return shop?.id ?? null;
  }

  function authenticate(req: IncomingMessage, query: ProxyQuery): { domain: string } | { error: string } {
    if (!query.signature && devBypassAllowed(config) && isLoopback(req)) return { domain: config.devShop };
    if (!verify) return { error: 'app proxy signatures cannot be verified: no app secret configured' };
    // Local mode's secret is public: its signatures prove nothing from another machine.
    if (refusesLocalSecretFrom(config, req)) return { error: 'local mode: signed requests are accepted from this machine only' };
    const verdict = verify(query);
    if (!verdict.ok) return { error: verdict.reason };
    const domain = shopify.api.utils.sanitizeShop(String(query.shop ?? ''));
    return domain ? { domain } : { error: 'missing shop' };
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const json = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(json),
      ...headers,
    });
    res.end(json);
  }

  // The app embed is on when requests carry its session context (a visitor key or recent
  // products): recorded on the shop at most every EMBED_MARK_MS per process, off the answer's path.
  const embedMarked = new Map<number, number>();
  function markEmbedSeen(shopId: number) {
    const now = Date.now();
    if (now - (embedMarked.get(shopId) ?? 0) < EMBED_MARK_MS) return;
    embedMarked.set(shopId, now);
    // Raw, so that Shop.updatedAt (the serving cache's version stamp, app/recs/shop-state.ts)
    // stays as it is: a Prisma update would make every process reload the shop's serving
    // state, products and model, every EMBED_MARK_MS.
    db.$executeRaw`UPDATE "Shop" SET "embedSeenAt" = ${new Date(now)} WHERE "id" = ${shopId}`.catch((err: unknown) => logger.warn({ err }, 'could not record the app embed'));
  }

  function answer(res: ServerResponse, state: ShopState, q: z.infer<typeof recQuerySchema>, started: number) {
    if (q.visitor || q.recent.length) markEmbedSeen(state.shopId);
    const body = recommend(state, {
      placement: q.placement,
      productId: q.product_id,
      cart: q.cart,
      recent: q.recent,
      limit: q.limit,
      visitor: q.visitor,
      fallback: q.fallback,
    });
    metrics.count(`recs_served_${body.strategy}`);
    send(res, 200, body, {
      // Personalised: browsers may reuse it briefly, shared caches must not.
      'Cache-Control': 'private, max-age=30',
      Vary: 'Accept-Encoding',
      // Time spent in this handler (signature check, state lookup, ranking): lets the storefront
      // and the benchmark tell server time from network and queueing time.
      'Server-Timing': `app;dur=${(performance.now() - started).toFixed(2)}`,
    });
  }

  function fail(res: ServerResponse, err: unknown) {
    logger.error({ err }, 'app proxy request failed');
    metrics.count('http_500');
    if (!res.headersSent) send(res, 500, { error: 'internal error' });
    else res.destroy();
  }

  return (req, res) => {
    const started = performance.now();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD' });
      return;
    }
    try {
      const url = req.url ?? '';
      const at = url.indexOf('?');
      const query = (at < 0 ? {} : parseQuery(url.slice(at + 1))) as ProxyQuery;
      const auth = authenticate(req, query);
      if ('error' in auth) {
        metrics.count('proxy_unauthorized');
        send(res, 401, { error: auth.error });
        return;
      }
      const parsed = recQuerySchema.safeParse(query);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        send(res, 400, { error: `${issue.path.join('.')}: ${issue.message}`, field: issue.path.join('.') });
        return;
      }
      // Cached shop and state (nearly every request): answered without awaiting anything.
      const shopId = cachedShopId(auth.domain);
      const state = shopId ? states.peek(shopId) : undefined;
      if (shopId && state) {
        answer(res, state, parsed.data, started);
        return;
      }
      void (async () => {
        const id = shopId === undefined ? await lookUpShopId(auth.domain) : shopId;
        if (id === null) {
          send(res, 404, { error: 'shop not installed' });
          return;
        }
        answer(res, await states.get(id), parsed.data, started);
      })().catch((err) => fail(res, err));
    } catch (err) {
      fail(res, err);
    }
  };
}

/** The same handler on an Express router, for apps (and tests) that serve everything through Express. */
export function createAppProxyRouter(handler: NodeHandler): Router {
  const router = Router();
  router.all(APP_PROXY_PATH, (req, res) => handler(req, res));
  return router;
}
