/**
 * The storefront recommendations endpoint over loopback HTTP, signature checks included:
 * a store trained on simulated journeys, the real server in its own process with Shopify
 * credentials (so every request's app-proxy signature is verified), open-loop load at a
 * fixed rate for the latency figures (several runs: one run's p99 on a shared VM is noisy),
 * then a closed loop for the throughput ceiling.
 *
 * Same-run baselines: the same server with the endpoint behind Express's router (how it
 * was served before it got its own place in front), a bare node:http server answering a
 * fixed body (the machine's floor), the previous node:http load generator, and
 * @shopify/shopify-api's own signature check against the one the endpoint uses.
 */
import '@shopify/shopify-api/adapters/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseQuery } from 'node:querystring';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import { createAppProxyVerifier, type ProxyQuery } from '../../app/auth/app-proxy-signature';
import { createDb } from '../../app/db/client';
import { migrate } from '../../app/db/migrate';
import { trainShop } from '../../app/jobs/train-job';
import { runAutocannon } from './autocannon-load';
import { percentile, round, runLoad } from './http-load';
import { damonSamplingIntervalsMs, probeMachineStalls } from './machine-stalls';
import { runPacedLoadInChild, slowClusters, type PacedLoadResult } from './paced-load';
import { startServerProcess, type ServerProcess } from './server-process';
import { seedTrainableShop } from './seed-shop';
import { recommendationsPath } from './app-proxy-request';

const SECRET = 'bench-secret-0123456789';
const DOMAIN = 'bench-recs.myshopify.com';

/** Request i of the mix (tests/bench/app-proxy-request.ts). */
function requestPath(ids: string[], i: number): string {
  return recommendationsPath(SECRET, DOMAIN, ids, i);
}

const LABELS = { listener: 'as deployed', express: 'behind Express (baseline)', bare: 'bare node:http (floor)' } as const;

export interface PacedRun {
  server: 'listener' | 'express' | 'bare';
  generator: 'raw-socket' | 'node:http';
  achievedRatePerSec: number;
  requests: number;
  errors: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  /** from the request's due time (includes any wait to be sent): p99 */
  fromDueP99Ms: number | null;
  serverP50Ms: number;
  serverP99Ms: number;
  serverCpuPerRequestMs: number;
  generatorCpuPerRequestMs: number;
  /** slow answers (≥ 2 ms) and the stalls (≥ 3 slow answers due together) they came in */
  slow: ReturnType<typeof slowClusters> | null;
}

async function pacedRun(opts: {
  server: ServerProcess;
  kind: PacedRun['server'];
  generator: PacedRun['generator'];
  ids: string[];
  rate: number;
  seconds: number;
  offset: number;
}): Promise<{ run: PacedRun; latenciesMs: Float64Array }> {
  const { server, rate, seconds } = opts;
  const n = rate * seconds;
  // Signed just before the run (all within Shopify's 90 s tolerance), so the generator only sends.
  const paths = Array.from({ length: n }, (_, k) => requestPath(opts.ids, opts.offset + k));
  const cpu0 = server.cpuSeconds();
  let load: Pick<PacedLoadResult, 'requests' | 'errors' | 'statuses' | 'seconds' | 'latenciesMs' | 'serverMs'> & Partial<PacedLoadResult>;
  let generatorCpuMs: number;
  if (opts.generator === 'raw-socket') {
    const child = await runPacedLoadInChild({ origin: server.url, paths, ratePerSec: rate, connections: 32 });
    load = child;
    generatorCpuMs = child.cpuMs;
  } else {
    const own0 = process.cpuUsage();
    load = await runLoad({ concurrency: 64, seconds, maxRequests: n, ratePerSec: rate, request: (k) => ({ url: `${server.url}${paths[k]}` }), client: 'http' });
    const own = process.cpuUsage(own0);
    generatorCpuMs = (own.user + own.system) / 1000;
  }
  const ok = load.statuses['200'] ?? 0;
  const run: PacedRun = {
    server: opts.kind,
    generator: opts.generator,
    achievedRatePerSec: Math.round(load.requests / load.seconds),
    requests: load.requests,
    errors: load.errors + (load.requests - ok),
    p50Ms: round(percentile(load.latenciesMs, 0.5)),
    p90Ms: round(percentile(load.latenciesMs, 0.9)),
    p99Ms: round(percentile(load.latenciesMs, 0.99)),
    p999Ms: round(percentile(load.latenciesMs, 0.999)),
    maxMs: round(percentile(load.latenciesMs, 1)),
    fromDueP99Ms: load.fromDueMs ? round(percentile(load.fromDueMs, 0.99)) : null,
    serverP50Ms: round(percentile(load.serverMs, 0.5)),
    serverP99Ms: round(percentile(load.serverMs, 0.99)),
    serverCpuPerRequestMs: round(((server.cpuSeconds() - cpu0) * 1000) / Math.max(1, load.requests)),
    generatorCpuPerRequestMs: round(generatorCpuMs / Math.max(1, load.requests)),
    slow: load.requestIndex ? slowClusters(load as PacedLoadResult, rate) : null,
  };
  return { run, latenciesMs: load.latenciesMs };
}

