/**
 * `npm run demo`: Waymark end to end on this machine, no Shopify needed.
 *
 * 1. migrate the SQLite database (data/waymark.sqlite), set up the dev shop and its
 *    simulated catalog;
 * 2. start the server (local mode);
 * 3. run the journey simulator and post its events through the real POST /ingest, as
 *    the web pixel would (batches per browser, with its user agent);
 * 4. sessionise them into journeys;
 * 5. check the admin API answers, and serve the admin page until Ctrl-C.
 *
 * `npm run demo -- --check` runs the same path headless on a fresh database, then exits 0
 * with a last line of JSON summarising what it did.
 * Options: --events N (default 30000; 12000 with --check), --seed S, --port P.
 */
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../../config';
import { startRuntime } from '../../runtime';
import { createServer, listen } from '../../server';
import { buildWebIfMissing } from '../../cli/web-build';
import { ensureShop } from '../../shops/shops';
import { upsertProducts } from '../../catalog/products';
import { sessionizeShop } from '../../jobs/sessionize-job';
import { trainShop } from '../../jobs/train-job';
import { rollupShop } from '../../jobs/rollup-job';
import { trainPropensity } from '../../jobs/propensity-job';
import { catalogProductRows, simulate, simulatorCatalogs } from '../simulator';
import { createStorefrontRouter } from '../storefront';
import { postEvents } from './ingest-client';
import { createProgress } from './progress';
import { createLogger } from '../../logger';

const args = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    events: { type: 'string' },
    seed: { type: 'string', default: '7' },
    port: { type: 'string' },
    products: { type: 'string', default: '240' },
  },
  allowPositionals: false,
});

function round(x: number | undefined, digits = 4): number | null {
  return x === undefined ? null : Math.round(x * 10 ** digits) / 10 ** digits;
}

/**
 * Training ran on this process's event loop for a while; the server's and the client's
 * keep-alive timers then fire together and the first request can meet a socket being
 * closed (ECONNRESET). Retry a network error once on a new connection.
 */
async function fetchRetrying(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), connection: 'close' } });
  }
}

/** Asks the proxy endpoint for each placement, as the storefront blocks do. */
async function checkRecommendations(baseUrl: string, productIds: string[]) {
  const strategies: Record<string, number> = {};
  let served = 0;
  for (let i = 0; i < 30; i++) {
    const product = productIds[(i * 7) % productIds.length];
    const placement = (['recommended', 'also_like', 'bought_together'] as const)[i % 3];
    const recent = productIds.slice(i, i + 3).join(',');
    const res = await fetchRetrying(
      `${baseUrl}/apps/waymark/recommendations?placement=${placement}&product_id=${product}&recent=${recent}&limit=8&visitor=demo${i}`,
    );
    if (!res.ok) throw new Error(`recommendations endpoint answered ${res.status}`);
    const body = (await res.json()) as { strategy: string; products: unknown[] };
    strategies[`${placement}:${body.strategy}`] = (strategies[`${placement}:${body.strategy}`] ?? 0) + 1;
    if (body.products.length > 0) served++;
  }
  return { served, strategies };
}

/** One line per demo stage, on stderr (stdout's last line is the JSON summary). */
function step(message: string) {
  console.error(`• ${message}`);
}

