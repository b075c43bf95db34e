/**
 * GET /apps/waymark/recommendations : storefront blocks, through Shopify's app proxy.
 *
 * Shopify signs every proxied request (`signature` over the sorted query, plus `shop` and
 * `timestamp`); we verify it with @shopify/shopify-api (90 s timestamp tolerance) before
 * reading anything. Answers JSON only: request input never reaches Liquid or HTML.
 * Local mode: unsigned requests from loopback act as the dev shop (the demo storefront).
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { isLoopback } from '../auth/loopback';
import { devBypassAllowed, type Config } from '../config';
import type { Db } from '../db/client';
import type { ShopifyApp } from '../shopify';
import { findInstalledShop } from '../shops/shops';
import { PLACEMENTS, recommend } from '../recs/recommend';
import type { ShopStateCache } from '../recs/shop-state';
import type { Metrics } from '../metrics';

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
});

export function createAppProxyRouter(deps: {
  config: Config;
  db: Db;
  shopify: ShopifyApp;
  states: ShopStateCache;
  metrics: Metrics;
}): Router {
  const { config, db, shopify, states, metrics } = deps;
  const router = Router();
  const shopCache = new Map<string, { id: number | null; until: number }>();

  async function shopIdFor(domain: string): Promise<number | null> {
    const hit = shopCache.get(domain);
    if (hit && hit.until > Date.now()) return hit.id;
    const shop = await findInstalledShop(db, domain);
    shopCache.set(domain, { id: shop?.id ?? null, until: Date.now() + 5_000 });
    return shop?.id ?? null;
  }

  async function authenticate(req: Request): Promise<{ domain: string } | { error: string }> {
    const query = req.query as Record<string, string | string[]>;
    if (!query.signature && devBypassAllowed(config) && isLoopback(req)) {
      return { domain: config.devShop };
    }
    try {
      const ok = await shopify.api.utils.validateHmac(query as Record<string, string>, { signator: 'appProxy' });
      if (!ok) return { error: 'invalid signature' };
    } catch (e) {
      return { error: (e as Error).message || 'invalid signature' };
    }
    const domain = shopify.api.utils.sanitizeShop(String(query.shop ?? ''));
    return domain ? { domain } : { error: 'missing shop' };
  }

  router.get('/apps/waymark/recommendations', async (req, res) => {
    const started = performance.now();
    const auth = await authenticate(req);
    if ('error' in auth) {
      metrics.count('proxy_unauthorized');
      res.status(401).json({ error: auth.error });
      return;
    }
    const parsed = recQuerySchema.safeParse(req.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      res.status(400).json({ error: `${issue.path.join('.')}: ${issue.message}`, field: issue.path.join('.') });
      return;
    }
    const shopId = await shopIdFor(auth.domain);
    if (shopId === null) {
      res.status(404).json({ error: 'shop not installed' });
      return;
    }
    const q = parsed.data;
    const state = await states.get(shopId);
    const body = recommend(state, {
      placement: q.placement,
      productId: q.product_id,
      cart: q.cart,
      recent: q.recent,
      limit: q.limit,
      visitor: q.visitor,
    });
    metrics.count(`recs_served_${body.strategy}`);
    // Personalised: browsers may reuse it briefly, shared caches must not.
    res.setHeader('Cache-Control', 'private, max-age=30');
    res.setHeader('Vary', 'Accept-Encoding');
    // Time spent in this handler (signature check, state lookup, ranking): lets the storefront
    // and the benchmark tell server time from network and queueing time.
    res.setHeader('Server-Timing', `app;dur=${(performance.now() - started).toFixed(2)}`);
    res.json(body);
  });

  return router;
}
