/**
 * Soak: mixed ingest + recommendation traffic at a fixed rate for a long time against the
 * real server in its own process (credentials configured: every proxy request's signature
 * is verified), sampling the server's RSS every 5 s. Reports RSS growth after warm-up,
 * errors, and latency percentiles per time window.
 *
 *   WAYMARK_SOAK_SECONDS  duration (default 600)
 *   WAYMARK_SOAK_RATE     requests per second, half ingest, half recommendations (default 1000)
 *   WAYMARK_SOAK_DB       sqlite | postgresql | both (script default sqlite, bench default postgresql)
 *
 * Jobs: when Redis answers (WAYMARK_SOAK_REDIS_URL, default redis://127.0.0.1:6379/11, a
 * separate Redis database), the production topology: the web process enqueues, one
 * `npm run worker` process sessionizes and retrains. WAYMARK_SOAK_LOCAL_JOBS=1 (or no Redis):
 * jobs run inside the web process, as in a single-process deployment. Ingested
 * events go to a second shop and are page/collection/search views, so the automatic
 * retraining they trigger stays small; the recommendations shop has a trained model.
 * Open loop: requests are issued on schedule whatever the latency, with at most
 * MAX_IN_FLIGHT outstanding (beyond that a request is counted as `shed`, not sent).
 */
import { probePg } from '../../app/db/pg-admin';
import { ensureShop } from '../../app/shops/shop-rows';
import { trainShop } from '../../app/jobs/train-job';
import { seedTrainableShop } from './seed-shop';
import { signedProxyQuery } from './app-proxy-request';
import { httpRequest, percentile, round } from './http-load';
import { startServerProcess, type ServerProcess } from './server-process';
import { deletePrefix, probeRedis, startWorkerProcess, type WorkerProcess } from './worker-failure';
import { freshDb, PG_SERVER_URL } from '../helpers/db';

const SECRET = 'soak-secret-0123456789';
const RECS_SHOP = 'soak-recs.myshopify.com';
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
const MAX_IN_FLIGHT = 512;

export interface SoakWindow {
  fromSec: number;
  toSec: number;
  requests: number;
  ratePerSec: number;
  errors: number;
  recsP50Ms: number;
  recsP99Ms: number;
  ingestP50Ms: number;
  ingestP99Ms: number;
  rssMb: number;
}

export interface SoakResult {
  provider: 'sqlite' | 'postgresql';
  jobs: 'redis+worker' | 'in-process';
  seconds: number;
  targetRatePerSec: number;
  achievedRatePerSec: number;
  requests: number;
  statuses: Record<string, number>;
  /** 5xx + network errors + timeouts */
  errors: number;
  shed: number;
  recsP50Ms: number;
  recsP99Ms: number;
  ingestP50Ms: number;
  ingestP99Ms: number;
  eventsAccepted: number;
  warmupSeconds: number;
  rssStartMb: number;
  rssAfterWarmupMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  /** (median RSS of the last minute − median of the minute after warm-up) / the latter, percent */
  rssGrowthPercent: number;
  serverCpuSeconds: number;
  windows: SoakWindow[];
  rssSamplesMb: number[];
}

const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface SoakRequest {
  kind: 'recs' | 'ingest';
  url: string;
  init: { method?: string; headers: Record<string, string>; body?: string };
}

