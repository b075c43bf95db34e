/**
 * Memory of GET /api/data/export over a shop with ~300k events: the server in its own
 * process (local mode, loopback dev bypass), its RSS sampled every 20 ms while the export
 * downloads. Reports peak RSS growth over the idle server for one export and for three
 * parallel requests (one runs, the others get 409), and the latency of a one-event ingest
 * into another shop posted while the export runs.
 */
import http from 'node:http';
import { probePg } from '../../app/db/pg-admin';
import { ensureShop } from '../../app/shops/shop-rows';
import { createEventStore } from '../../app/ingest/event-store';
import { toRow } from '../../app/ingest/pipeline';
import { startServerProcess, type ServerProcess } from './server-process';
import { freshDb, PG_SERVER_URL } from '../helpers/db';

export interface ExportMemoryResult {
  provider: 'sqlite' | 'postgresql';
  events: number;
  idleRssMb: number;
  single: { status: number; bytes: number; seconds: number; peakRssGrowthMb: number };
  parallel: { statuses: number[]; peakRssGrowthMb: number; seconds: number };
  otherShopIngestMs: number;
}

const SHOP = 'export-bench.myshopify.com';

function download(url: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function sampling<T>(server: ServerProcess, work: () => Promise<T>): Promise<{ result: T; peak: number; seconds: number }> {
  let peak = server.rssBytes();
  const timer = setInterval(() => (peak = Math.max(peak, server.rssBytes())), 20);
  const t0 = performance.now();
  try {
    const result = await work();
    return { result, peak: Math.max(peak, server.rssBytes()), seconds: (performance.now() - t0) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

export async function benchExportMemory(opts: { events?: number } = {}): Promise<ExportMemoryResult> {
  const events = opts.events ?? Number(process.env.WAYMARK_BENCH_EXPORT_EVENTS ?? 300_000);
  const provider = (await probePg(PG_SERVER_URL, 2_000)).ok ? 'postgresql' : 'sqlite';
  const fresh = await freshDb(provider);
  const { url, db } = fresh;
  try {
    const shop = await ensureShop(db, SHOP);
    const other = await ensureShop(db, 'export-bench-other.myshopify.com');
    await db.$disconnect();
    const store = createEventStore({ provider, url });
    const t0 = Date.UTC(2026, 9, 1);
    const names = ['page_viewed', 'product_viewed', 'collection_viewed', 'product_added_to_cart'] as const;
    for (let from = 0; from < events; from += 2_000) {
      const rows = [];
      for (let i = from; i < Math.min(events, from + 2_000); i++) {
        const k = i % 4;
        rows.push(
          toRow(
            shop.id,
            { id: `exp-${i}`, name: names[k], ts: t0 + i * 1000, clientId: 'c', path: k === 1 ? `/products/p-${i % 500}` : '/collections/all', productId: k % 2 ? String(1000 + (i % 500)) : undefined, price: k === 1 ? 25 : undefined },
            `client-${i % 5000}`,
            'desktop',
            new Date(t0 + i * 1000),
          ),
        );
      }
      await store.insert(rows);
    }
    await store.close();

    const server = await startServerProcess({ DATABASE_URL: url, WAYMARK_DEV_SHOP: SHOP, LOG_LEVEL: 'fatal' });
    try {
      await download(`${server.url}/api/shop`);
      await new Promise((r) => setTimeout(r, 1_000));
      const idle = server.rssBytes();
      const single = await sampling(server, () => download(`${server.url}/api/data/export`));
      await new Promise((r) => setTimeout(r, 1_000));
      const idle2 = server.rssBytes();
      let otherShopIngestMs = NaN;
      const parallel = await sampling(server, async () => {
        const all = Promise.all([0, 1, 2].map(() => download(`${server.url}/api/data/export`)));
        await new Promise((r) => setTimeout(r, 300));
        const t = performance.now();
        const res = await fetch(`${server.url}/ingest`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ shopKey: other.shopKey, events: [{ id: 'probe-1', name: 'page_viewed', ts: Date.now(), clientId: 'probe', path: '/' }] }),
        });
        await res.text();
        otherShopIngestMs = Math.round((performance.now() - t) * 10) / 10;
        return all;
      });
      const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
      return {
        provider,
        events,
        idleRssMb: mb(idle),
        single: { status: single.result.status, bytes: single.result.bytes, seconds: Math.round(single.seconds * 10) / 10, peakRssGrowthMb: mb(single.peak - idle) },
        parallel: { statuses: parallel.result.map((r) => r.status), peakRssGrowthMb: mb(parallel.peak - idle2), seconds: Math.round(parallel.seconds * 10) / 10 },
        otherShopIngestMs,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await fresh.cleanup();
  }
}

export function exportMemoryMarkdown(r: ExportMemoryResult): string {
  return [
    '| case | statuses | seconds | peak RSS growth MB |',
    '|---|---|---|---|',
    `| one export (${(r.single.bytes / 2 ** 20).toFixed(1)} MiB of JSON) | ${r.single.status} | ${r.single.seconds} | ${r.single.peakRssGrowthMb} |`,
    `| three parallel requests | ${r.parallel.statuses.join(', ')} | ${r.parallel.seconds} | ${r.parallel.peakRssGrowthMb} |`,
    '',
    `${r.provider}, ${r.events.toLocaleString('en-US')} events in the shop; idle server RSS ${r.idleRssMb} MB. ` +
      `A one-event ingest into another shop, posted while the exports ran, answered in ${r.otherShopIngestMs} ms.`,
  ].join('\n');
}
