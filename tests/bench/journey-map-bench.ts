/**
 * Journey-map benchmark: a simulated store (default 1M events over 30 days) goes through
 * the real ingest row mapping (toRow) into a fresh database, is sessionized and rolled
 * up, and the analytics answers are timed.
 *
 *   import { benchJourneyMap } from './tests/bench/journey-map-bench';
 *   const report = await benchJourneyMap({ events: 1_000_000 });
 *
 * Or directly: `npx tsx tests/bench/journey-map-bench.ts [events] [postgres-url | sqlite-path-to-keep] [page]`.
 * Each query is run `repeats` times after one warm-up; the median and max are reported.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDb, type Db } from '../../app/db/client';
import { getBuiltFunnel } from '../../app/analytics/funnel-answer';
import { funnelQuerySchema } from '../../app/api-contract/funnel';
import { migrate } from '../../app/db/migrate';
import { createPgDatabaseFromUrl, dropPgDatabase } from '../../app/db/pg-admin';
import { providerFromUrl, type Provider } from '../../app/db/url';
import { hashClientId } from '../../app/ingest/client-hash';
import { toRow } from '../../app/ingest/pipeline';
import { createEventStore, type EventRow } from '../../app/ingest/event-store';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { rollupShop } from '../../app/jobs/rollup-job';
import { ensureShop } from '../../app/shops/shop-rows';
import { upsertProducts } from '../../app/catalog/products';
import { catalogProductRows, simulate, simulatorCatalogs } from '../../app/demo/simulator';
import { parseAnalyticsQuery } from '../../app/analytics/params';
import { getFlow, getFunnel, getInsights, getJourneyMap, getPaths } from '../../app/analytics/service';
import { benchFirstRender, buildWeb, type FirstRenderReport } from './first-render';

export interface BenchOptions {
  events?: number;
  days?: number;
  /** First simulated day (UTC, YYYY-MM-DD); default: the period ends today, like a live store's. */
  startDate?: string;
  seed?: number;
  /** A PostgreSQL server URL to bench on (a temp database is created there); default SQLite. */
  postgresServerUrl?: string;
  repeats?: number;
  /** Keep the generated SQLite database at this path (reused by a later run: generation is skipped). */
  keepSqlitePath?: string;
  log?: (line: string) => void;
  /**
   * Also time the admin page's first render on the same database (tests/bench/first-render.ts):
   * the real server in local mode with this shop as the dev shop, headless Chromium.
   * Each build is a git ref whose web/ is built and measured (undefined = the working tree).
   */
  page?: { builds?: Array<string | undefined>; coldLoads?: number; warmLoads?: number };
}

export interface BenchReport {
  provider: Provider;
  events: number;
  journeys: number;
  rollupRows: Record<string, number>;
  seconds: { insert: number; sessionize: number; rollup: number; incrementalRollup: number };
  /** ms per query: median and max over `repeats` runs */
  queries: Record<string, { medianMs: number; maxMs: number }>;
  /** the queried days (UTC): the admin page's default view */
  range: { from: string; to: string };
  page?: FirstRenderReport[];
}

