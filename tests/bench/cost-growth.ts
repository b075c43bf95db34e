/**
 * Cost growth (issue #17, item 4): how per-event ingest CPU, per-request serving CPU and
 * training time grow with one store's size (events) and with the number of stores (the
 * same total events split over them), on SQLite, in this process. CPU time
 * (process.cpuUsage) where it makes sense: the machine is shared.
 *
 * At each size: a fresh database preloaded in big batches (tests/bench/growth-store.ts); journeys by the sessionize job (app/jobs/sessionize-job.ts)
 * up to `sessionizeMax` events, above that from the simulator's sessions; every store
 * trained by app/jobs/train-job.ts trainShop; the storefront's recommendation call (the app
 * proxy's query schema + app/recs/storefront-recs.ts with every store's state cached); last,
 * a fixed sample of pixel batches through app/ingest/pipeline.ts into the same store.
 *
 * `npx tsx tests/bench/cost-growth.ts`, or `npm run bench -- --only cost-growth`.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createEventStore } from '../../app/ingest/event-store';
import { createIngestPipeline, type IngestShop } from '../../app/ingest/pipeline';
import { createRateLimiter } from '../../app/ingest/rate-limiter';
import { createShopGate } from '../../app/ingest/shop-gate';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { trainShop } from '../../app/jobs/train-job';
import { createShopStateCache } from '../../app/recs/shop-state';
import { createStorefrontRecs, recQuerySchema } from '../../app/recs/storefront-recs';
import { createMetrics } from '../../app/metrics';
import { createLogger } from '../../app/logger';
import { round } from './http-load';
import { createShops, dbMiB, openGrowthDb, preloadEvents, sampleBodies, storefrontQueries, type GrowthDb, type GrowthShop } from './growth-store';

export interface GrowthOptions {
  /** events in the one store, one run per size */
  sizes: number[];
  /** store counts for the stores series */
  stores: number[];
  /** total events of the stores series, split over the stores */
  storeEvents: number;
  /** products in the one store / in each store of the stores series */
  products: number;
  productsPerStore: number;
  /** events ingested (timed) at each size, in batches of `batch`, `inFlight` at once */
  sample: number;
  batch: number;
  inFlight: number;
  /** storefront requests timed at each size */
  requests: number;
  /** above this many events in a run, journeys come from the simulator instead of the sessionize job */
  sessionizeMax: number;
  /** one-store sizes not run, whose training time is extrapolated */
  extrapolate: number[];
}

export interface GrowthRow {
  series: 'events' | 'stores';
  stores: number;
  events: number;
  preloadSeconds: number;
  dbMiB: number;
  ingestUsPerEvent: number;
  /** sessionize job over all stores (absent when journeys came from the simulator) */
  sessionize?: { wallSeconds: number; cpuSeconds: number };
  train: { wallSeconds: number; cpuSeconds: number; stores: number; models: Record<string, number> };
  serve: { usPerRequest: number; p99Us: number; requests: number; withModel: number };
  /** process RSS with every store's serving state cached, its growth from loading them, and the V8 heap + external growth (after GC) */
  memory: { rssMiB: number; stateMiB: number; heapMiB: number };
}

const num = (v: string | undefined, d: number) => (v ? Number(v.replace(/_/g, '')) : d);
const list = (v: string | undefined, d: number[]) => (v ? v.split(',').map((x) => Number(x.trim().replace(/_/g, ''))).filter((x) => x > 0) : d);