/** Request `i` of the soak: even ones ask for recommendations (signed), odd ones post 10 events to the ingest shop. */
function soakRequest(i: number, target: { serverUrl: string; productIds: string[]; ingestShopKey: string }): SoakRequest {
  const ids = target.productIds;
  if (i % 2 === 0) {
    const placements = ['recommended', 'also_like', 'bought_together'];
    const p = ids[(i * 31) % ids.length];
    const recent = [ids[(i * 7) % ids.length], ids[(i * 13) % ids.length], p].join(',');
    const qs = signedProxyQuery(SECRET, { shop: RECS_SHOP, placement: placements[(i >> 1) % 3], product_id: p, recent, limit: '8', visitor: `v${i % 5000}`, path_prefix: '/apps/waymark' });
    return { kind: 'recs', url: `${target.serverUrl}/apps/waymark/recommendations?${qs}`, init: { headers: { 'user-agent': UA } } };
  }
  const names = ['page_viewed', 'collection_viewed', 'search_submitted'];
  const t = Date.now();
  const client = `soak-${i % 20_000}`;
  const events = Array.from({ length: 10 }, (_, k) => ({
    id: `s-${i}-${k}`,
    name: names[k % 3],
    ts: t - (10 - k) * 400,
    clientId: client,
    path: k % 3 === 2 ? `/search?q=q${i % 97}` : `/collections/c-${(i + k) % 40}`,
    ...(k % 3 === 2 ? { query: `q${i % 97}` } : {}),
  }));
  return {
    kind: 'ingest',
    url: `${target.serverUrl}/ingest`,
    init: { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': UA }, body: JSON.stringify({ shopKey: target.ingestShopKey, events }) },
  };
}

interface WindowSamples {
  recs: number[];
  ingest: number[];
  errors: number;
  requests: number;
}

function windowFigures(w: WindowSamples, fromSec: number, windowSec: number, rssBytes: number): SoakWindow {
  const r = Float64Array.from(w.recs);
  const g = Float64Array.from(w.ingest);
  return {
    fromSec,
    toSec: fromSec + windowSec,
    requests: w.requests,
    ratePerSec: Math.round(w.requests / windowSec),
    errors: w.errors,
    recsP50Ms: round(percentile(r, 0.5)),
    recsP99Ms: round(percentile(r, 0.99)),
    ingestP50Ms: round(percentile(g, 0.5)),
    ingestP99Ms: round(percentile(g, 0.99)),
    rssMb: mb(rssBytes),
  };
}

interface SoakTraffic {
  statuses: Record<string, number>;
  errors: number;
  shed: number;
  sent: number;
  eventsAccepted: number;
  allRecs: number[];
  allIngest: number[];
  windows: SoakWindow[];
  rssSamples: { t: number; rss: number }[];
  /** performance.now() when the traffic started */
  started: number;
}

/**
 * The open-loop traffic: `rate` requests per second for `seconds` (at most MAX_IN_FLIGHT
 * outstanding; beyond that a request is shed), the server's RSS every 5 s, figures per window;
 * then waits (at most 15 s) for the last answers.
 */
async function driveTraffic(server: ServerProcess, o: { seconds: number; rate: number; request: (i: number) => SoakRequest; log: (m: string) => void }): Promise<SoakTraffic> {
  const { seconds, rate, log } = o;
  const windowSec = seconds >= 300 ? 60 : Math.max(5, Math.round(seconds / 10));
  const out: SoakTraffic = { statuses: {}, errors: 0, shed: 0, sent: 0, eventsAccepted: 0, allRecs: [], allIngest: [], windows: [], rssSamples: [], started: performance.now() };
  const { statuses } = out;
  let inFlight = 0;
  let cur: WindowSamples = { recs: [], ingest: [], errors: 0, requests: 0 };
  const elapsed = () => (performance.now() - out.started) / 1000;

  const send = (i: number) => {
    const { kind, url: u, init } = o.request(i);
    inFlight++;
    const t0 = performance.now();
    const w = cur;
    httpRequest(u, { ...init, timeoutMs: 10_000 })
      .then(({ status, text }) => {
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 500) {
          out.errors++;
          w.errors++;
        } else if (kind === 'ingest' && status === 200) {
          out.eventsAccepted += (JSON.parse(text) as { accepted: number }).accepted;
        }
      })
      .catch(() => {
        out.errors++;
        w.errors++;
        statuses.network = (statuses.network ?? 0) + 1;
      })
      .finally(() => {
        inFlight--;
        const ms = performance.now() - t0;
        (kind === 'recs' ? w.recs : w.ingest).push(ms);
        (kind === 'recs' ? out.allRecs : out.allIngest).push(ms);
        w.requests++;
      });
  };

  let nextWindow = windowSec;
  let nextRss = 5;
  let lastLog = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const t = elapsed();
      if (t >= seconds) {
        clearInterval(tick);
        resolve();
        return;
      }
      const due = Math.floor(t * rate);
      while (out.sent < due) {
        if (inFlight >= MAX_IN_FLIGHT) out.shed++;
        else send(out.sent);
        out.sent++;
      }
      if (t >= nextRss) {
        out.rssSamples.push({ t, rss: server.rssBytes() });
        nextRss += 5;
      }
      if (t >= nextWindow) {
        out.windows.push(windowFigures(cur, nextWindow - windowSec, windowSec, server.rssBytes()));
        cur = { recs: [], ingest: [], errors: 0, requests: 0 };
        nextWindow += windowSec;
      }
      if (t - lastLog >= 60) {
        lastLog = t;
        log(`${Math.round(t)} s: ${out.sent.toLocaleString()} sent, ${out.errors} errors, ${out.shed} shed, RSS ${mb(server.rssBytes())} MB`);
      }
    }, 5);
  });
  // Let the last requests finish (bounded).
  const drainUntil = performance.now() + 15_000;
  while (inFlight > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
  return out;
}

