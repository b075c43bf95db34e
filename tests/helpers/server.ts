/**
 * A real Waymark HTTP server on a loopback port, over a fresh migrated database.
 *
 *   const s = await startTestServer({ provider: 'sqlite' });
 *   const res = await fetch(`${s.url}/healthz`);
 *   await s.close();
 */
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig, type Config } from '../../app/config';
import { createLogger, type Logger } from '../../app/logger';
import { createServer, listen, type AppServer, type ServerOptions } from '../../app/server';
import { ensureShop } from '../../app/shops/shop-rows';
import { createStorefrontRouter } from '../../app/demo/storefront';
import type { Db } from '../../app/db/client';
import type { JobQueue } from '../../app/jobs/queue';
import { freshDb, type FreshDb } from './db';
import type { Provider } from '../../app/db/url';

export const TEST_API_KEY = 'test-api-key';
export const TEST_API_SECRET = 'test-api-secret-0123456789';
/** Node's fetch user agent is treated as a bot by @shopify/shopify-api; send a browser one. */
export const BROWSER_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

export interface TestServer {
  url: string;
  config: Config;
  db: Db;
  fresh: FreshDb;
  server: AppServer;
  close(): Promise<void>;
}

/**
 * A job queue that records and runs nothing: tests call sessionizeShop / rollupShop /
 * trainShop themselves, so background work cannot race them or slow the suite.
 */
export function createManualQueue(): JobQueue & { enqueued: Array<{ type: string; shopId: number }> } {
  const enqueued: Array<{ type: string; shopId: number }> = [];
  return {
    kind: 'local',
    enqueued,
    async enqueue(type, shopId) {
      enqueued.push({ type, shopId });
      return { queued: true, jobId: 0 };
    },
    async cancel() {
      return false;
    },
    async idle() {},
    async close() {},
  };
}

export async function startTestServer(
  opts: {
    provider?: Provider;
    env?: Record<string, string>;
    limits?: ServerOptions['limits'];
    fresh?: FreshDb;
    /** run background jobs (sessionize after ingest, retrain) in-process, as in local mode; default off */
    backgroundJobs?: boolean;
    /** a queue of the test's own (default: createManualQueue, or the local queue with backgroundJobs) */
    jobs?: JobQueue;
    /** the address to listen on (default 127.0.0.1; '0.0.0.0' to be reached on another interface) */
    host?: string;
    /** mount the demo storefront (app/demo/storefront) for the dev shop, as `npm run demo` does */
    storefront?: boolean;
    /** the server's logger (default: silent) */
    logger?: Logger;
  } = {},
): Promise<TestServer> {
  const fresh = opts.fresh ?? (await freshDb(opts.provider ?? 'sqlite'));
  // Fixtures are dated in the past (fixed dates): no timestamp bound unless a test sets one.
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: fresh.url, LOG_LEVEL: 'silent', WAYMARK_INGEST_MAX_SKEW_HOURS: '0', ...opts.env });
  const server = createServer({
    config,
    db: fresh.db,
    logger: opts.logger ?? createLogger('silent'),
    limits: opts.limits,
    jobs: opts.jobs ?? (opts.backgroundJobs ? undefined : createManualQueue()),
    demoRoutes: opts.storefront && config.devShop ? createStorefrontRouter({ db: fresh.db, shopDomain: config.devShop }) : undefined,
  });
  const http: Server = await listen(server, 0, opts.host ?? '127.0.0.1');
  // Outlive the client's idle sockets: a test that blocks the event loop (training) must not
  // meet a socket the server is closing at that very moment (ECONNRESET on reuse).
  http.keepAliveTimeout = 65_000;
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    config,
    db: fresh.db,
    fresh,
    server,
    async close() {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await server.close();
      if (!opts.fresh) await fresh.cleanup();
    },
  };
}

/**
 * A shop as it is once installed: its row and an expiring offline token (as token exchange
 * stores it), so session tokens for it need no exchange. Tests of the install itself use
 * the Shopify stand-in instead (tests/integration/install.test.ts).
 */
export async function installedShop(db: Db, domain: string) {
  const shop = await ensureShop(db, domain);
  const token = { accessToken: `shpat_test_${shop.id}`, refreshToken: `shprt_test_${shop.id}`, expires: new Date(Date.now() + 24 * 3_600_000) };
  await db.shopifySession.upsert({
    where: { id: `offline_${domain}` },
    create: { id: `offline_${domain}`, shop: domain, state: '', isOnline: false, ...token },
    update: token,
  });
  return db.shop.update({ where: { id: shop.id }, data: { setupStartedAt: new Date() } });
}

export function withCredentials(): Record<string, string> {
  return { SHOPIFY_API_KEY: TEST_API_KEY, SHOPIFY_API_SECRET: TEST_API_SECRET, HOST: 'https://waymark.test' };
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** A Shopify admin session token (HS256 JWT signed with the app secret), as App Bridge sends. */
export function sessionToken(
  shop: string,
  opts: { secret?: string; apiKey?: string; expiresInSec?: number; nbfOffsetSec?: number } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: opts.apiKey ?? TEST_API_KEY,
      sub: '42',
      exp: now + (opts.expiresInSec ?? 60),
      nbf: now + (opts.nbfOffsetSec ?? -5),
      iat: now - 5,
      jti: `jti-${Math.random()}`,
      sid: 'sid',
    }),
  );
  const sig = createHmac('sha256', opts.secret ?? TEST_API_SECRET).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${sig}`;
}

/** Posts a webhook as Shopify does: raw JSON body, HMAC-SHA256 (base64) with the app secret. */
export async function postWebhook(
  baseUrl: string,
  topic: string,
  shop: string,
  payload: unknown,
  opts: { secret?: string; path?: string; tamper?: boolean; webhookId?: string; triggeredAt?: string } = {},
): Promise<Response> {
  const body = JSON.stringify(payload);
  const hmac = createHmac('sha256', opts.secret ?? TEST_API_SECRET).update(body).digest('base64');
  return fetch(`${baseUrl}${opts.path ?? `/webhooks/${topic}`}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': BROWSER_UA,
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': hmac,
      'x-shopify-shop-domain': shop,
      'x-shopify-api-version': '2026-10',
      'x-shopify-webhook-id': opts.webhookId ?? `wh-${Math.random().toString(36).slice(2)}`,
      ...(opts.triggeredAt ? { 'x-shopify-triggered-at': opts.triggeredAt } : {}),
    },
    body: opts.tamper ? body.replace(/}$/, ',"x":1}') : body,
  });
}

export async function installShop(db: Db, domain: string) {
  return ensureShop(db, domain);
}
