/**
 * The composition root's first half: builds the services a server process uses, once, and
 * wires them to each other (app/server.ts mounts them on routes). Nothing here decides
 * anything; each service's rules live in its own module.
 */
import type { Config } from './config';
import type { Db } from './db/client';
import type { Logger } from './logger';
import { createMetrics } from './metrics';
import { createShopify, type ShopifyApp } from './shopify';
import { createSessionTokenInstaller } from './shops/install-from-session-token';
import { createAdminApi } from './admin-api/create-admin-api';
import { createEventStore } from './ingest/event-store';
import { createIngestPipeline } from './ingest/pipeline';
import { createShopGate } from './ingest/shop-gate';
import { createRateLimiter, type RateLimit } from './ingest/rate-limiter';
import { createShopResolver } from './ingest/shop-resolver';
import { createShopStateCache } from './recs/shop-state';
import { createStorefrontRecs } from './recs/storefront-recs';
import { createShopCaches } from './shops/shop-caches';
import { createSessionizeScheduler } from './jobs/debounced-enqueue';
import { createJobQueue, type JobQueue } from './jobs/queue';

export interface ServiceOptions {
  config: Config;
  db: Db;
  logger: Logger;
  /** Override the ingest limits (benchmarks raise them). */
  limits?: { shop?: RateLimit; client?: RateLimit };
  /** The job queue; default: in-process (local) or BullMQ when REDIS_URL is set. */
  jobs?: JobQueue;
  /** Delay before new events are sessionized (batches many ingests into one job). */
  sessionizeDelayMs?: number;
}

/** From config: a busy shop's real traffic is far below the defaults; they stop floods, not shoppers. */
export function ingestLimits(config: Config): { shop: RateLimit; client: RateLimit } {
  const { shopRatePerSec, clientRatePerSec } = config.ingest;
  return {
    shop: { ratePerSec: shopRatePerSec, burst: shopRatePerSec * 5 },
    client: { ratePerSec: clientRatePerSec, burst: clientRatePerSec * 20 },
  };
}

export function createServices(opts: ServiceOptions) {
  const { config, db, logger } = opts;
  const metrics = createMetrics();
  // OAuth (the non-embedded path) and token exchange (managed install) end in the same
  // install module: the shop row, the stored expiring token, the install work once.
  const shopify: ShopifyApp = createShopify({ config, db, logger, afterAuth: async (session) => void (await installer.installWithSession(session)) });
  const admin = createAdminApi({ config, db, logger, shopify });
  const jobs =
    opts.jobs ??
    createJobQueue({
      redisUrl: config.redisUrl,
      prefix: config.queuePrefix,
      db,
      logger,
      install: { admin, appUrl: config.appUrl },
      child: { databaseUrl: config.database.url, nodeEnv: config.nodeEnv, hosts: { size: config.jobs.hosts, niceness: config.jobs.niceness } },
    });
  const installer = createSessionTokenInstaller({ shopify, db, logger, tokens: admin.tokens, startInstallWork: (shopId) => jobs.enqueue('install', shopId) });
  const shopResolver = createShopResolver(db);
  const eventStore = createEventStore(config.database);
  const defaults = ingestLimits(config);
  const ingest = createIngestPipeline({
    resolveShop: (key) => shopResolver.resolve(key),
    store: eventStore,
    shopLimiter: createRateLimiter(opts.limits?.shop ?? defaults.shop),
    clientLimiter: createRateLimiter(opts.limits?.client ?? defaults.client),
    onDrop: (reason, n) => metrics.count(`ingest_dropped_${reason}`, n),
    onMasked: (n) => metrics.count('ingest_pii_masked_fields', n),
    gate: createShopGate(),
    maxSkewMs: config.ingest.maxSkewMs,
    onAccepted: createSessionizeScheduler(jobs, logger, opts.sessionizeDelayMs),
  });
  const shopStates = createShopStateCache(db);
  const recs = createStorefrontRecs({ db, states: shopStates, metrics, logger });
  const shopCaches = createShopCaches({ ingest: shopResolver, recs: shopStates });
  return { metrics, shopify, admin, installer, jobs, eventStore, ingest, shopStates, recs, shopCaches };
}

export type Services = ReturnType<typeof createServices>;
