/**
 * The storefront recommendations endpoint over loopback HTTP, signature checks included:
 * a store trained on simulated journeys, the real server in its own process with Shopify
 * credentials (so every request's app-proxy signature is verified), an open-loop load at a
 * fixed rate for the latency figures, then a closed loop for the throughput ceiling.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '../db/client';
import { migrate } from '../db/migrate';
import { ensureShop } from '../shops/shops';
import { upsertProducts } from '../catalog/products';
import { createEventStore } from '../ingest/event-store';
import { toRow } from '../ingest/pipeline';
import { hashClientId } from '../ingest/client-hash';
import { sessionizeShop } from '../jobs/sessionize-job';
import { trainShop } from '../jobs/train-job';
import { simulate, simulatorCatalogs, catalogProductRows } from '../simulator';
import { percentile, runLoad } from './http-load';
import { startServerProcess } from './server-process';

const SECRET = 'bench-secret-0123456789';

function signedQuery(params: Record<string, string>): string {
  const all = { ...params, timestamp: String(Math.floor(Date.now() / 1000)) };
  const message = Object.keys(all)
    .sort()
    .map((k) => `${k}=${all[k as keyof typeof all]}`)
    .join('');
  return new URLSearchParams({ ...all, signature: createHmac('sha256', SECRET).update(message).digest('hex') }).toString();
}

export async function benchRecsHttp(opts: { events?: number; products?: number; rate?: number; seconds?: number; log?: (m: string) => void } = {}) {
  const log = opts.log ?? (() => {});
  const events = opts.events ?? 100_000;
  const products = opts.products ?? 2_000;
  const dir = mkdtempSync(join(tmpdir(), 'waymark-recs-bench-'));
  const url = `file:${join(dir, 'bench.sqlite')}`;
  try {
    await migrate({ url });
    const db = createDb({ url });
    const domain = 'bench-recs.myshopify.com';
    const shop = await ensureShop(db, domain);
    const [catalog] = simulatorCatalogs({ seed: 'recs', products });
    const rows = catalogProductRows(catalog);
    await upsertProducts(db, shop.id, rows.map((p) => ({ ...p, tags: p.tags.join(',') })));
    log(`ingesting ${events.toLocaleString()} simulated events`);
    const store = createEventStore({ provider: 'sqlite', url });
    let batch = [];
    const now = new Date();
    for (const e of simulate({ seed: 'recs', events, products, days: 30 })) {
      batch.push(toRow(shop.id, e.event, hashClientId(shop.salt, e.event.clientId), e.device, now));
      if (batch.length === 500) {
        await store.insert(batch);
        batch = [];
      }
    }
    await store.insert(batch);
    await store.close();
    log('sessionising and training');
    await sessionizeShop(db, shop.id);
    const trained = await trainShop(db, shop.id);
    await db.$disconnect();

    const server = await startServerProcess({
      DATABASE_URL: url,
      SHOPIFY_API_KEY: 'bench-key',
      SHOPIFY_API_SECRET: SECRET,
      HOST: 'https://waymark.bench',
    });
    try {
      const ids = rows.map((r) => r.productId);
      const placements = ['recommended', 'also_like', 'bought_together'];
      const request = (i: number) => {
        const p = ids[(i * 31) % ids.length];
        const recent = [ids[(i * 7) % ids.length], ids[(i * 13) % ids.length], p].join(',');
        const qs = signedQuery({ shop: domain, placement: placements[i % 3], product_id: p, recent, limit: '8', visitor: `v${i % 5000}`, path_prefix: '/apps/waymark' });
        return { url: `${server.url}/apps/waymark/recommendations?${qs}` };
      };
      // Warm up the shop state cache and the JIT.
      await runLoad({ concurrency: 8, seconds: 3, request });
      const rate = opts.rate ?? 1000;
      log(`open loop at ${rate} req/s`);
      const cpu0 = server.cpuSeconds();
      const open = await runLoad({ concurrency: 64, seconds: opts.seconds ?? 20, ratePerSec: rate, request });
      const cpuOpen = server.cpuSeconds() - cpu0;
      log('closed loop for the ceiling');
      const closed = await runLoad({ concurrency: 32, seconds: 10, request });
      const ok = open.statuses['200'] ?? 0;
      return {
        model: trained.result.selected,
        trainedOnEvents: events,
        products,
        targetRatePerSec: rate,
        achievedRatePerSec: Math.round(open.requests / open.seconds),
        ok200: ok,
        errors: open.errors + (open.requests - ok),
        p50Ms: round(percentile(open.latenciesMs, 0.5)),
        p99Ms: round(percentile(open.latenciesMs, 0.99)),
        serverCpuPerRequestMs: round((cpuOpen * 1000) / Math.max(1, open.requests)),
        ceilingRatePerSec: Math.round(closed.requests / closed.seconds),
        ceilingP99Ms: round(percentile(closed.latenciesMs, 0.99)),
      };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