async function freshDatabase(opts: BenchOptions): Promise<{ provider: Provider; url: string; cleanup(): Promise<void> }> {
  if (opts.postgresServerUrl) {
    const name = `waymark_bench_${Date.now().toString(36)}`;
    const url = await createPgDatabaseFromUrl(opts.postgresServerUrl, name);
    return { provider: 'postgresql', url, cleanup: () => dropPgDatabase(opts.postgresServerUrl!, name) };
  }
  if (opts.keepSqlitePath) return { provider: 'sqlite', url: `file:${opts.keepSqlitePath}`, cleanup: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'waymark-bench-'));
  return { provider: 'sqlite', url: `file:${join(dir, 'bench.sqlite')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await fn();
  return [out, performance.now() - t];
}

/** Times each journey-map API query (median and max of `repeats` runs after a warm-up) over the admin page's default view. */
async function timeQueries(db: Db, ref: { id: number; currency: string }, days: number, repeats: number, log: (line: string) => void) {
  // The admin page's default view (landing.ts initialRange): the `days` days ending today,
  // or on the last day with journeys when that is earlier (a kept database from another day).
  const span = await db.journey.aggregate({ where: { shopId: ref.id }, _max: { startedAt: true } });
  const today = new Date().toISOString().slice(0, 10);
  const last = (span._max.startedAt ?? new Date()).toISOString().slice(0, 10);
  const to = last < today ? last : today;
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const q = (extra: Record<string, string> = {}) => {
    const p = parseAnalyticsQuery({ from, to, ...extra });
    if (!p.ok) throw new Error(p.message);
    return p.query;
  };
  const cases: Record<string, () => Promise<unknown>> = {
    'journey-map': () => getJourneyMap(db, ref, q()),
    'journey-map device=mobile': () => getJourneyMap(db, ref, q({ device: 'mobile' })),
    'journey-map anchor=purchase': () => getJourneyMap(db, ref, q({ anchor: 'purchase' })),
    'journey-map detail=item': () => getJourneyMap(db, ref, q({ detail: 'item' })),
    'flow detail=item (depth 4)': () => getFlow(db, ref, q({ detail: 'item' })),
    'flow detail=item depth=6': () => getFlow(db, ref, q({ detail: 'item', depth: '6' })),
    funnel: () => getFunnel(db, ref, q()),
    // The funnel builder reads journeys and events, not the roll-ups (app/analytics/README.md).
    'funnel builder': () => getBuiltFunnel(db, { id: ref.id, timeZone: 'UTC' }, q(), funnelQuerySchema.parse({})),
    'funnel builder events open 30m': () =>
      getBuiltFunnel(db, { id: ref.id, timeZone: 'UTC' }, q(), funnelQuerySchema.parse({ steps: 'session,event:search,event:add_to_cart,event:purchase', mode: 'open', window: '30m' })),
    paths: () => getPaths(db, ref, q()),
    insights: () => getInsights(db, ref, q()),
  };
  const queries: BenchReport['queries'] = {};
  for (const [name, fn] of Object.entries(cases)) {
    await fn();
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) times.push((await time(fn))[1]);
    times.sort((a, b) => a - b);
    queries[name] = { medianMs: Math.round(times[Math.floor(times.length / 2)]), maxMs: Math.round(times[times.length - 1]) };
    log(`  ${name}: median ${queries[name].medianMs} ms, max ${queries[name].maxMs} ms`);
  }
  return { queries, range: { from, to } };
}

export async function benchJourneyMap(opts: BenchOptions = {}): Promise<BenchReport> {
  const events = opts.events ?? 1_000_000;
  const days = opts.days ?? 30;
  const seed = opts.seed ?? 42;
  const startDay = opts.startDate ?? new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const repeats = opts.repeats ?? 7;
  const log = opts.log ?? ((line: string) => console.log(line));
  const database = await freshDatabase(opts);
  await migrate({ provider: database.provider, url: database.url, createDatabase: false });
  const db: Db = createDb({ url: database.url });
  try {
    const shop = await ensureShop(db, 'bench.myshopify.com');
    const [catalog] = simulatorCatalogs({ seed });
    await upsertProducts(db, shop.id, catalogProductRows(catalog).map((p) => ({ ...p, tags: p.tags.join(',') })));

    const reuse = (await db.event.count({ where: { shopId: shop.id } })) > 0;
    let insertMs = NaN;
    let sessMs = NaN;
    let rollMs = NaN;
    let incMs = NaN;
    if (reuse) log('reusing the kept database: generation, sessionizing and roll-up skipped');
    else {
      // 1. Events: simulator → the ingest pipeline's row mapping → database. The last 1% (the
      //    newest traffic) is held back and delivered after the first roll-up, to time an
      //    incremental run.
      const received = new Date();
      const store = createEventStore({ provider: database.provider, url: database.url });
      const late: EventRow[] = [];
      let batch: EventRow[] = [];
      [, insertMs] = await time(async () => {
        let n = 0;
        for (const e of simulate({ seed, events, days, startDate: `${startDay}T00:00:00Z` })) {
          const row = toRow(shop.id, e.event, hashClientId(shop.salt, e.event.clientId), e.device, received);
          if (n++ >= events * 0.99) late.push(row);
          else batch.push(row);
          if (batch.length === 2_000) {
            await store.insert(batch);
            batch = [];
          }
          if (n % 200_000 === 0) log(`  inserted ${n} events`);
        }
        if (batch.length) await store.insert(batch);
      });
      log(`simulate + insert: ${events - late.length} events in ${(insertMs / 1000).toFixed(1)} s`);
      [, sessMs] = await time(() => sessionizeShop(db, shop.id));
      log(`sessionize: ${(sessMs / 1000).toFixed(1)} s`);
      [, rollMs] = await time(() => rollupShop(db, shop.id));
      log(`rollup (all ${days} days): ${(rollMs / 1000).toFixed(1)} s`);

      for (let i = 0; i < late.length; i += 2_000) await store.insert(late.slice(i, i + 2_000));
      await store.close();
      await sessionizeShop(db, shop.id);
      const [inc, incT] = await time(() => rollupShop(db, shop.id));
      incMs = incT;
      log(`incremental rollup after ${late.length} late events: ${inc.days.length} days, ${(incMs / 1000).toFixed(1)} s`);
    }
    const journeys = await db.journey.count({ where: { shopId: shop.id } });
    const rollupRows = {
      path: await db.analyticsPathDaily.count({ where: { shopId: shop.id } }),
      timing: await db.analyticsTimingDaily.count({ where: { shopId: shop.id } }),
      itemFlow: await db.analyticsItemFlowDaily.count({ where: { shopId: shop.id } }),
      item: await db.analyticsItemDaily.count({ where: { shopId: shop.id } }),
      search: await db.analyticsSearchDaily.count({ where: { shopId: shop.id } }),
    };
    log(`journeys: ${journeys}; roll-up rows: ${JSON.stringify(rollupRows)}`);

    // 2. Queries over the page's default view.
    const { queries, range } = await timeQueries(db, { id: shop.id, currency: shop.currency }, days, repeats, log);
    await db.$disconnect();

    // 3. The admin page's first render on this database, for each requested build.
    let page: FirstRenderReport[] | undefined;
    if (opts.page) {
      page = [];
      for (const ref of opts.page.builds ?? [undefined]) {
        const label = ref ?? 'working tree';
        log(`admin page (${label}): vite build`);
        buildWeb(ref);
        log(`admin page (${label}): first render in Chromium`);
        page.push(await benchFirstRender({ databaseUrl: database.url, devShop: shop.domain, label, coldLoads: opts.page.coldLoads, warmLoads: opts.page.warmLoads, log }));
      }
      // Leave web/dist built from the working tree.
      if (opts.page.builds?.at(-1) !== undefined) buildWeb();
    }
    return {
      provider: database.provider,
      events,
      journeys,
      rollupRows,
      seconds: { insert: insertMs / 1000, sessionize: sessMs / 1000, rollup: rollMs / 1000, incrementalRollup: incMs / 1000 },
      queries,
      range,
      page,
    };
  } finally {
    await db.$disconnect();
    await database.cleanup();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const events = Number(process.argv[2] ?? 1_000_000);
  const target = process.argv[3];
  const pgUrl = target && providerFromUrl(target) === 'postgresql' ? target : undefined;
  // Second argument: a postgresql:// server URL, or a SQLite file path to keep (and reuse) the data in.
  // Third argument `page`: also time the admin page's first render on that database.
  const page = process.argv[4] === 'page' ? {} : undefined;
  benchJourneyMap({ events, postgresServerUrl: pgUrl, keepSqlitePath: target && !pgUrl ? target : undefined, page }).then(
    (r) => console.log(JSON.stringify(r)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
