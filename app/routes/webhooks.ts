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
 * 4. the delivery is run at most once (app/webhooks/handle-delivery.ts): a delivery already
 *    handled answers 200 and does nothing; one being handled answers 409.
 */
import express, { Router, type Request, type Response } from 'express';
import type { Config } from '../config';
import type { ShopifyApp } from '../shopify';
import { shopNamedByBody } from '../webhooks/body-shop';
import { createDeliveryHandler, type VerifiedDelivery } from '../webhooks/handle-delivery';
import type { TopicDeps } from '../webhooks/topics';
import { refusesLocalSecretFrom } from '../auth/loopback';
import { fail, ok, type Result } from '../problem';
import { sendProblem, sendResult } from '../http/send-problem';

export const WEBHOOK_BODY_LIMIT = '1mb';

export interface WebhookDeps extends TopicDeps {
  config: Config;
  shopify: ShopifyApp;
}

function triggeredAt(req: Request): Date | null {
  const raw = req.get('x-shopify-triggered-at');
  const t = raw ? Date.parse(raw) : NaN;
  return Number.isFinite(t) ? new Date(t) : null;
}

/** The signed body as JSON, the shop it is for and its delivery id; or why it is refused. */
function readDelivery(deps: WebhookDeps, req: Request, check: { topic: string; domain: string; webhookId?: string }): Result<VerifiedDelivery> {
  let payload: unknown;
  try {
    payload = JSON.parse(typeof req.body === 'string' && req.body ? req.body : '{}');
  } catch {
    return fail('invalid_input', 'webhook body is not JSON');
  }
  const headerShop = check.domain.toLowerCase();
  const named = shopNamedByBody(check.topic, payload);
  if ('error' in named) return fail('invalid_input', named.error);
  if (named.shop !== null && named.shop !== headerShop) {
    deps.metrics.count('webhook_shop_mismatch');
    deps.logger.warn({ topic: check.topic, headerShop, bodyShop: named.shop, webhookId: check.webhookId }, 'webhook refused: header and signed body name different shops');
    return fail('invalid_input', 'the X-Shopify-Shop-Domain header does not match the shop in the signed body');
  }
  if (!check.webhookId) return fail('invalid_input', 'missing X-Shopify-Webhook-Id');
  return ok({ topic: check.topic, domain: named.shop ?? headerShop, webhookId: check.webhookId, payload, triggeredAt: triggeredAt(req) });
}

export function createWebhookRouter(deps: WebhookDeps): Router {
  const { config, shopify, logger, metrics } = deps;
  const deliveries = createDeliveryHandler(deps);

  const router = Router();
  router.post('/webhooks{/*rest}', express.text({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req: Request, res: Response) => {
    if (refusesLocalSecretFrom(config, req)) {
      metrics.count('webhook_refused_not_loopback');
      return sendProblem(res, { code: 'forbidden', message: 'local mode: webhooks are accepted from this machine only' });
    }
    const rawBody = typeof req.body === 'string' ? req.body : '';
    const check = await shopify.api.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
    if (!check.valid) {
      logger.warn({ reason: check.reason }, 'webhook rejected');
      return sendProblem(res, { code: 'unauthorized', message: `invalid webhook: ${check.reason}` });
    }
    if (!deliveries.handles(check.topic)) {
      res.status(200).json({ ignored: check.topic });
      return;
    }
    const delivery = readDelivery(deps, req, check);
    if (!delivery.ok) return sendProblem(res, delivery.problem);
    sendResult(res, await deliveries.handle(delivery.value));
  });
  return router;
}
