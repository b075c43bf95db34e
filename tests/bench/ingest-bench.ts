/**
 * Ingest throughput over loopback HTTP: the real server in its own process, batches of 20
 * events as the pixel sends them, closed-loop clients. Reports accepted events/s, the
 * server's CPU use (so events per core-second), p50/p99 acknowledgement latency, and checks
 * that every acknowledged event is in the database (by id: tests/bench/ack-check.ts).
 */
import { ensureShop } from '../../app/shops/shop-rows';
import type { JourneyEvent } from '../../app/api-contract/ingest';
import { percentile, runLoad } from './http-load';
import { startServerProcess } from './server-process';
import { freshDb } from '../helpers/db';
import { AckLedger, storedAckCheck, type AckCheck } from './ack-check';

export interface IngestBenchResult {
  provider: 'sqlite' | 'postgresql';
  batchSize: number;
  concurrency: number;
  seconds: number;
  requests: number;
  eventsAccepted: number;
  eventsPerSec: number;
  serverCpuSeconds: number;
  eventsPerCoreSecond: number;
  ackP50Ms: number;
  ackP99Ms: number;
  errors: number;
  /** every acknowledged event id looked up in the store */
  acks: AckCheck;
}

function batch(prefix: string, i: number, size: number): JourneyEvent[] {
  const t = Date.UTC(2026, 10, 1) + i * 1000;
  const names = ['page_viewed', 'product_viewed', 'collection_viewed', 'product_added_to_cart'] as const;
  return Array.from({ length: size }, (_, k) => ({
    id: `${prefix}-${i}-${k}`,
    name: names[k % names.length],
    ts: t + k * 50,
    clientId: `bench-client-${i}`,
    path: k % 4 === 1 ? `/products/p-${(i * 7 + k) % 500}` : '/collections/all',
    productId: k % 4 === 1 || k % 4 === 3 ? String(1000 + ((i * 7 + k) % 500)) : undefined,
    price: k % 4 === 1 ? 25 : undefined,
  }));
}

export async function benchIngest(opts: {
  provider: 'sqlite' | 'postgresql';
  seconds?: number;
  concurrency?: number;
  batchSize?: number;
}): Promise<IngestBenchResult> {
  const seconds = opts.seconds ?? 15;
  const concurrency = opts.concurrency ?? 32;
  const batchSize = opts.batchSize ?? 20;
  const fresh = await freshDb(opts.provider);
  const { url, db } = fresh;
  try {
    const shop = await ensureShop(db, 'bench.myshopify.com');
    const server = await startServerProcess({
      DATABASE_URL: url,
      WAYMARK_INGEST_SHOP_RATE: '10000000',
      WAYMARK_INGEST_CLIENT_RATE: '100000',
    });
    const ledger = new AckLedger();
    const batches = new Map<number, JourneyEvent[]>();
    try {
      // warm-up
      await runLoad({
        concurrency: 4,
        seconds: 2,
        request: (i) => ({ url: `${server.url}/ingest`, init: { method: 'POST', body: JSON.stringify({ shopKey: shop.shopKey, events: batch('warm', i, batchSize) }) } }),
      });
      const cpu0 = server.cpuSeconds();
      const res = await runLoad({
        concurrency,
        seconds,
        request: (i) => {
          const events = batch('run', i, batchSize);
          batches.set(i, events);
          return {
            url: `${server.url}/ingest`,
            init: {
              method: 'POST',
              headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0' },
              body: JSON.stringify({ shopKey: shop.shopKey, events }),
            },
          };
        },
        onAnswer: (i, status, body) => {
          if (status === 200) ledger.recordAnswer(shop.id, batches.get(i)!.map((e) => e.id), body);
          batches.delete(i);
        },
      });
      const cpu = server.cpuSeconds() - cpu0;
      const accepted = ledger.size;
      const acks = await storedAckCheck(db, ledger, { shopIds: [shop.id], eventIdPrefix: 'run-' });

      await db.$disconnect();
      return {
        provider: opts.provider,
        batchSize,
        concurrency,
        seconds: res.seconds,
        requests: res.requests,
        eventsAccepted: accepted,
        eventsPerSec: Math.round(accepted / res.seconds),
        serverCpuSeconds: Math.round(cpu * 100) / 100,
        eventsPerCoreSecond: Math.round(accepted / Math.max(cpu, 0.01)),
        ackP50Ms: Math.round(percentile(res.latenciesMs, 0.5) * 100) / 100,
        ackP99Ms: Math.round(percentile(res.latenciesMs, 0.99) * 100) / 100,
        errors: res.errors,
        acks,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await fresh.cleanup();
  }
}