export async function runSoak(opts: { provider?: 'sqlite' | 'postgresql'; seconds?: number; rate?: number; trainEvents?: number; log?: (m: string) => void } = {}): Promise<SoakResult> {
  const provider = opts.provider ?? 'sqlite';
  const seconds = opts.seconds ?? 600;
  const rate = opts.rate ?? 1000;
  const log = opts.log ?? (() => {});
  const products = 1_000;
  const fresh = await freshDb(provider);
  const { url, db } = fresh;
  try {
    const trainEvents = opts.trainEvents ?? 30_000;
    log(`training the recommendations shop on ${trainEvents.toLocaleString()} simulated events`);
    const shop = await seedTrainableShop(db, url, { domain: RECS_SHOP, events: trainEvents, products, seed: 'soak' });
    const ingestShop = await ensureShop(db, 'soak-ingest.myshopify.com');
    await trainShop(db, shop.id);

    // Production topology when Redis answers: the web process only enqueues, a worker process
    // sessionizes (and retrains). A separate Redis database keeps the soak's queue isolated.
    const redisUrl = process.env.WAYMARK_SOAK_REDIS_URL ?? 'redis://127.0.0.1:6379/11';
    const useRedis = process.env.WAYMARK_SOAK_LOCAL_JOBS !== '1' && (await probeRedis(redisUrl)).ok;
    let worker: WorkerProcess | undefined;
    if (useRedis) {
      await deletePrefix(redisUrl, 'waymark');
      worker = startWorkerProcess({ DATABASE_URL: url, REDIS_URL: redisUrl, LOG_LEVEL: 'info' });
      await worker.ready;
    }
    log(useRedis ? `jobs: BullMQ on ${redisUrl} + one worker process` : 'jobs: in the web process (no REDIS_URL)');
    const server = await startServerProcess({
      ...(useRedis ? { REDIS_URL: redisUrl } : {}),
      DATABASE_URL: url,
      SHOPIFY_API_KEY: 'soak-key',
      SHOPIFY_API_SECRET: SECRET,
      HOST: 'https://waymark.soak',
      WAYMARK_INGEST_SHOP_RATE: '10000000',
      WAYMARK_INGEST_CLIENT_RATE: '100000',
      LOG_LEVEL: 'error',
    });
    try {
      const target = { serverUrl: server.url, productIds: shop.productIds, ingestShopKey: ingestShop.shopKey };
      // Warm-up traffic is part of the run (the first `warmupSeconds` are excluded from the growth figure).
      const warmupSeconds = Math.min(60, Math.max(10, Math.round(seconds * 0.1)));
      const rssStart = server.rssBytes();
      const cpu0 = server.cpuSeconds();
      const traffic = await driveTraffic(server, { seconds, rate, request: (i) => soakRequest(i, target), log });
      const { rssSamples, sent, shed } = traffic;
      const serverCpuSeconds = round(server.cpuSeconds() - cpu0);
      const rssEnd = server.rssBytes();
      const after = rssSamples.filter((s) => s.t >= warmupSeconds && s.t < warmupSeconds + 60).map((s) => s.rss);
      const last = rssSamples.filter((s) => s.t >= Math.max(warmupSeconds, seconds - 60)).map((s) => s.rss);
      const base = median(after.length ? after : [rssStart]);
      const end = median(last.length ? last : [rssEnd]);
      const healthy = await fetch(`${server.url}/healthz`).then((r) => r.ok, () => false);
      return {
        provider,
        jobs: useRedis ? 'redis+worker' : 'in-process',
        seconds: round((performance.now() - traffic.started) / 1000),
        targetRatePerSec: rate,
        achievedRatePerSec: Math.round((sent - shed) / seconds),
        requests: sent - shed,
        statuses: traffic.statuses,
        errors: traffic.errors + (healthy ? 0 : 1),
        shed,
        recsP50Ms: round(percentile(Float64Array.from(traffic.allRecs), 0.5)),
        recsP99Ms: round(percentile(Float64Array.from(traffic.allRecs), 0.99)),
        ingestP50Ms: round(percentile(Float64Array.from(traffic.allIngest), 0.5)),
        ingestP99Ms: round(percentile(Float64Array.from(traffic.allIngest), 0.99)),
        eventsAccepted: traffic.eventsAccepted,
        warmupSeconds,
        rssStartMb: mb(rssStart),
        rssAfterWarmupMb: mb(base),
        rssEndMb: mb(rssEnd),
        rssMaxMb: mb(Math.max(...rssSamples.map((s) => s.rss), rssEnd)),
        rssGrowthPercent: round(((end - base) / base) * 100),
        serverCpuSeconds,
        windows: traffic.windows,
        rssSamplesMb: rssSamples.map((s) => mb(s.rss)),
      };
    } finally {
      await server.stop();
      await worker?.kill('SIGTERM');
      if (useRedis) await deletePrefix(redisUrl, 'waymark').catch(() => 0);
      await db.$disconnect();
    }
  } finally {
    await fresh.cleanup();
  }
}

