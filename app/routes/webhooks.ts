/**
 * POST /webhooks/* : every subscription in shopify.app.toml points here ("Handled by").
 * The HMAC is verified over the raw body first; an invalid one gets 401 and nothing runs.
 * Handlers are idempotent: Shopify retries, and may deliver the same webhook twice.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { ShopifyApp } from '../shopify';
import { markUninstalled } from '../shops/shops';
import { customerRequestSchema, exportCustomerData, redactCustomer, redactShop, type CustomerRequest } from '../privacy/compliance';
import { deleteProduct, productFromWebhook, upsertProducts } from '../catalog/products';

export const WEBHOOK_BODY_LIMIT = '1mb';

export interface WebhookDeps {
  db: Db;
  shopify: ShopifyApp;
  logger: Logger;
  /** Called when a shop uninstalls, so caches (e.g. the ingest shop cache) drop it at once. */
  onUninstalled?: (domain: string) => void;
  /** Receives the customer data export (production: delivered to the merchant / support). */
  onDataRequest?: (domain: string, data: unknown) => Promise<void> | void;
}

/** app/scopes_update: `{ id, previous: string[], current: string[], updated_at }`. */
const scopesUpdateSchema = z.object({ current: z.array(z.string()) });

type Handler = (domain: string, payload: any) => Promise<unknown>;

/** Validated compliance payload, scoped to the HMAC-verified shop (never the body's own shop_domain). */
function customerRequest(domain: string, payload: unknown): CustomerRequest | { error: string; status: 400 } {
  const parsed = customerRequestSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `${issue.path.join('.') || 'body'}: ${issue.message}`, status: 400 };
  }
  return { ...parsed.data, shop_domain: domain };
}

export function createWebhookRouter(deps: WebhookDeps): Router {
  const { db, shopify, logger } = deps;
  const shopIdOf = async (domain: string) => (await db.shop.findUnique({ where: { domain }, select: { id: true } }))?.id;

  const handlers: Record<string, Handler> = {
    app_uninstalled: async (domain) => {
      const r = await markUninstalled(db, domain);
      deps.onUninstalled?.(domain);
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
      const req = customerRequest(domain, payload);
      if ('error' in req) return req;
      const data = await exportCustomerData(db, req);
      await deps.onDataRequest?.(domain, data);
      return { events: data.events.length, journeys: data.journeys.length };
    },
    customers_redact: async (domain, payload) => {
      const req = customerRequest(domain, payload);
      return 'error' in req ? req : redactCustomer(db, req);
    },
    shop_redact: (domain) => redactShop(db, domain).finally(() => deps.onUninstalled?.(domain)), // drop cached shop keys too
    products_create: async (domain, payload) => productUpsert(domain, payload),
    products_update: async (domain, payload) => productUpsert(domain, payload),
    products_delete: async (domain, payload) => {
      const shopId = await shopIdOf(domain);
      if (shopId && payload?.id != null) await deleteProduct(db, shopId, String(payload.id));
      return { deleted: true };
    },
  };

  async function productUpsert(domain: string, payload: unknown) {
    const shopId = await shopIdOf(domain);
    if (!shopId) return { skipped: 'unknown shop' };
    const product = productFromWebhook(payload);
    if ('error' in product) return { skipped: product.error };
    await upsertProducts(db, shopId, [product]);
    return { upserted: product.productId };
  }

  const router = Router();
  router.post('/webhooks{/*rest}', express.text({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
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
    const result = await handler(check.domain, payload);
    if (result && typeof result === 'object' && (result as { status?: number }).status === 400) {
      res.status(400).json({ error: (result as { error: string }).error });
      return;
    }
    logger.info({ topic: check.topic, shop: check.domain, webhookId: check.webhookId }, 'webhook handled');
    res.status(200).json({ ok: true, topic: check.topic, result });
  });
  return router;
}