export function growthOptionsFromEnv(env: NodeJS.ProcessEnv): GrowthOptions {
  return {
    sizes: list(env.WAYMARK_GROWTH_SIZES, [10_000, 100_000, 1_000_000]),
    stores: list(env.WAYMARK_GROWTH_STORES, [1, 100, 1_000]),
    storeEvents: num(env.WAYMARK_GROWTH_STORE_EVENTS, 1_000_000),
    products: num(env.WAYMARK_GROWTH_PRODUCTS, 2_000),
    productsPerStore: num(env.WAYMARK_GROWTH_STORE_PRODUCTS, 200),
    sample: num(env.WAYMARK_GROWTH_SAMPLE, 20_000),
    batch: 20,
    inFlight: 32,
    requests: num(env.WAYMARK_GROWTH_REQUESTS, 5_000),
    sessionizeMax: num(env.WAYMARK_GROWTH_SESSIONIZE_MAX, 100_000),
    extrapolate: list(env.WAYMARK_GROWTH_EXTRAPOLATE, [10_000_000]),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wallSeconds: number; cpuSeconds: number }> {
  const w0 = performance.now();
  const c0 = cpuSeconds();
  const value = await fn();
  return { value, wallSeconds: round((performance.now() - w0) / 1000), cpuSeconds: round(cpuSeconds() - c0) };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function memory() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss / 2 ** 20, heap: (m.heapUsed + m.external) / 2 ** 20 };
}

