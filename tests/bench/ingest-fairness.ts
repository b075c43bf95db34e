/**
 * Per-shop fairness of POST /ingest: a quiet shop's ingest latency (one event per request,
 * paced) alone, then while another shop is flooded by closed-loop clients (batches of 50,
 * a fresh client id per batch so the per-client limit never bites; the per-shop limit at
 * its default). Goal (issue #12): the quiet shop's p99 under the flood stays within 2x of
 * its quiet figure. The server runs in its own process at its default limits.
 */
import { probePg } from '../../app/db/pg-admin';
import { ensureShop } from '../../app/shops/shop-rows';
import { percentile, runLoad } from './http-load';
import { startServerProcess } from './server-process';
import { freshDb, PG_SERVER_URL } from '../helpers/db';

export interface FairnessResult {
  provider: 'sqlite' | 'postgresql';
  seconds: number;
  floodConcurrency: number;
  floodBatch: number;
  quiet: { requests: number; p50Ms: number; p99Ms: number; errors: number };
  flooded: { requests: number; p50Ms: number; p99Ms: number; errors: number };
  flood: { requests: number; eventsAccepted: number; statuses: Record<string, number> };
  p99Ratio: number;
}

const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0';

export async function benchIngestFairness(opts: { seconds?: number; floodConcurrency?: number; provider?: 'sqlite' | 'postgresql' } = {}): Promise<FairnessResult> {
  const seconds = opts.seconds ?? Number(process.env.WAYMARK_BENCH_SECONDS ?? 8);
  const floodConcurrency = opts.floodConcurrency ?? 8;
  const floodBatch = 50;
  const provider = opts.provider ?? ((await probePg(PG_SERVER_URL, 2_000)).ok ? 'postgresql' : 'sqlite');
  const fresh = await freshDb(provider);
  const { url, db } = fresh;
  try {
    const quietShop = await ensureShop(db, 'quiet.myshopify.com');
    const floodShop = await ensureShop(db, 'flooded.myshopify.com');
    await db.$disconnect();
    const server = await startServerProcess({ DATABASE_URL: url, LOG_LEVEL: 'fatal' });
    const now = Date.now();
    const probe = (tag: string) =>
      runLoad({
        concurrency: 1,
        seconds,
        ratePerSec: 50,
        request: (i) => ({
          url: `${server.url}/ingest`,
          init: {
            method: 'POST',
            headers: { 'content-type': 'text/plain', 'user-agent': UA },
            body: JSON.stringify({ shopKey: quietShop.shopKey, events: [{ id: `${tag}-${i}`, name: 'page_viewed', ts: now + i, clientId: `quiet-${i % 20}`, path: '/' }] }),
          },
        }),
      });
    try {
      await probe('warm'); // warm-up (JIT, connections)
      const quiet = await probe('quiet');
      const floodPromise = runLoad({
        concurrency: floodConcurrency,
        seconds: seconds + 2,
        request: (i) => ({
          url: `${server.url}/ingest`,
          init: {
            method: 'POST',
            headers: { 'content-type': 'text/plain', 'user-agent': UA },
            body: JSON.stringify({
              shopKey: floodShop.shopKey,
              events: Array.from({ length: floodBatch }, (_, k) => ({ id: `flood-${i}-${k}`, name: 'product_viewed', ts: now + k, clientId: `flood-${i}`, path: `/products/p-${k}`, productId: String(1000 + k) })),
            }),
          },
        }),
      });
      await new Promise((r) => setTimeout(r, 1_000));
      const flooded = await probe('flooded');
      const flood = await floodPromise;
      const ms = (v: number) => Math.round(v * 10) / 10;
      const summary = (r: typeof quiet) => ({ requests: r.requests, p50Ms: ms(percentile(r.latenciesMs, 0.5)), p99Ms: ms(percentile(r.latenciesMs, 0.99)), errors: r.requests - (r.statuses['200'] ?? 0) });
      const q = summary(quiet);
      const f = summary(flooded);
      return {
        provider,
        seconds,
        floodConcurrency,
        floodBatch,
        quiet: q,
        flooded: f,
        flood: { requests: flood.requests, eventsAccepted: (flood.statuses['200'] ?? 0) * floodBatch, statuses: flood.statuses },
        p99Ratio: Math.round((f.p99Ms / q.p99Ms) * 100) / 100,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await fresh.cleanup();
  }
}

export function fairnessMarkdown(r: FairnessResult): string {
  const rows = [
    `| quiet shop alone | ${r.quiet.requests} | ${r.quiet.p50Ms} | ${r.quiet.p99Ms} | ${r.quiet.errors} |`,
    `| quiet shop during the flood | ${r.flooded.requests} | ${r.flooded.p50Ms} | ${r.flooded.p99Ms} | ${r.flooded.errors} |`,
  ];
  const statuses = Object.entries(r.flood.statuses).map(([k, v]) => `${k}: ${v.toLocaleString('en-US')}`).join(', ');
  return [
    '| phase | requests | p50 ms | p99 ms | non-200 |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `${r.provider}; quiet shop: 1 event per request at 50 requests/s for ${r.seconds} s; flood: ${r.floodConcurrency} closed-loop connections posting batches of ${r.floodBatch} to another shop ` +
      `(${r.flood.requests.toLocaleString('en-US')} requests, ${r.flood.eventsAccepted.toLocaleString('en-US')} events accepted; statuses ${statuses}). ` +
      `**p99 under flood / quiet p99 = ${r.p99Ratio}** (goal: at most 2).`,
  ].join('\n');
}
