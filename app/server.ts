/**
 * The composition root: builds the services once and wires the routes, in an order that
 * matters. Raw-body routes (webhooks, ingest) are mounted before any JSON parser; /api/*
 * is authenticated before its JSON parser runs.
 */
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, WEB_DIST } from './paths';
import type { Config } from './config';
import type { Db } from './db/client';
import type { Logger } from './logger';
import { HttpError } from './errors';
import { createShopify, type ShopifyApp } from './shopify';
import { createSessionTokenInstaller } from './shops/install-from-session-token';
import { createAdminApi, type AdminApi } from './admin-api/create-admin-api';
import { createEventStore, type EventStore } from './ingest/event-store';
import { createIngestPipeline, type IngestPipeline } from './ingest/pipeline';
import { createShopGate } from './ingest/shop-gate';
import { createRateLimiter, type RateLimit } from './ingest/rate-limiter';
import { createShopResolver } from './ingest/shop-resolver';
import { createIngestRouter } from './routes/ingest';
import { createWebhookRouter } from './routes/webhooks';
import { createApiAuth } from './auth/session-token';
import { createApiRouter } from './routes/api';
import { createMetrics, type Metrics } from './metrics';
import { createAppProxyHandler, createAppProxyRouter, isAppProxyRequest } from './routes/app-proxy';
import { createShopStateCache, type ShopStateCache } from './recs/shop-state';
import { createDebouncedEnqueue } from './jobs/debounced-enqueue';
import { createJobQueue, type JobQueue } from './jobs/queue';

export { REPO_ROOT, WEB_DIST };

export interface ServerOptions {
  config: Config;
  db: Db;
  logger: Logger;
  /** Override the ingest limits (benchmarks raise them). */
  limits?: { shop?: RateLimit; client?: RateLimit };
  /** The job queue; default: in-process (local) or BullMQ when REDIS_URL is set. */
  jobs?: JobQueue;
  /** Delay before new events are sessionised (batches many ingests into one job). */
  sessionizeDelayMs?: number;
  /**
   * Routes the caller adds after the app's own, before the 404 handler: the local demo mounts
   * its storefront here (app/demo), so the production server never loads demo code.
   */
  demoRoutes?: RequestHandler;
}

export interface AppServer {
  app: Express;
  /**
   * What an HTTP server should call: the app proxy handler for storefront recommendations
   * (before Express's router, which it does not need), Express for everything else.
   * `http.createServer(server.listener)`; `app.listen()` serves the same routes, slower.
   */
  listener: RequestListener;
  shopify: ShopifyApp;
  /** The Admin API client and its offline tokens (install work, backfills). */
  admin: AdminApi;
  /** The /api authentication (session token, install by token exchange, local bypass). */
  apiAuth: RequestHandler;
  ingest: IngestPipeline;
  eventStore: EventStore;
  metrics: Metrics;
  shopStates: ShopStateCache;
  jobs: JobQueue;
  /** Releases what the server opened besides the Prisma client (the ingest connection). */
  close(): Promise<void>;
}

/** From config: a busy shop's real traffic is far below the defaults; they stop floods, not shoppers. */
export function ingestLimits(config: Config): { shop: RateLimit; client: RateLimit } {
  const { shopRatePerSec, clientRatePerSec } = config.ingest;
  return {
    shop: { ratePerSec: shopRatePerSec, burst: shopRatePerSec * 5 },
    client: { ratePerSec: clientRatePerSec, burst: clientRatePerSec * 20 },
  };
}

