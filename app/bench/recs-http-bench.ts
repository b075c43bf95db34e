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
import { trainShop } from '../jobs/train-job';
import { runAutocannon } from './autocannon-load';
import { percentile, runLoad } from './http-load';
import { startServerProcess } from './server-process';
import { seedTrainableShop } from './seed-shop';

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
    log(`ingesting ${events.toLocaleString()} simulated events, sessionising`);
    const shop = await seedTrainableShop(db, url, { domain, events, products, seed: 'recs' });
    log('training');
    const trained = await trainShop(db, shop.id);
    await db.$disconnect();

    const server = await startServerProcess({
      DATABASE_URL: url,
      SHOPIFY_API_KEY: 'bench-key',
      SHOPIFY_API_SECRET: SECRET,
      HOST: 'https://waymark.bench',
    });
    try {
      const ids = shop.productIds;
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
      const seconds = opts.seconds ?? 20;
      const origin = new URL(server.url).origin;
      const path = (i: number) => {
        const u = new URL(request(i).url);
        return `${u.pathname}${u.search}`;
      };
      const paced = async (client: 'http' | 'fetch') => {
        log(`open loop at ${rate} req/s (${client === 'http' ? 'node:http keep-alive' : 'fetch'} client)`);
        const cpu0 = server.cpuSeconds();
        const own0 = process.cpuUsage();
        const load = await runLoad({ concurrency: 64, seconds, ratePerSec: rate, request, client });
        const own = process.cpuUsage(own0);
        const ok = load.statuses['200'] ?? 0;
        return {
          client,
          achievedRatePerSec: Math.round(load.requests / load.seconds),
          requests: load.requests,
          errors: load.errors + (load.requests - ok),
          p50Ms: round(percentile(load.latenciesMs, 0.5)),
          p90Ms: round(percentile(load.latenciesMs, 0.9)),
          p99Ms: round(percentile(load.latenciesMs, 0.99)),
          maxMs: round(percentile(load.latenciesMs, 1)),
          serverP50Ms: round(percentile(load.serverMs, 0.5)),
          serverP99Ms: round(percentile(load.serverMs, 0.99)),
          serverCpuPerRequestMs: round(((server.cpuSeconds() - cpu0) * 1000) / Math.max(1, load.requests)),
          generatorCpuPerRequestMs: round((own.user + own.system) / 1000 / Math.max(1, load.requests)),
        };
      };
      const runs = [await paced('http'), await paced('fetch')];
      log('closed loop for the ceiling (autocannon)');
      const ceiling = await runAutocannon({ origin, path, seconds: 10, connections: 32 });
      return {
        model: trained.result.selected,
        trainedOnEvents: events,
        products,
        targetRatePerSec: rate,
        runs,
        ceilingRatePerSec: ceiling.achievedRatePerSec,
        ceilingP99Ms: ceiling.p99Ms,
        ceilingErrors: ceiling.errors + ceiling.non2xx + ceiling.timeouts,
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