async function main() {
  const started = performance.now();
  const check = args.values.check;
  const eventsTarget = Number(args.values.events ?? (check ? 12_000 : 30_000));
  if (!Number.isInteger(eventsTarget) || eventsTarget <= 0) throw new Error('--events must be a positive integer');
  const seed = args.values.seed!;

  const env = { ...process.env };
  if (check && !process.env.DATABASE_URL) env.DATABASE_URL = 'file:./data/demo-check.sqlite';
  if (args.values.port) env.PORT = args.values.port;
  if (check && !args.values.port && !process.env.PORT) env.PORT = '0';
  env.LOG_LEVEL ??= 'warn';
  const config: Config = loadConfig(env);
  if (config.mode !== 'local' || !config.devShop) {
    throw new Error('npm run demo runs in local mode only: unset NODE_ENV=production and the SHOPIFY_API_* variables.');
  }
  if (check && config.database.provider === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${config.database.url.replace(/^file:/, '')}${suffix}`, { force: true });
  }

  const summary: Record<string, unknown> = { mode: config.mode, database: config.database.provider };

  step('Preparing the admin page');
  summary.adminPage = await buildWebIfMissing();

  step('Migrating the database');
  const runtime = await startRuntime({ config, logger: createLogger(config.logLevel), onProgress: (m) => step(`  ${m}`) });
  const { db } = runtime;

  // A fresh dev shop each run, so the demo is repeatable.
  await db.shop.deleteMany({ where: { domain: config.devShop } });
  const shop = await ensureShop(db, config.devShop);
  const [catalog] = simulatorCatalogs({ seed, products: Number(args.values.products) });
  // Offline demo: pictures come from the demo storefront, not a CDN.
  const rows = catalogProductRows(catalog).map((p) => ({
    ...p,
    tags: p.tags.join(','),
    imageUrl: `/storefront/images/${p.productId}.svg?t=${encodeURIComponent(p.title)}`,
  }));
  await upsertProducts(db, shop.id, rows);
  step(`Dev shop ${shop.domain}: ${rows.length} products in the simulated catalog`);

  // The demo storefront hosts the theme blocks (same JS and CSS) against this backend.
  const storefront = createStorefrontRouter({ db, shopDomain: config.devShop });
  const appServer = createServer({ config, db, logger: runtime.logger, demoRoutes: storefront });
  const http = await listen(appServer, config.port, '127.0.0.1');
  const port = (http.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  step(`Simulating shoppers: ${eventsTarget.toLocaleString()} events through POST /ingest`);
  const progress = createProgress({ label: 'ingest', total: eventsTarget });
  const ingestStarted = performance.now();
  const posted = await postEvents({
    baseUrl,
    shopKey: shop.shopKey,
    // One browser per request, with its user agent, as the pixel sends them.
    events: (function* () {
      // The last 30 days, so the admin page's default range (30 days to today) shows them.
      const startDate = Date.now() - 30 * 86_400_000;
      for (const e of simulate({ seed, events: eventsTarget, products: Number(args.values.products), days: 30, startDate })) {
        yield { event: e.event, userAgent: e.userAgent };
      }
    })(),
    perClient: true,
    concurrency: 8,
    onProgress: (p) => progress.update(p.sent),
  });
  if (posted.failed > 0) throw new Error(`ingest failed for ${posted.failed} events: ${posted.errors.slice(0, 3).join('; ')}`);
  progress.finish();
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;

  // Background jobs (sessionising as events arrive, early trainings) finish first.
  await appServer.jobs.idle();
  step('Building journeys (sessionising)');
  const sessProgress = createProgress({ label: 'sessionise', total: posted.accepted });
  const sess = await sessionizeShop(db, shop.id, { onProgress: (p) => sessProgress.update(p.events) });
  sessProgress.finish();
  const rollup = await rollupShop(db, shop.id);
  step(`  journey-map roll-ups: ${rollup.days.length} days`);
  const journeys = await db.journey.count({ where: { shopId: shop.id } });
  const purchases = await db.journey.count({ where: { shopId: shop.id, purchased: true } });

  step('Training this store\'s models (validated on its most recent sessions)');
  const trainProgress = createProgress({ label: 'train', total: 100 });
  const trained = await trainShop(db, shop.id, { onProgress: (f, m) => trainProgress.update(Math.round(f * 100), m) });
  trainProgress.finish();
  const tr = trained.result;
  step(`  selected ${tr.selected}: ${tr.note}`);

  step('Purchase propensity from the first steps of each visit');
  const propensity = (await trainPropensity(db, shop.id)).report;
  step(`  ${propensity.status === 'ok' ? `selected ${propensity.selected}: ${propensity.selectionReason}` : propensity.message}`);

  step('Serving recommendations through the app proxy endpoint');
  const served = await checkRecommendations(baseUrl, rows.map((r) => r.productId));

  step('Checking the admin API');
  const apiRes = await fetchRetrying(`${baseUrl}/api/shop`);
  const api = (await apiRes.json()) as { counts?: { events: number; journeys: number } };
  if (!apiRes.ok || api.counts?.events !== posted.accepted) {
    throw new Error(`admin API check failed: HTTP ${apiRes.status}, ${JSON.stringify(api)}`);
  }
  const mapRes = await fetchRetrying(`${baseUrl}/api/journey-map`);
  // The API's default window: the same one the admin page opens with (the last 30 of the shop's days).
  const map = (await mapRes.json()) as { range?: { from: string; to: string }; headline?: { current?: { sessions?: number; purchases?: number } }; funnel?: unknown };
  if (!mapRes.ok) throw new Error(`journey map API failed: HTTP ${mapRes.status} ${JSON.stringify(map)}`);

  Object.assign(summary, {
    ok: true,
    shop: shop.domain,
    products: rows.length,
    eventsSent: posted.sent,
    eventsIngested: posted.accepted,
    eventsRejected: posted.rejected,
    ingestRequests: posted.batches,
    ingestEventsPerSec: Math.round(posted.accepted / ingestSeconds),
    sessions: journeys,
    sessionsWithPurchase: purchases,
    sessionizedEvents: sess.events,
    model: {
      selected: tr.selected,
      version: trained.version,
      validated: tr.validated,
      validationEvents: tr.validationEvents,
      hr20: round(tr.metrics?.hr20),
      mrr20: round(tr.metrics?.mrr20),
      popularityHr20: round(tr.baseline?.hr20),
      popularityMrr20: round(tr.baseline?.mrr20),
      trainSeconds: round(trained.seconds, 1),
    },
    propensity: {
      status: propensity.status,
      selected: propensity.selected,
      logisticAuc: round(propensity.logistic?.auc ?? undefined),
      logisticAucPr: round(propensity.logistic?.aucPr ?? undefined),
      networkAuc: round(propensity.mlp?.auc ?? undefined),
      networkAucPr: round(propensity.mlp?.aucPr ?? undefined),
      tfBackend: propensity.mlp?.backend ?? null,
      testBaseRate: round(propensity.testBaseRate ?? undefined),
    },
    recommendationsServed: served.served,
    recommendationStrategies: served.strategies,
    adminApi: { status: apiRes.status, events: api.counts?.events, journeys: api.counts?.journeys },
    journeyMap: { status: mapRes.status, range: map.range, sessions: map.headline?.current?.sessions, purchases: map.headline?.current?.purchases },
    seconds: Math.round((performance.now() - started) / 100) / 10,
  });

  const adminUrl = `http://localhost:${port}/`;
  if (check) {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await appServer.close();
    await runtime.close();
    console.log(JSON.stringify(summary));
    return;
  }
  console.error('');
  console.error(`  Admin page:       ${adminUrl}`);
  console.error(`  Storefront demo:  ${adminUrl}storefront`);
  console.error('  Press Ctrl-C to stop.');
  console.log(JSON.stringify(summary));
  const stop = () => {
    http.close();
    void runtime.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.DEBUG) console.error(error);
  process.exit(1);
});