/** µs of CPU per app proxy signature check, and of wall time per check awaited one at a time. */
async function signatureCost(ids: string[], count = 5_000) {
  const shopify = shopifyApi({
    apiKey: 'bench-key',
    apiSecretKey: SECRET,
    hostName: 'waymark.bench',
    apiVersion: ApiVersion.October26,
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error, log: async () => {} },
  });
  const verify = createAppProxyVerifier(SECRET);
  const queries = Array.from({ length: count }, (_, i) => parseQuery(requestPath(ids, i).split('?')[1]) as ProxyQuery);
  const measure = async (check: (q: ProxyQuery) => boolean | Promise<boolean>) => {
    for (const q of queries.slice(0, 500)) await check(q); // warm-up
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let ok = 0;
    for (const q of queries) if (await check(q)) ok++;
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (ok !== count) throw new Error(`signature check refused ${count - ok} of ${count} valid queries`);
    return { cpuUs: round((cpu.user + cpu.system) / count), wallUs: round((wall * 1000) / count) };
  };
  return {
    library: await measure((q) => shopify.utils.validateHmac(q as Record<string, string>, { signator: 'appProxy' })),
    endpoint: await measure((q) => verify(q).ok),
  };
}

export async function benchRecsHttp(opts: { events?: number; products?: number; rate?: number; seconds?: number; runs?: number; log?: (m: string) => void } = {}) {
  const log = opts.log ?? (() => {});
  const events = opts.events ?? 100_000;
  const products = opts.products ?? 2_000;
  const rate = opts.rate ?? 1000;
  const seconds = opts.seconds ?? 20;
  const runs = opts.runs ?? 5;
  const dir = mkdtempSync(join(tmpdir(), 'waymark-recs-bench-'));
  const url = `file:${join(dir, 'bench.sqlite')}`;
  try {
    log('machine steadiness (5 s spin, nothing else running)');
    const stalls = await probeMachineStalls(5_000);
    await migrate({ url });
    const db = createDb({ url });
    log(`ingesting ${events.toLocaleString()} simulated events, sessionizing`);
    const shop = await seedTrainableShop(db, url, { domain: DOMAIN, events, products, seed: 'recs' });
    log('training');
    const trained = await trainShop(db, shop.id);
    await db.$disconnect();
    const ids = shop.productIds;
    log('signature check: @shopify/shopify-api vs the endpoint\'s');
    const signature = await signatureCost(ids);

    const env = { DATABASE_URL: url, SHOPIFY_API_KEY: 'bench-key', SHOPIFY_API_SECRET: SECRET, HOST: 'https://waymark.bench' };
    const paced: PacedRun[] = [];
    /** every latency of the deployed server's raw-socket runs, for the p99 over all of them */
    const pooled: Float64Array[] = [];
    let offset = 0;
    const serve = async (kind: PacedRun['server'], plan: Array<PacedRun['generator']>) => {
      const entry = { listener: undefined, express: 'tests/bench/serve-express-only.ts', bare: 'tests/bench/serve-bare.ts' }[kind];
      const server = await startServerProcess(env, entry);
      try {
        // Warm up the shop state cache and the JIT.
        await runLoad({ concurrency: 8, seconds: 3, request: (k) => ({ url: `${server.url}${requestPath(ids, k)}` }), client: 'http' });
        for (const generator of plan) {
          log(`${LABELS[kind]}: open loop at ${rate} req/s for ${seconds} s (${generator} generator)`);
          const { run, latenciesMs } = await pacedRun({ server, kind, generator, ids, rate, seconds, offset });
          paced.push(run);
          if (kind === 'listener' && generator === 'raw-socket') pooled.push(latenciesMs);
          offset += rate * seconds;
        }
        log('closed loop for the ceiling (autocannon)');
        const ceiling = await runAutocannon({ origin: server.url, path: (k) => requestPath(ids, k), seconds: 10, connections: 32 });
        return { server: kind, ratePerSec: ceiling.achievedRatePerSec, p99Ms: ceiling.p99Ms, errors: ceiling.errors + ceiling.non2xx + ceiling.timeouts };
      } finally {
        await server.stop();
      }
    };
    const ceilings = [
      await serve('listener', [...Array.from({ length: runs }, () => 'raw-socket' as const), 'node:http']),
      await serve('express', ['raw-socket']),
      await serve('bare', ['raw-socket']),
    ];
    const deployed = paced.filter((r) => r.server === 'listener' && r.generator === 'raw-socket');
    const p99s = deployed.map((r) => r.p99Ms).sort((a, b) => a - b);
    return {
      model: trained.result.selected,
      trainedOnEvents: events,
      products,
      targetRatePerSec: rate,
      secondsPerRun: seconds,
      runs: paced,
      medianP99Ms: p99s[Math.floor(p99s.length / 2)],
      pooledRequests: pooled.reduce((a, l) => a + l.length, 0),
      pooledP99Ms: round(percentile(Float64Array.from(pooled.flatMap((l) => Array.from(l))), 0.99)),
      worstP99Ms: p99s[p99s.length - 1],
      ceilings,
      signature,
      machine: { stalls, damonSamplingMs: damonSamplingIntervalsMs() },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function recsHttpMarkdown(r: Awaited<ReturnType<typeof benchRecsHttp>>): string {
  const row = (cells: Array<string | number | null>) => `| ${cells.map((c) => (c === null ? '—' : c)).join(' | ')} |`;
  const head = ['server', 'load generator', 'achieved req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'p99 from due ms', 'handler p50 / p99 ms', 'errors', 'server CPU ms/req', 'generator CPU ms/req', 'slow (≥ 2 ms) / in stalls', 'stalls, median gap'];
  const lines = [
    `At ${r.targetRatePerSec.toLocaleString('en-US')} req/s, as deployed: **p99 ${r.pooledP99Ms} ms over all ${r.pooledRequests.toLocaleString('en-US')} requests** of ${r.runs.filter((g) => g.server === 'listener' && g.generator === 'raw-socket').length} runs of ${r.secondsPerRun} s; per run, median ${r.medianP99Ms} ms, worst ${r.worstP99Ms} ms. Goal: < 5 ms.`,
    '',
    row(head),
    `|${head.map(() => '---').join('|')}|`,
    ...r.runs.map((g) =>
      row([
        LABELS[g.server], g.generator, g.achievedRatePerSec, g.p50Ms, g.p90Ms, g.p99Ms, g.p999Ms, g.maxMs, g.fromDueP99Ms, `${g.serverP50Ms} / ${g.serverP99Ms}`, g.errors,
        g.serverCpuPerRequestMs, g.generatorCpuPerRequestMs,
        g.slow ? `${g.slow.slowAnswers} / ${g.slow.inClusters}` : null,
        g.slow ? `${g.slow.clusters}, ${g.slow.medianGapMs ?? '—'} ms` : null,
      ]),
    ),
    '',
    `Throughput ceiling (autocannon, closed loop, 32 connections, 10 s): ${r.ceilings.map((c) => `${LABELS[c.server]} **${c.ratePerSec.toLocaleString('en-US')} req/s** (p99 ${c.p99Ms} ms, ${c.errors} errors)`).join('; ')}.`,
    '',
    `App proxy signature check, one at a time: @shopify/shopify-api \`validateHmac\` ${r.signature.library.cpuUs} µs CPU, ${r.signature.library.wallUs} µs awaited; the endpoint's (same rules, node:crypto) ${r.signature.endpoint.cpuUs} µs CPU, ${r.signature.endpoint.wallUs} µs.`,
    '',
    `This machine, idle, before the runs: a spinning thread missed ${r.machine.stalls.over1Ms} moments over 1 ms in ${r.machine.stalls.seconds} s (${r.machine.stalls.over4Ms} over 4 ms, longest ${r.machine.stalls.longestMs} ms). ` +
      (r.machine.damonSamplingMs.length
        ? `The kernel's DAMON memory monitor runs here, sampling every ${r.machine.damonSamplingMs.join(', ')} ms.`
        : 'No DAMON memory monitor runs here.'),
    '',
    `Model ${r.model} trained on ${r.trainedOnEvents.toLocaleString('en-US')} simulated events, ${r.products.toLocaleString('en-US')} products. ` +
      'Every request carries its own app proxy signature, which the server verifies, and varies placement, product, session context and visitor. ' +
      '"as deployed" is the server as `npm start` runs it (the endpoint\'s handler in front of Express); "behind Express" is the same app served by `app.listen`, so the endpoint goes through Express\'s router; "bare node:http" (tests/bench/serve-bare.ts) answers every request with a fixed JSON body of the same size and does nothing else: its tail is the machine\'s and the runtime\'s. ' +
      'The raw-socket generator (tests/bench/paced-load.ts, in a Node process of its own) writes prebuilt requests on 32 keep-alive connections at fixed due times (open loop); latencies run from the write to the last byte of the answer, and "from due" from the moment the request was due (it also counts any wait for the generator or a free connection). ' +
      'The node:http generator is the previous one (64 workers, a node:http request each, in the benchmark\'s own process, whose heap holds what seeding and training left), kept as a baseline: it costs about twice the CPU per request, and its own delays land in the tail. ' +
      '"handler" is the server\'s own time from its `Server-Timing` header (signature, state lookup, ranking, serialization). ' +
      'A stall is three or more slow answers due within 25 ms of each other; "median gap" is the median time between stalls. ' +
      'Server and generator share the 2 cores; autocannon paces in per-second bursts, so it gives the closed-loop ceiling only, in whole milliseconds.',
  ];
  return lines.join('\n');
}
