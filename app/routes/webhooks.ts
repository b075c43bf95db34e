/**
 * POST /webhooks/* : every subscription in shopify.app.toml points here ("Handled by").
 *
 * In order, before anything changes:
 * 1. local mode signs with a public secret (app/config.ts LOCAL_API_SECRET): then only
 *    loopback may post here (403 otherwise);
 * 2. the HMAC is verified over the raw body (401 when invalid);
 * 3. the shop is the one the signed body names (app/webhooks/body-shop.ts); a header that
 *    names another shop is refused (400), counted (`webhook_shop_mismatch`) and logged.
 *    Topics whose body names no shop (products/*, app/scopes_update) use the header
 *    (docs/SECURITY.md, residual risks);
 * 4. the delivery is claimed by its X-Shopify-Webhook-Id (app/webhooks/delivery-log.ts):
 *    a delivery already handled answers 200 and does nothing; one being handled answers 409.
 *
 * app/uninstalled and shop/redact triggered (X-Shopify-Triggered-At) before the shop's
 * latest install change nothing: a replay after a re-install. Compliance work runs as
 * jobs (`data_export`, `redact`): the webhook records the request and answers at once.
 */
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { ShopifyApp } from '../shopify';
import type { JobQueue } from '../jobs/queue';
import { markUninstalled } from '../shops/shops';
import { customerRequestSchema, recordDataRequest, recordRedaction, type CustomerRequest } from '../privacy/compliance';
import { deleteProduct, productFromWebhook, upsertProducts } from '../catalog/products';
import { shopNamedByBody } from '../webhooks/body-shop';
import { claimDelivery, markHandled, releaseDelivery } from '../webhooks/delivery-log';
import { refusesLocalSecretFrom } from '../auth/loopback';

export const WEBHOOK_BODY_LIMIT = '1mb';

export interface WebhookDeps {
  db: Db;
  config: Config;
  shopify: ShopifyApp;
  logger: Logger;
  metrics: Metrics;
  /** where the compliance jobs go */
  jobs: Pick<JobQueue, 'enqueue'>;
  /** Called when a shop uninstalls, so caches (e.g. the ingest shop cache) drop it at once. */
  onUninstalled?: (domain: string) => void;
}

/** app/scopes_update: `{ id, previous: string[], current: string[], updated_at }`. */
const scopesUpdateSchema = z.object({ current: z.array(z.string()) });

interface Delivery {
  /** X-Shopify-Triggered-At, when sent and valid */
  triggeredAt: Date | null;
}

type Result = Record<string, unknown> | { error: string; status: 400 };
type Handler = (domain: string, payload: any, delivery: Delivery) => Promise<Result>;

function customerRequest(payload: unknown): CustomerRequest | { error: string; status: 400 } {
  const parsed = customerRequestSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `${issue.path.join('.') || 'body'}: ${issue.message}`, status: 400 };
  }
  return parsed.data;
}

function triggeredAt(req: Request): Date | null {
  const raw = req.get('x-shopify-triggered-at');
  const t = raw ? Date.parse(raw) : NaN;
  return Number.isFinite(t) ? new Date(t) : null;
}

