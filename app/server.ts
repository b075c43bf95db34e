/**
 * The composition root: builds the services once (app/services.ts) and wires the routes, in
 * an order that matters. The app proxy comes first (the hottest route); raw-body routes
 * (webhooks, ingest) are mounted before any JSON parser; /api/* is authenticated before its
 * JSON parser runs; the 404 and the one error handler come last.
 */
import express, { type Express, type RequestHandler } from 'express';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { REPO_ROOT, WEB_DIST } from './paths';
import { devBypassAllowed } from './config';
import type { ShopifyApp } from './shopify';
import type { AdminApi } from './admin-api/create-admin-api';
import type { EventStore } from './ingest/event-store';
import type { IngestPipeline } from './ingest/pipeline';
import type { Metrics } from './metrics';
import type { ShopStateCache } from './recs/shop-state';
import type { JobQueue } from './jobs/queue';
import { createServices, type ServiceOptions } from './services';
import { createApiAuth } from './auth/session-token';
import { createAppProxyHandler, createAppProxyRouter, isAppProxyRequest } from './routes/app-proxy';
import { createHealthRouter } from './routes/health';
import { createAuthRouter } from './routes/auth';
import { createWebhookRouter } from './routes/webhooks';
import { createIngestHandler, INGEST_PATH, isIngestRequest } from './routes/ingest';
import { createApiRouter } from './routes/api';
import { createAdminPageRouter } from './routes/admin-page';
import { createErrorHandler, notFound } from './http/error-handler';

export { REPO_ROOT, WEB_DIST };
export { ingestLimits } from './services';
export { renderIndexHtml } from './routes/admin-page';

export interface ServerOptions extends ServiceOptions {
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
   * and the ingest handler for pixel batches (before Express's router, which neither needs),
   * Express for everything else.
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

export function createServer(opts: ServerOptions): AppServer {
  const { config, db, logger } = opts;
  const services = createServices(opts);
  const { metrics, shopify, jobs, shopStates, eventStore } = services;

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // JSON answers are personalized or short-lived; an ETag (a hash of every body) buys nothing.
  // Static files keep theirs (serve-static has its own).
  app.set('etag', false);

  const appProxy = createAppProxyHandler({ config, shopify, recs: services.recs, metrics, logger });
  app.use(createAppProxyRouter(appProxy));
  app.use(createHealthRouter({ db, config }));
  app.use(createAuthRouter(shopify));
  // Raw bodies first: HMAC is computed over the exact bytes.
  app.use(createWebhookRouter({ db, config, shopify, logger, metrics, jobs, forgetShop: (domain) => services.shopCaches.forget(domain) }));
  const ingest = createIngestHandler(services.ingest, { logger, metrics });
  app.all(INGEST_PATH, (req, res) => ingest(req, res));
  // The embedded admin API: session token first, then JSON.
  const apiAuth = createApiAuth({ config, db, shopify, installer: services.installer, logger });
  app.use('/api', apiAuth, express.json({ limit: '100kb' }), createApiRouter({ db, config, jobs, onSettingsChanged: (id) => shopStates.invalidate(id) }));
  app.use(createAdminPageRouter({ config, shopify }));

  if (opts.demoRoutes) app.use(opts.demoRoutes);

  app.use(notFound);
  app.use(createErrorHandler({ logger, metrics }));

  return {
    app,
    listener: (req, res) => (isAppProxyRequest(req) ? appProxy(req, res) : isIngestRequest(req) ? ingest(req, res) : app(req, res)),
    shopify,
    admin: services.admin,
    apiAuth,
    ingest: services.ingest,
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
