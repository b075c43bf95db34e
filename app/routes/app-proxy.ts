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
 * of the event loop, without awaiting anything (app/recs/storefront-recs.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { Router } from 'express';
import { createAppProxyVerifier, type ProxyQuery } from '../auth/app-proxy-signature';
import { isLoopback, refusesLocalSecretFrom } from '../auth/loopback';
import { devBypassAllowed, type Config } from '../config';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { ShopifyApp } from '../shopify';
import type { RecResponse } from '../recs/recommend';
import { recQuerySchema, type StorefrontRecs } from '../recs/storefront-recs';
import { parseInput } from '../problem';
import { sendJson, sendProblem } from '../http/send-problem';
import { faultProblem } from '../http/error-handler';

export const APP_PROXY_PATH = '/apps/waymark/recommendations';

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** True for a request the app proxy handler answers (the path, any query). */
export function isAppProxyRequest(req: IncomingMessage): boolean {
  const url = req.url ?? '';
  return url.startsWith(APP_PROXY_PATH) && (url.length === APP_PROXY_PATH.length || url[APP_PROXY_PATH.length] === '?');
}

/** The shop a proxied request is for, from its verified signature (or the dev shop, locally). */
function createProxyAuth(config: Config, shopify: ShopifyApp) {
  const verify = config.shopify.apiSecret ? createAppProxyVerifier(config.shopify.apiSecret) : null;
  return (req: IncomingMessage, query: ProxyQuery): { domain: string } | { error: string } => {
    if (!query.signature && devBypassAllowed(config) && isLoopback(req)) return { domain: config.devShop };
    if (!verify) return { error: 'app proxy signatures cannot be verified: no app secret configured' };
    // Local mode's secret is public: its signatures prove nothing from another machine.
    if (refusesLocalSecretFrom(config, req)) return { error: 'local mode: signed requests are accepted from this machine only' };
    const verdict = verify(query);
    if (!verdict.ok) return { error: verdict.reason };
    const domain = shopify.api.utils.sanitizeShop(String(query.shop ?? ''));
    return domain ? { domain } : { error: 'missing shop' };
  };
}

function sendRecs(res: ServerResponse, body: RecResponse, started: number) {
  sendJson(res, 200, body, {
    // Personalized: browsers may reuse it briefly, shared caches must not.
    'Cache-Control': 'private, max-age=30',
    Vary: 'Accept-Encoding',
    // Time spent in this handler (signature check, state lookup, ranking): lets the storefront
    // and the benchmark tell server time from network and queueing time.
    'Server-Timing': `app;dur=${(performance.now() - started).toFixed(2)}`,
  });
}

export function createAppProxyHandler(deps: {
  config: Config;
  shopify: ShopifyApp;
  recs: StorefrontRecs;
  metrics: Metrics;
  logger: Logger;
}): NodeHandler {
  const { recs, metrics, logger } = deps;
  const authenticate = createProxyAuth(deps.config, deps.shopify);
  const fail = (res: ServerResponse, err: unknown) => {
    const problem = faultProblem({ logger, metrics }, err, 'app proxy request failed');
    if (!res.headersSent) sendProblem(res, problem);
    else res.destroy();
  };

  return (req, res) => {
    const started = performance.now();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendProblem(res, { code: 'method_not_allowed', message: 'method not allowed' }, { headers: { Allow: 'GET, HEAD' } });
    }
    try {
      const url = req.url ?? '';
      const at = url.indexOf('?');
      const query = (at < 0 ? {} : parseQuery(url.slice(at + 1))) as ProxyQuery;
      const auth = authenticate(req, query);
      if ('error' in auth) {
        metrics.count('proxy_unauthorized');
        return sendProblem(res, { code: 'unauthorized', message: auth.error });
      }
      const q = parseInput(recQuerySchema, query, 'query');
      if (!q.ok) return sendProblem(res, q.problem);
      const now = recs.peek(auth.domain, q.value);
      if (now) return sendRecs(res, now, started);
      void recs
        .answer(auth.domain, q.value)
        .then((body) => (body ? sendRecs(res, body, started) : sendProblem(res, { code: 'not_found', message: 'shop not installed' })))
        .catch((err) => fail(res, err));
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
