/**
 * What each webhook topic does, once the delivery is verified and claimed
 * (app/routes/webhooks.ts, ./handle-delivery.ts). Topic keys are Shopify's topic in
 * lower case with `_` for `/` (app/uninstalled -> app_uninstalled).
 *
 * app/uninstalled and shop/redact triggered (X-Shopify-Triggered-At) before the shop's
 * latest install change nothing: a replay after a re-install. Compliance work runs as
 * jobs (`data_export`, `redact`): the handler records the request and returns at once.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { JobQueue } from '../jobs/queue';
import { markUninstalled } from '../shops/shop-rows';
import { customerRequestSchema, recordDataRequest, recordRedaction } from '../privacy/compliance';
import { deleteProduct, productFromWebhook, upsertProducts } from '../catalog/products';
import { ok, parseInput, type Result } from '../problem';

export interface Delivery {
  /** X-Shopify-Triggered-At, when sent and valid */
  triggeredAt: Date | null;
}

export type TopicResult = Result<Record<string, unknown>>;
export type TopicHandler = (domain: string, payload: any, delivery: Delivery) => Promise<TopicResult>;

export interface TopicDeps {
  db: Db;
  logger: Logger;
  metrics: Metrics;
  /** where the compliance jobs go */
  jobs: Pick<JobQueue, 'enqueue'>;
  /** Drops the shop from this process's caches (app/shops/shop-caches.ts) once it is uninstalled or redacted. */
  forgetShop?: (domain: string) => void;
}

/** app/scopes_update: `{ id, previous: string[], current: string[], updated_at }`. */
const scopesUpdateSchema = z.object({ current: z.array(z.string()) });

export function createTopicHandlers(deps: TopicDeps): Record<string, TopicHandler> {
  const { db, jobs } = deps;
  const shopOf = (domain: string) => db.shop.findUnique({ where: { domain } });

  const customerRequest = (record: 'data_request' | 'redact'): TopicHandler => async (domain, payload) => {
    const req = parseInput(customerRequestSchema, payload);
    if (!req.ok) return req;
    const shop = await shopOf(domain);
    if (!shop) return ok({ skipped: 'unknown shop' });
    if (record === 'data_request') {
      const row = await recordDataRequest(db, shop.id, req.value);
      await jobs.enqueue('data_export', shop.id);
      return ok({ dataExport: row.id });
    }
    const row = await recordRedaction(db, shop.id, 'customer', req.value);
    await jobs.enqueue('redact', shop.id);
    return ok({ redaction: row.id });
  };

  const productUpsert: TopicHandler = async (domain, payload) => {
    const shopId = (await shopOf(domain))?.id;
    if (!shopId) return ok({ skipped: 'unknown shop' });
    const product = productFromWebhook(payload);
    if ('error' in product) return ok({ skipped: product.error });
    await upsertProducts(db, shopId, [product]);
    return ok({ upserted: product.productId });
  };

  return {
    app_uninstalled: (domain, _payload, delivery) => appUninstalled(deps, domain, delivery),
    // The merchant granted or removed optional scopes: the stored offline session says what it may do.
    app_scopes_update: async (domain, payload) => {
      const current = parseInput(scopesUpdateSchema, payload);
      if (!current.ok) return current;
      const res = await db.shopifySession.updateMany({ where: { shop: domain, isOnline: false }, data: { scope: current.value.current.join(',') } });
      return ok({ sessions: res.count });
    },
    customers_data_request: customerRequest('data_request'),
    customers_redact: customerRequest('redact'),
    shop_redact: (domain, _payload, delivery) => shopRedact(deps, domain, delivery),
    products_create: productUpsert,
    products_update: productUpsert,
    products_delete: async (domain, payload) => {
      const shopId = (await shopOf(domain))?.id;
      if (shopId && payload?.id != null) await deleteProduct(db, shopId, String(payload.id));
      return ok({ deleted: true });
    },
  };
}

async function appUninstalled(deps: TopicDeps, domain: string, delivery: Delivery): Promise<TopicResult> {
  const r = await markUninstalled(deps.db, domain, delivery.triggeredAt ?? undefined);
  deps.forgetShop?.(domain);
  if (r.staleTrigger) {
    deps.metrics.count('webhook_stale_uninstall');
    deps.logger.warn({ shop: domain, triggeredAt: delivery.triggeredAt }, 'app/uninstalled triggered before the latest install: ignored');
  }
  return ok(r);
}

async function shopRedact(deps: TopicDeps, domain: string, delivery: Delivery): Promise<TopicResult> {
  const { db, metrics, logger } = deps;
  const shop = await db.shop.findUnique({ where: { domain } });
  if (!shop) {
    await db.shopifySession.deleteMany({ where: { shop: domain } });
    return ok({ skipped: 'unknown shop' });
  }
  // Shopify sends shop/redact 48 h after an uninstall; for an installed shop, or one
  // re-installed after the trigger, it is a replay.
  if (!shop.uninstalledAt || (delivery.triggeredAt && delivery.triggeredAt < shop.installedAt)) {
    metrics.count('webhook_stale_shop_redact');
    logger.warn({ shop: domain, triggeredAt: delivery.triggeredAt }, 'shop/redact for an installed shop: ignored');
    return ok({ skipped: 'shop is installed' });
  }
  await db.shopifySession.deleteMany({ where: { shop: domain } });
  const row = await recordRedaction(db, shop.id, 'shop');
  deps.forgetShop?.(domain);
  await deps.jobs.enqueue('redact', shop.id);
  return ok({ redaction: row.id });
}