export function createWebhookRouter(deps: WebhookDeps): Router {
  const { db, config, shopify, logger, metrics, jobs } = deps;
  const shopOf = (domain: string) => db.shop.findUnique({ where: { domain } });

  const handlers: Record<string, Handler> = {
    app_uninstalled: async (domain, _payload, delivery) => {
      const r = await markUninstalled(db, domain, delivery.triggeredAt ?? undefined);
      deps.onUninstalled?.(domain);
      if (r.staleTrigger) {
        metrics.count('webhook_stale_uninstall');
        logger.warn({ shop: domain, triggeredAt: delivery.triggeredAt }, 'app/uninstalled triggered before the latest install: ignored');
      }
      return r;
    },
    // The merchant granted or removed optional scopes: the stored offline session says what it may do.
    app_scopes_update: async (domain, payload) => {
      const current = scopesUpdateSchema.safeParse(payload);
      if (!current.success) return { error: 'body: expected { current: string[] }', status: 400 };
      const res = await db.shopifySession.updateMany({ where: { shop: domain, isOnline: false }, data: { scope: current.data.current.join(',') } });
      return { sessions: res.count };
    },
    customers_data_request: async (domain, payload) => {
      const req = customerRequest(payload);
      if ('error' in req) return req;
      const shop = await shopOf(domain);
      if (!shop) return { skipped: 'unknown shop' };
      const row = await recordDataRequest(db, shop.id, req);
      await jobs.enqueue('data_export', shop.id);
      return { dataExport: row.id };
    },
    customers_redact: async (domain, payload) => {
      const req = customerRequest(payload);
      if ('error' in req) return req;
      const shop = await shopOf(domain);
      if (!shop) return { skipped: 'unknown shop' };
      const row = await recordRedaction(db, shop.id, 'customer', req);
      await jobs.enqueue('redact', shop.id);
      return { redaction: row.id };
    },
    shop_redact: async (domain, _payload, delivery) => {
      const shop = await shopOf(domain);
      if (!shop) {
        await db.shopifySession.deleteMany({ where: { shop: domain } });
        return { skipped: 'unknown shop' };
      }
      // Shopify sends shop/redact 48 h after an uninstall; for an installed shop, or one
      // re-installed after the trigger, it is a replay.
      if (!shop.uninstalledAt || (delivery.triggeredAt && delivery.triggeredAt < shop.installedAt)) {
        metrics.count('webhook_stale_shop_redact');
        logger.warn({ shop: domain, triggeredAt: delivery.triggeredAt }, 'shop/redact for an installed shop: ignored');
        return { skipped: 'shop is installed' };
      }
      await db.shopifySession.deleteMany({ where: { shop: domain } });
      const row = await recordRedaction(db, shop.id, 'shop');
      deps.onUninstalled?.(domain); // drop cached shop keys too
      await jobs.enqueue('redact', shop.id);
      return { redaction: row.id };
    },
    products_create: async (domain, payload) => productUpsert(domain, payload),
    products_update: async (domain, payload) => productUpsert(domain, payload),
    products_delete: async (domain, payload) => {
      const shopId = (await shopOf(domain))?.id;
      if (shopId && payload?.id != null) await deleteProduct(db, shopId, String(payload.id));
      return { deleted: true };
    },
  };

  async function productUpsert(domain: string, payload: unknown): Promise<Result> {
    const shopId = (await shopOf(domain))?.id;
    if (!shopId) return { skipped: 'unknown shop' };
    const product = productFromWebhook(payload);
    if ('error' in product) return { skipped: product.error };
    await upsertProducts(db, shopId, [product]);
    return { upserted: product.productId };
  }

  const router = Router();
  router.post('/webhooks{/*rest}', express.text({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    if (refusesLocalSecretFrom(config, req)) {
      metrics.count('webhook_refused_not_loopback');
      res.status(403).json({ error: 'local mode: webhooks are accepted from this machine only' });
      return;
    }
    const rawBody = typeof req.body === 'string' ? req.body : '';
    const check = await shopify.api.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
    if (!check.valid) {
      logger.warn({ reason: check.reason }, 'webhook rejected');
      res.status(401).json({ error: 'invalid webhook', reason: check.reason });
      return;
    }
    const topic = check.topic.toLowerCase().replace(/[/.]/g, '_');
    const handler = Object.hasOwn(handlers, topic) ? handlers[topic] : undefined; // not __proto__ / constructor
    if (!handler) {
      res.status(200).json({ ignored: check.topic });
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody || '{}');
    } catch {
      res.status(400).json({ error: 'webhook body is not JSON' });
      return;
    }
    const headerShop = check.domain.toLowerCase();
    const named = shopNamedByBody(check.topic, payload);
    if ('error' in named) {
      res.status(400).json({ error: named.error });
      return;
    }
    if (named.shop !== null && named.shop !== headerShop) {
      metrics.count('webhook_shop_mismatch');
      logger.warn({ topic: check.topic, headerShop, bodyShop: named.shop, webhookId: check.webhookId }, 'webhook refused: header and signed body name different shops');
      res.status(400).json({ error: 'the X-Shopify-Shop-Domain header does not match the shop in the signed body' });
      return;
    }
    const domain = named.shop ?? headerShop;
    if (!check.webhookId) {
      res.status(400).json({ error: 'missing X-Shopify-Webhook-Id' });
      return;
    }
    const claim = await claimDelivery(db, { webhookId: check.webhookId, shop: domain, topic: check.topic });
    if (!claim.claimed) {
      metrics.count(`webhook_duplicate_${claim.state}`);
      if (claim.state === 'in_progress') {
        res.setHeader('Retry-After', '10');
        res.status(409).json({ error: 'this delivery is being handled; retry later' });
      } else res.status(200).json({ ok: true, topic: check.topic, duplicate: true });
      return;
    }
    let result: Result;
    try {
      result = await handler(domain, payload, { triggeredAt: triggeredAt(req) });
    } catch (error) {
      await releaseDelivery(db, check.webhookId).catch(() => {});
      throw error;
    }
    if ((result as { status?: number }).status === 400) {
      await releaseDelivery(db, check.webhookId);
      res.status(400).json({ error: (result as { error: string }).error });
      return;
    }
    await markHandled(db, check.webhookId);
    logger.info({ topic: check.topic, shop: domain, webhookId: check.webhookId }, 'webhook handled');
    res.status(200).json({ ok: true, topic: check.topic, result });
  });
  return router;
}
