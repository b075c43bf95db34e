/**
 * `npm run demo`: Waymark end to end on this machine, no Shopify needed.
 *
 * 1. migrate the SQLite database (data/waymark.sqlite), set up the dev shop and its
 *    simulated catalog;
 * 2. start the server (local mode), its background jobs held until step 5;
 * 3. run the journey simulator and post its events through the real POST /ingest, as
 *    the web pixel would (batches per browser, with its user agent); its theme blocks ask
 *    the real signed app proxy endpoint and report impressions and clicks through /ingest,
 *    and after 8 simulated days the store's first model goes live (./demo-pipeline.ts);
 * 4. sessionize them into journeys, roll up, train the models and purchase propensity;
 * 5. check the recommendation endpoint, the admin API and the Recommendations page's
 *    report, let background jobs run, and serve the admin page until Ctrl-C.
 *
 * `npm run demo -- --check` runs the same path headless on a fresh database, then exits 0
 * with a last line of JSON summarizing what it did.
 * Options: --events N (default 30000; 12000 with --check), --seed S, --port P.
 */
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../../config';
import { startRuntime } from '../../runtime';
import { createServer, listen } from '../../server';
import { createJobQueue } from '../../jobs/queue';
import { deferBackgroundJobs } from './deferred-queue';
import { buildWebIfMissing } from '../../cli/web-build';
import { seedDemoReviews } from '../demo-reviews';
import { createStorefrontRouter } from '../storefront';
import { createLogger } from '../../logger';
import { checkAdminApi, checkBlockPerformance, checkRecommendations } from './demo-checks';
import { buildJourneysAndModels, firstModel, ingestSimulated, setUpDevShop, step, type SimulationRun } from './demo-pipeline';

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

interface DemoRun extends SimulationRun {
  check: boolean;
  config: Config & { devShop: string };
}

/** The run's settings and configuration (local mode only; --check starts from a fresh SQLite file). */
function prepareRun(): DemoRun {
  const check = args.values.check;
  const eventsTarget = Number(args.values.events ?? (check ? 12_000 : 30_000));
  if (!Number.isInteger(eventsTarget) || eventsTarget <= 0) throw new Error('--events must be a positive integer');
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
  return { check, eventsTarget, seed: args.values.seed!, products: Number(args.values.products), devShop: config.devShop, apiSecret: config.shopify.apiSecret, config: config as DemoRun['config'] };
}

type Built = Awaited<ReturnType<typeof buildJourneysAndModels>>;

/** The summary's model and propensity figures, rounded. */
function modelSummary({ trained, propensity }: Built) {
  const tr = trained.result;
  return {
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
  };
}

async function main() {
  const started = performance.now();
  const run = prepareRun();
  const { config } = run;
  const summary: Record<string, unknown> = { mode: config.mode, database: config.database.provider };

  step('Preparing the admin page');
  summary.adminPage = await buildWebIfMissing();

  step('Migrating the database');
  const runtime = await startRuntime({ config, logger: createLogger(config.logLevel), onProgress: (m) => step(`  ${m}`) });
  const { db } = runtime;
  const { shop, rows } = await setUpDevShop(db, run);

  // The demo storefront hosts the theme blocks (same JS and CSS) against this backend.
  const storefront = createStorefrontRouter({ db, shopDomain: config.devShop });
  // Background jobs wait until the scripted run is done (./deferred-queue.ts).
  const jobs = deferBackgroundJobs(
    createJobQueue({ redisUrl: config.redisUrl, prefix: config.queuePrefix, db, logger: runtime.logger, child: { databaseUrl: config.database.url, nodeEnv: config.nodeEnv } }),
  );
  const appServer = createServer({ config, db, logger: runtime.logger, demoRoutes: storefront, jobs });
  const http = await listen(appServer, config.port, '127.0.0.1');
  const port = (http.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  const { posted, blocks, ingestSeconds } = await ingestSimulated(baseUrl, shop, run, () => firstModel(appServer, db, shop.id));
  const built = await buildJourneysAndModels(db, shop.id, posted.accepted);
  step(`Simulated product reviews for ${await seedDemoReviews(db, shop.id, run.seed)} products (Insights → Reviews and feedback)`);

  step('Serving recommendations through the app proxy endpoint');
  const served = await checkRecommendations(baseUrl, rows.map((r) => r.productId));

  step('Checking the admin API');
  const api = await checkAdminApi(baseUrl, posted.accepted);
  const blockReport = await checkBlockPerformance(baseUrl);
  step(`  theme blocks: ${blockReport.impressions} impressions, ${blockReport.clicks} clicks, ${blockReport.attributedOrders} attributed orders`);
  // From now on the server sessionizes (and retrains) as new visits arrive.
  jobs.resume();

  Object.assign(summary, {
    ok: true,
    shop: shop.domain,
    products: rows.length,
    eventsSent: posted.sent,
    eventsIngested: posted.accepted,
    eventsRejected: posted.rejected,
    ingestRequests: posted.batches,
    ingestEventsPerSec: Math.round(posted.accepted / ingestSeconds),
    sessions: built.journeys,
    sessionsWithPurchase: built.purchases,
    sessionizedEvents: built.sess.events,
    ...modelSummary(built),
    recommendationsServed: served.served,
    recommendationStrategies: served.strategies,
    ...api,
    blockRequests: blocks,
    blocks: blockReport,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  });

  if (run.check) {
    await new Promise<void>((resolve) => http.close(() => resolve()));
    await appServer.close();
    await jobs.close();
    await runtime.close();
    console.log(JSON.stringify(summary));
    return;
  }
  const adminUrl = `http://localhost:${port}/`;
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