export function soakMarkdown(results: SoakResult[]): string {
  const t = (h: string[], rows: (string | number)[][]) => [`| ${h.join(' | ')} |`, `|${h.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const parts: string[] = [
    t(
      ['database', 'jobs', 'duration s', 'target req/s', 'achieved req/s', 'requests', 'errors (5xx/network)', 'shed', 'RSS start MB', 'RSS after warm-up MB', 'RSS end MB', 'RSS growth after warm-up', 'recs p50/p99 ms', 'ingest p50/p99 ms', 'events stored'],
      results.map((r) => [
        r.provider,
        r.jobs,
        Math.round(r.seconds),
        r.targetRatePerSec,
        r.achievedRatePerSec,
        r.requests.toLocaleString('en-US'),
        r.errors,
        r.shed,
        r.rssStartMb,
        r.rssAfterWarmupMb,
        r.rssEndMb,
        `${r.rssGrowthPercent}%`,
        `${r.recsP50Ms} / ${r.recsP99Ms}`,
        `${r.ingestP50Ms} / ${r.ingestP99Ms}`,
        r.eventsAccepted.toLocaleString('en-US'),
      ]),
    ),
  ];
  for (const r of results) {
    parts.push(
      '',
      `Over time (${r.provider}):`,
      '',
      t(
        ['from s', 'to s', 'req/s', 'errors', 'recs p50 ms', 'recs p99 ms', 'ingest p50 ms', 'ingest p99 ms', 'server RSS MB'],
        r.windows.map((w) => [w.fromSec, w.toSec, w.ratePerSec, w.errors, w.recsP50Ms, w.recsP99Ms, w.ingestP50Ms, w.ingestP99Ms, w.rssMb]),
      ),
    );
  }
  parts.push(
    '',
    'Half the requests are signed app-proxy recommendation requests (model trained on 30,000 simulated events, 1,000 products), half are ingest batches of 10 events. ' +
      'Open loop with at most 512 requests in flight ("shed" = not sent because that many were outstanding). ' +
      'RSS growth compares the median RSS of the minute after warm-up with the median of the last minute (5 s samples). ' +
      'Jobs (sessionizing + roll-ups of the ingested events, retraining) go through BullMQ to one `npm run worker` process, as in production (column "jobs"). ' +
      'The load generator shares the 2 cores with the server (and, on this machine, with other work).',
  );
  return parts.join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const seconds = Number(process.env.WAYMARK_SOAK_SECONDS ?? 600);
  const rate = Number(process.env.WAYMARK_SOAK_RATE ?? 1000);
  const which = process.env.WAYMARK_SOAK_DB ?? 'sqlite';
  (async () => {
    const results: SoakResult[] = [];
    for (const provider of which === 'both' ? (['sqlite', 'postgresql'] as const) : [which as 'sqlite' | 'postgresql']) {
      if (provider === 'postgresql' && !(await probePg(PG_SERVER_URL, 2_000)).ok) continue;
      results.push(await runSoak({ provider, seconds, rate, log: (m) => console.error(`[${provider}] ${m}`) }));
    }
    console.log(soakMarkdown(results));
    console.log(JSON.stringify(results.map(({ rssSamplesMb: _r, windows: _w, ...rest }) => rest)));
  })();
}
