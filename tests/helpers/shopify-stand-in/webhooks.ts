/**
 * Webhook deliveries as Shopify makes them: a JSON POST whose raw body is signed with the
 * app secret (base64 HMAC-SHA256 in X-Shopify-Hmac-Sha256), with the topic, shop domain,
 * API version, webhook id, event id and trigger time in headers. Sent with node:http, so
 * a test that routes its own fetch through the stand-in's proxy does not affect it.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface WebhookDeliveryInput {
  /** the app's endpoint, e.g. `${server.url}/webhooks/app/uninstalled` */
  url: string;
  /** e.g. 'app/uninstalled', 'products/update' */
  topic: string;
  shop: string;
  /** an object (serialized once with JSON.stringify) or the exact raw body */
  body: unknown;
  /** same id again = a redelivery (Shopify retries with the same X-Shopify-Webhook-Id) */
  webhookId?: string;
  eventId?: string;
  /** ISO time; default now */
  triggeredAt?: string;
  /** default the stand-in's apiVersion ('2026-10') */
  apiVersion?: string;
  /** forgeries: sign with another secret, send this exact HMAC, or name another shop in the header */
  secret?: string;
  hmac?: string;
  headerShop?: string;
  /** extra or overriding headers (set one to undefined to omit it) */
  headers?: Record<string, string | undefined>;
}

export interface WebhookDelivery {
  at: number;
  url: string;
  topic: string;
  shop: string;
  webhookId: string;
  eventId: string;
  rawBody: string;
  headers: Record<string, string>;
  status: number;
  responseBody: string;
}

export function signWebhookBody(rawBody: string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('base64');
}

export async function sendWebhook(input: WebhookDeliveryInput, secret: string, defaultApiVersion: string): Promise<WebhookDelivery> {
  const rawBody = typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
  const webhookId = input.webhookId ?? randomUUID();
  const eventId = input.eventId ?? randomUUID();
  const headers: Record<string, string | undefined> = {
    'Content-Type': 'application/json',
    'X-Shopify-Topic': input.topic,
    'X-Shopify-Hmac-Sha256': input.hmac ?? signWebhookBody(rawBody, input.secret ?? secret),
    'X-Shopify-Shop-Domain': input.headerShop ?? input.shop,
    'X-Shopify-API-Version': input.apiVersion ?? defaultApiVersion,
    'X-Shopify-Webhook-Id': webhookId,
    'X-Shopify-Event-Id': eventId,
    'X-Shopify-Triggered-At': input.triggeredAt ?? new Date().toISOString(),
    ...input.headers,
  };
  const sent = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
  const { status, body } = await post(input.url, rawBody, sent);
  return { at: Date.now(), url: input.url, topic: input.topic, shop: input.shop, webhookId, eventId, rawBody, headers: sent, status, responseBody: body };
}

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
