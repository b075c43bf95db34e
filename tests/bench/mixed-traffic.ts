/**
 * The three loads of the mixed benchmark (tests/bench/mixed-load.ts), each on its own:
 * recommendations through the app proxy path at a fixed rate (the raw-socket generator in a
 * process of its own), ingest batches spread over many shops at a fixed rate (recording
 * every acknowledged event id), and a per-store training kept running through the admin API.
 */
import type { JourneyEvent } from '../../app/api-contract/ingest';
import { sessionToken } from '../helpers/server';
import { AckLedger } from './ack-check';
import { recommendationsPath } from './app-proxy-request';
import { httpRequest, percentile, round, runLoad } from './http-load';
import { runPacedLoadInChild, slowClusters } from './paced-load';

const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

export interface RecsFigures {
  requests: number;
  achievedRatePerSec: number;
  /** 5xx, network errors, timeouts and any answer but 200 */
  errors: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** from the moment each request was due (counts waits for the generator or a connection) */
  fromDueP99Ms: number;
  /** the server's own time (Server-Timing), p99: when far below p99, the rest is waiting for CPU or the event loop */
  handlerP99Ms: number;
  /** slow answers (≥ 2 ms) and how many came in stalls (≥ 3 due within 25 ms) */
  slowAnswers: number;
  inStalls: number;
}

/** `seconds` of recommendations at `rate` req/s, requests `offset`… of the signed mix. */
export async function recsLoad(o: { origin: string; secret: string; shop: string; productIds: string[]; rate: number; seconds: number; offset: number }): Promise<RecsFigures> {
  const n = Math.round(o.rate * o.seconds);
  const paths = Array.from({ length: n }, (_, k) => recommendationsPath(o.secret, o.shop, o.productIds, o.offset + k));
  const load = await runPacedLoadInChild({ origin: o.origin, paths, ratePerSec: o.rate, connections: 32 });
  const slow = slowClusters(load, o.rate);
  return {
    requests: load.requests,
    achievedRatePerSec: Math.round(load.requests / load.seconds),
    errors: load.errors + (load.requests - (load.statuses['200'] ?? 0)),
    p50Ms: round(percentile(load.latenciesMs, 0.5)),
    p99Ms: round(percentile(load.latenciesMs, 0.99)),
    p999Ms: round(percentile(load.latenciesMs, 0.999)),
    maxMs: round(percentile(load.latenciesMs, 1)),
    fromDueP99Ms: round(percentile(load.fromDueMs, 0.99)),
    handlerP99Ms: round(percentile(load.serverMs, 0.99)),
    slowAnswers: slow.slowAnswers,
    inStalls: slow.inClusters,
  };
}

export interface IngestShop {
  id: number;
  shopKey: string;
}

/**
 * Batch `i` of an ingest load: page, product, collection views and adds to cart of one
 * visitor, timestamped now. Ids in base 36: the ingest pipeline's PII masking rewrites
 * digit runs that look like phone numbers even inside event ids (e.g. `x-3000-100-10`),
 * which would merge distinct events.
 */
function ingestBatch(prefix: string, i: number, size: number): JourneyEvent[] {
  const names = ['page_viewed', 'product_viewed', 'collection_viewed', 'product_added_to_cart'] as const;
  const t = Date.now() - size * 50;
  return Array.from({ length: size }, (_, k) => ({
    id: `${prefix}-${i.toString(36)}-${k.toString(36)}`,
    name: names[k % names.length],
    ts: t + k * 50,
    clientId: `mixed-client-${i % 5000}`,
    path: k % 4 === 1 ? `/products/p-${(i * 7 + k) % 500}` : '/collections/all',
    productId: k % 4 === 1 || k % 4 === 3 ? String(1000 + ((i * 7 + k) % 500)) : undefined,
    price: k % 4 === 1 ? 25 : undefined,
  }));
}

export interface IngestLoad {
  requests: number;
  errors: number;
  seconds: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ledger: AckLedger;
}

/**
 * `seconds` of POST /ingest at `eventsPerSec` in batches of `batchSize`, batch i for shop
 * i mod shops (open loop, paced; at most 64 in flight). Event ids start with `prefix`.
 */
export async function ingestLoad(o: { origin: string; shops: IngestShop[]; eventsPerSec: number; batchSize: number; seconds: number; prefix: string }): Promise<IngestLoad> {
  const ratePerSec = o.eventsPerSec / o.batchSize;
  const ledger = new AckLedger();
  const inFlight = new Map<number, { shopId: number; ids: string[] }>();
  const res = await runLoad({
    concurrency: 64,
    seconds: o.seconds,
    maxRequests: Math.round(ratePerSec * o.seconds),
    ratePerSec,
    client: 'http',
    request: (i) => {
      const shop = o.shops[i % o.shops.length];
      const events = ingestBatch(o.prefix, i, o.batchSize);
      inFlight.set(i, { shopId: shop.id, ids: events.map((e) => e.id) });
      return {
        url: `${o.origin}/ingest`,
        init: { method: 'POST', headers: { 'content-type': 'text/plain', 'user-agent': UA }, body: JSON.stringify({ shopKey: shop.shopKey, events }) },
      };
    },
    onAnswer: (i, status, body) => {
      const sent = inFlight.get(i)!;
      if (status === 200) ledger.recordAnswer(sent.shopId, sent.ids, body);
      inFlight.delete(i);
    },
  });
  return {
    requests: res.requests,
    errors: res.errors + (res.requests - (res.statuses['200'] ?? 0)),
    seconds: res.seconds,
    ackP50Ms: round(percentile(res.latenciesMs, 0.5)),
    ackP99Ms: round(percentile(res.latenciesMs, 0.99)),
    ledger,
  };
}

export interface TrainingLoop {
  /** resolves once a training has been asked for and accepted (or one was already running) */
  started: Promise<void>;
  stop(): Promise<{ requested: number; accepted: number; statuses: Record<string, number> }>;
}

/**
 * Keeps one training of `shop` running: asks POST /api/models/retrain (admin session
 * token) every `everyMs`; 202 starts one, 409 means one is still running.
 */
export function keepTraining(o: { origin: string; shop: string; secret: string; apiKey: string; everyMs?: number }): TrainingLoop {
  let running = true;
  let requested = 0;
  let accepted = 0;
  const statuses: Record<string, number> = {};
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const loop = (async () => {
    while (running) {
      const token = sessionToken(o.shop, { secret: o.secret, apiKey: o.apiKey });
      const status = await httpRequest(`${o.origin}/api/models/retrain`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'user-agent': UA }, timeoutMs: 10_000 }).then(
        (r) => String(r.status),
        () => 'network',
      );
      requested++;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === '202') accepted++;
      if (status === '202' || status === '409') markStarted();
      await new Promise((r) => setTimeout(r, o.everyMs ?? 500));
    }
  })();
  return {
    started,
    async stop() {
      running = false;
      await loop;
      markStarted();
      return { requested, accepted, statuses };
    },
  };
}