export function createServer(opts: ServerOptions): AppServer {
  const { config, db, logger } = opts;
  const metrics = createMetrics();
  // OAuth (the non-embedded path) and token exchange (managed install) end in the same
  // install module: the shop row, the stored expiring token, the install work once.
  const shopify: ShopifyApp = createShopify({
    config,
    db,
    logger,
    afterAuth: async (session) => void (await installer.installWithSession(session)),
  });
  const admin = createAdminApi({ config, db, logger, shopify });
  const installer = createSessionTokenInstaller({
    shopify,
    db,
    logger,
    tokens: admin.tokens,
    startInstallWork: (shopId) => jobs.enqueue('install', shopId),
  });
  const jobs =
    opts.jobs ??
    // What follows a job (training and retention after sessionising) is the jobs layer's own
    // rule (app/jobs/follow-ups.ts), the same for the local queue and the Redis workers.
    createJobQueue({
      redisUrl: config.redisUrl,
      prefix: config.queuePrefix,
      db,
      logger,
      install: { admin, appUrl: config.appUrl },
      child: { databaseUrl: config.database.url, nodeEnv: config.nodeEnv },
    });
  const enqueueSessionize = createDebouncedEnqueue(jobs);
  const shops = createShopResolver(db);
  const eventStore = createEventStore(config.database);
  const ingest = createIngestPipeline({
    resolveShop: (key) => shops.resolve(key),
    store: eventStore,
    shopLimiter: createRateLimiter(opts.limits?.shop ?? ingestLimits(config).shop),
    clientLimiter: createRateLimiter(opts.limits?.client ?? ingestLimits(config).client),
    onDrop: (reason, n) => metrics.count(`ingest_dropped_${reason}`, n),
    onMasked: (n) => metrics.count('ingest_pii_masked_fields', n),
    gate: createShopGate(),
    maxSkewMs: config.ingest.maxSkewMs,
    onAccepted: (shopId) => {
      // The queue ignores a second sessionize job for a shop while one waits: a natural
      // debounce; enqueueSessionize also skips the queue round trip while that is certain.
      void enqueueSessionize('sessionize', shopId, opts.sessionizeDelayMs ?? 5_000).catch((err) =>
        logger.error({ err, shopId }, 'could not schedule sessionisation'),
      );
    },
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // JSON answers are personalised or short-lived; an ETag (a hash of every body) buys nothing.
  // Static files keep theirs (serve-static has its own).
  app.set('etag', false);

  // Storefront blocks through the signed app proxy: the hottest route, so it comes first.
  const shopStates = createShopStateCache(db);
  const appProxy = createAppProxyHandler({ config, db, shopify, states: shopStates, metrics, logger });
  app.use(createAppProxyRouter(appProxy));

  app.get('/healthz', async (_req, res) => {
    await db.$queryRawUnsafe('SELECT 1');
    res.json({ ok: true, mode: config.mode, database: config.database.provider });
  });

  // OAuth install and callback (Shopify redirects the merchant here on install).
  // A missing or foreign shop is bad input (400), not the library's InvalidShopError (a 500).
  app.get(
    '/auth',
    (req, res, next) => {
      const shop = typeof req.query.shop === 'string' ? shopify.api.utils.sanitizeShop(req.query.shop) : null;
      if (!shop) {
        res.status(400).json({ error: 'shop: a valid *.myshopify.com domain is required', field: 'shop' });
        return;
      }
      next();
    },
    shopify.auth.begin(),
  );
  app.get('/auth/callback', shopify.auth.callback(), shopify.redirectToShopifyOrAppRoot());

  // Raw bodies first: HMAC is computed over the exact bytes.
  app.use(
    createWebhookRouter({
      db,
      config,
      shopify,
      logger,
      metrics,
      jobs,
      onUninstalled: (domain) => shops.invalidateDomain(domain),
    }),
  );
  app.use(createIngestRouter(ingest));

  // The embedded admin API: session token first, then JSON.
  const apiAuth = createApiAuth({ config, db, shopify, installer, logger });
  app.use('/api', apiAuth, express.json({ limit: '100kb' }), createApiRouter({ db, config, jobs, onSettingsChanged: (id) => shopStates.invalidate(id) }));

  // The admin page (web/, built by Vite). Shopify loads it in the admin iframe.
  if (config.mode === 'production') app.use('/', shopify.cspHeaders());
  if (existsSync(WEB_DIST)) {
    app.use(express.static(WEB_DIST, { index: false, maxAge: '1h' }));
    const indexHtml = renderIndexHtml(readFileSync(join(WEB_DIST, 'index.html'), 'utf8'), config);
    app.get(['/', '/app{/*rest}'], (_req, res) => res.type('html').send(indexHtml));
  } else {
    app.get('/', (_req, res) => {
      res
        .status(503)
        .type('text/plain')
        .send('The admin page is not built yet: run `npm run build:web` (npm run demo does it for you).');
    });
  }

  if (opts.demoRoutes) app.use(opts.demoRoutes);

  app.use((_req, res) => res.status(404).json({ error: 'not found' }));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) res.setHeader(k, v);
      res.status(err.status).json({ error: err.message, ...err.details });
      return;
    }
    if (status && status >= 400 && status < 500) {
      // body-parser errors: too large (413), bad JSON (400), ...
      const message = (err as { type?: string }).type === 'entity.too.large' ? 'request body too large' : (err as Error).message;
      res.status(status).json({ error: message });
      return;
    }
    logger.error({ err }, 'unhandled error');
    metrics.count('http_500');
    res.status(500).json({ error: 'internal error' });
  });

  return {
    app,
    listener: (req, res) => (isAppProxyRequest(req) ? appProxy(req, res) : app(req, res)),
    shopify,
    admin,
    apiAuth,
    ingest,
    eventStore,
    metrics,
    shopStates,
    jobs,
    close: async () => {
      if (!opts.jobs) await jobs.close();
      await eventStore.close();
    },
  };
}

/** Serves `server.listener` on host:port; resolves once it listens. */
export function listen(server: AppServer, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const http = createHttpServer(server.listener);
    http.once('error', reject);
    http.listen(port, host, () => resolve(http));
  });
}

/**
 * Inside Shopify admin the page needs App Bridge (from Shopify's CDN, as Shopify requires)
 * and the app's API key. Local mode has neither: the page talks to the dev bypass.
 */
export function renderIndexHtml(html: string, config: Config): string {
  if (!config.shopify.hasRealCredentials) return html;
  const key = config.shopify.apiKey.replace(/[^A-Za-z0-9_-]/g, '');
  return html.replace(
    '<!--waymark:app-bridge-->',
    `<meta name="shopify-api-key" content="${key}" />\n    <script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>`,
  );
}