/** CPU µs per accepted event of the ingest pipeline into this store, after a warm-up tenth. */
async function measureIngest(gdb: GrowthDb, shops: GrowthShop[], o: GrowthOptions, seed: string): Promise<number> {
  const byKey = new Map<string, IngestShop>(shops.map((s) => [s.shopKey, { id: s.id, salt: s.salt }]));
  const bodies = sampleBodies(shops, { events: o.sample, products: shops.length === 1 ? o.products : o.productsPerStore, seed, batchSize: o.batch });
  const store = createEventStore({ provider: 'sqlite', url: gdb.url });
  const ingest = createIngestPipeline({
    resolveShop: async (key) => byKey.get(key) ?? null,
    store,
    shopLimiter: createRateLimiter({ ratePerSec: 1e9, burst: 1e9 }),
    clientLimiter: createRateLimiter({ ratePerSec: 1e9, burst: 1e9 }),
    gate: createShopGate({ perShop: 2, maxQueued: 256 }),
    maxSkewMs: 24 * 3_600_000,
  });
  const run = async (part: typeof bodies) => {
    let next = 0;
    let accepted = 0;
    await Promise.all(
      Array.from({ length: o.inFlight }, async () => {
        while (next < part.length) {
          const out = await ingest({ body: part[next++]!.body, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148' });
          if ('accepted' in out && typeof out.accepted === 'number') accepted += out.accepted;
        }
      }),
    );
    return accepted;
  };
  const warm = Math.ceil(bodies.length / 10);
  await run(bodies.slice(0, warm));
  // Three equal parts, timed apart: the median resists another process's burst on the shared cores.
  const part = Math.floor((bodies.length - warm) / 3);
  const costs: number[] = [];
  let accepted = 0;
  for (let k = 0; k < 3; k++) {
    const c0 = cpuSeconds();
    const n = await run(bodies.slice(warm + k * part, warm + (k + 1) * part));
    costs.push(((cpuSeconds() - c0) * 1e6) / Math.max(1, n));
    accepted += n;
  }
  await store.close();
  if (accepted < o.sample * 0.8) throw new Error(`ingest sample: only ${accepted} events accepted`);
  return round(median(costs));
}

/** Every store's serving state loaded (memory measured), then CPU µs per storefront request. */
async function measureServing(gdb: GrowthDb, shops: GrowthShop[], views: Map<string, string[]>, o: GrowthOptions) {
  const before = memory();
  const states = createShopStateCache(gdb.db, 3_600_000, 3_600_000);
  const recs = createStorefrontRecs({ db: gdb.db, states, metrics: createMetrics(), logger: createLogger('error') });
  let withModel = 0;
  for (const s of shops) {
    await states.shopIdOf(s.domain);
    if ((await states.get(s.id)).bundle) withModel++;
  }
  const after = memory();
  const queries = storefrontQueries(shops, views, o.requests);
  const serve = (q: (typeof queries)[number]) => {
    const parsed = recQuerySchema.parse(q.query);
    const body = recs.peek(q.domain, parsed);
    if (!body) throw new Error(`no cached state for ${q.domain}`);
    return body;
  };
  for (const q of queries.slice(0, Math.ceil(queries.length / 5))) serve(q);
  // Three passes over the queries: CPU per request is their median, p99 over all.
  const lat = new Float64Array(queries.length * 3);
  const costs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const c0 = cpuSeconds();
    queries.forEach((q, i) => {
      const t = performance.now();
      serve(q);
      lat[k * queries.length + i] = performance.now() - t;
    });
    costs.push(((cpuSeconds() - c0) * 1e6) / queries.length);
  }
  const usPerRequest = round(median(costs));
  lat.sort();
  return {
    serve: { usPerRequest, p99Us: round(lat[Math.floor(lat.length * 0.99)]! * 1000), requests: lat.length, withModel },
    memory: { rssMiB: round(after.rss), stateMiB: round(after.rss - before.rss), heapMiB: round(after.heap - before.heap) },
  };
}

async function trainAll(gdb: GrowthDb, shops: GrowthShop[]) {
  const models: Record<string, number> = {};
  const t = await timed(async () => {
    for (const s of shops) {
      const r = await trainShop(gdb.db, s.id, { now: new Date() });
      models[r.result.selected] = (models[r.result.selected] ?? 0) + 1;
    }
  });
  return { wallSeconds: t.wallSeconds, cpuSeconds: t.cpuSeconds, stores: shops.length, models };
}

/** One run: `stores` stores sharing `events` events. */
export async function measureGrowth(series: GrowthRow['series'], stores: number, events: number, o: GrowthOptions, log: (m: string) => void): Promise<GrowthRow> {
  const label = `${series}-${stores}-${events}`;
  const seed = `growth-${label}`;
  const gdb = await openGrowthDb(label);
  try {
    const products = stores === 1 ? o.products : o.productsPerStore;
    const journeys = events > o.sessionizeMax;
    log(`${label}: preloading ${events.toLocaleString('en-US')} events over ${stores} store(s)${journeys ? ' (journeys from the simulator)' : ''}`);
    const pre = await timed(async () => {
      const shops = await createShops(gdb, stores, products, seed);
      return { shops, views: await preloadEvents(gdb, shops, { events, products, seed, journeys }) };
    });
    const { shops, views } = pre.value;
    let sessionize: GrowthRow['sessionize'];
    if (!journeys) {
      log(`${label}: sessionize job`);
      const s = await timed(async () => {
        for (const shop of shops) await sessionizeShop(gdb.db, shop.id);
      });
      sessionize = { wallSeconds: s.wallSeconds, cpuSeconds: s.cpuSeconds };
    }
    log(`${label}: training ${stores} store(s)`);
    const train = await trainAll(gdb, shops);
    log(`${label}: serving`);
    const served = await measureServing(gdb, shops, views, o);
    log(`${label}: ingest sample`);
    const ingestUsPerEvent = await measureIngest(gdb, shops, o, seed);
    const row: GrowthRow = { series, stores, events, preloadSeconds: pre.wallSeconds, dbMiB: round(dbMiB(gdb.path)), ingestUsPerEvent, sessionize, train, ...served };
    log(JSON.stringify(row));
    return row;
  } finally {
    await gdb.close();
  }
}

export interface GrowthResult {
  options: GrowthOptions;
  rows: GrowthRow[];
  loadAverage: number[];
}

export async function benchCostGrowth(o: GrowthOptions, log: (m: string) => void): Promise<GrowthResult> {
  const rows: GrowthRow[] = [];
  const { loadavg } = await import('node:os');
  for (const n of o.sizes) rows.push(await measureGrowth('events', 1, n, o, log));
  for (const s of o.stores) rows.push(await measureGrowth('stores', s, o.storeEvents, o, log));
  return { options: o, rows, loadAverage: loadavg().map((x) => round(x)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { growthMarkdown } = await import('./cost-growth-report');
  const r = await benchCostGrowth(growthOptionsFromEnv(process.env), (m) => console.error(m));
  console.log(growthMarkdown(r));
}
