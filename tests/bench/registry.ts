/** The benchmarks `npm run bench` knows. Each returns figures (with units in their names) and a markdown table. */
import { benchIngest, type IngestBenchResult } from './ingest-bench';
import { benchIngestCost, ingestCostMarkdown } from './ingest-cost';
import { probePg } from '../../app/db/pg-admin';
import { benchServing, benchTraining, simulatedStore } from './train-bench';
import { benchRecsHttp, recsHttpMarkdown } from './recs-http-bench';
import { runFuzz, fuzzMarkdown } from './fuzz';
import { runSoak, soakMarkdown, type SoakResult } from './soak';
import { runWorkerFailure, probeRedis, deletePrefix, REDIS_URL } from './worker-failure';
import { createDb } from '../../app/db/client';
import { migrate } from '../../app/db/migrate';
import { createPgDatabaseFromUrl, dropPgDatabase } from '../../app/db/pg-admin';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchLighthouse } from './lighthouse-bench';
import { benchJourneyMap } from './journey-map-bench';
import { journeyMapMarkdown } from './journey-map-report';
import { benchIngestFairness, fairnessMarkdown } from './ingest-fairness';
import { benchExportMemory, exportMemoryMarkdown } from './export-memory';
import { benchSearchClusters, searchClustersMarkdown } from './search-clusters-bench';
import { benchReviewText, reviewTextMarkdown } from './review-text-bench';
import { benchColdStart, coldStartMarkdown } from './cold-start-bench';
import { PG_SERVER_URL } from '../helpers/db';
import { mixedOptionsFromEnv, runMixedLoad, type MixedResult } from './mixed-load';
import { mixedMarkdown } from './mixed-load-report';
import { benchCostGrowth, growthOptionsFromEnv } from './cost-growth';
import { growthMarkdown } from './cost-growth-report';

export interface BenchOutput {
  figures: Record<string, unknown>;
  markdown: string;
}

export interface Benchmark {
  name: string;
  title: string;
  description: string;
  run(log: (message: string) => void): Promise<BenchOutput>;
}

function table(headers: string[], rows: (string | number)[][]): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function ingestRow(r: IngestBenchResult): (string | number)[] {
  return [
    r.provider,
    r.eventsPerSec.toLocaleString('en-US'),
    r.eventsPerCoreSecond.toLocaleString('en-US'),
    r.ackP50Ms,
    r.ackP99Ms,
    r.requests.toLocaleString('en-US'),
    r.errors,
    r.acks.acknowledged.toLocaleString('en-US'),
    r.acks.storedOfAcknowledged.toLocaleString('en-US'),
    r.acks.extraStored.toLocaleString('en-US'),
    r.acks.everyAckStored ? 'yes' : `NO (missing e.g. ${r.acks.missingSample.join(', ')})`,
  ];
}

export const BENCHMARKS: Benchmark[] = [
  {
    name: 'search-clusters',
    title: 'Search intent clusters: purity and pairwise F1 on labeled queries',
    description: 'clusters the labeled fixture (tests/fixtures/search-queries.txt) text-only and with co-occurrence; threshold sweep; 5,000-query timing',
    async run(log) {
      const r = await benchSearchClusters(log);
      return { figures: { ...r }, markdown: searchClustersMarkdown(r) };
    },
  },
  {
    name: 'cold-start',
    title: 'Similar products for cold items: content only against text blended with co-views',
    description: 'hides 20% of the test sessions\' products from training, adds them as new products, scores HR@20/MRR@20 of the next click (simulator and REES46); alpha sweep; cost per new product',
    async run(log) {
      const r = await benchColdStart(log);
      return { figures: { ...r }, markdown: coldStartMarkdown(r) };
    },
  },
  {
    name: 'review-text',
    title: 'Reviews and feedback: sentiment accuracy and aspect F1 on labeled texts',
    description: 'sentiment (lexicon read by the learned model) and aspects on the labeled fixtures (tests/fixtures/review-texts*.txt), per language and kind, the lexicon alone beside it; time per text',
    async run(log) {
      const r = await benchReviewText(log);
      return { figures: { ...r }, markdown: reviewTextMarkdown(r) };
    },
  },
  {
    name: 'ingest',
    title: 'Ingest throughput (POST /ingest, batches of 20, loopback HTTP)',
    description: 'events/s and ack latency on SQLite and PostgreSQL, server in its own process',
    async run(log) {
      const results: IngestBenchResult[] = [];
      log('SQLite…');
      results.push(await benchIngest({ provider: 'sqlite' }));
      const pg = await probePg(PG_SERVER_URL, 2_000);
      if (pg.ok) {
        log('PostgreSQL…');
        results.push(await benchIngest({ provider: 'postgresql' }));
      } else log(`PostgreSQL skipped: ${pg.message}`);
      const md =
        table(
          ['database', 'events/s (wall)', 'events per server CPU-second', 'ack p50 ms', 'ack p99 ms', 'requests', '5xx/errors', 'acknowledged events', 'stored of acknowledged', 'extra stored (unacknowledged)', 'every ack stored'],
          results.map(ingestRow),
        ) +
        `\n\nClosed loop, ${results[0].concurrency} concurrent clients, ${results[0].seconds.toFixed(0)} s per database after a 2 s warm-up; ` +
        'the load generator runs in the bench process, the server in its own process (both share this machine\'s 2 cores). ' +
        '"events per server CPU-second" divides accepted events by the server process\'s user+system CPU time: the one-core figure. ' +
        '"every ack stored" looks up each acknowledged event id in the database; "extra stored" are events stored whose answer the client never counted (e.g. lost to a timeout after the commit): harmless.';
      return { figures: Object.fromEntries(results.map((r) => [r.provider, r])), markdown: md };
    },
  },
  {
    name: 'ingest-fairness',
    title: 'Ingest fairness: a quiet shop while another shop is flooded (POST /ingest)',
    description: "the quiet shop's p50/p99 alone and during a flood of another shop (goal: p99 within 2x); WAYMARK_BENCH_SECONDS sets the phase length",
    async run(log) {
      log('quiet phase, then flood phase…');
      const r = await benchIngestFairness();
      return { figures: { ...r }, markdown: fairnessMarkdown(r) };
    },
  },
  {
    name: 'export-memory',
    title: 'GET /api/data/export memory over ~300k events',
    description: 'peak server RSS growth for one export and three parallel requests; WAYMARK_BENCH_EXPORT_EVENTS sets the size',
    async run(log) {
      log('seeding, then exporting…');
      const r = await benchExportMemory();
      return { figures: { ...r }, markdown: exportMemoryMarkdown(r) };
    },
  },
  {
    name: 'models',
    title: 'Per-store training pipeline and in-process serving (simulated stores)',
    description: 'train the per-store pipeline on 100k and 1M simulated events; recommend() latency',
    async run(log) {
      const figures: Record<string, unknown> = {};
      const rows: (string | number)[][] = [];
      const candidateRows: (string | number)[][] = [];
      let serving: Awaited<ReturnType<typeof benchServing>> | undefined;
      let servingVstan: Awaited<ReturnType<typeof benchServing>> | undefined;
      for (const events of [100_000, 1_000_000]) {
        log(`simulating ${events.toLocaleString()} events (10,000 products)`);
        const store = simulatedStore(events, 10_000, `bench-${events}`);
        log(`training (${store.sessions.length.toLocaleString()} sessions)`);
        const { result, seconds } = await benchTraining(store);
        figures[`train_${events}`] = {
          events: store.events,
          sessions: store.sessions.length,
          trainSeconds: Math.round(seconds * 10) / 10,
          selected: result.selected,
          validationEvents: result.validationEvents,
          hr20: result.metrics?.hr20,
          mrr20: result.metrics?.mrr20,
          popHr20: result.baseline?.hr20,
          popMrr20: result.baseline?.mrr20,
        };
        rows.push([
          store.events.toLocaleString('en-US'),
          store.sessions.length.toLocaleString('en-US'),
          seconds.toFixed(1),
          result.selected,
          result.validationEvents,
          (result.metrics?.hr20 ?? 0).toFixed(4),
          (result.metrics?.mrr20 ?? 0).toFixed(4),
          (result.baseline?.hr20 ?? 0).toFixed(4),
          (result.baseline?.mrr20 ?? 0).toFixed(4),
        ]);
        for (const c of result.candidates) {
          candidateRows.push([store.events.toLocaleString('en-US'), c.model, c.hr20.toFixed(4), c.mrr20.toFixed(4), c.trainSeconds.toFixed(2), c.predictMsP50.toFixed(3), c.predictMsP99.toFixed(3)]);
        }
        if (events === 1_000_000) {
          log('serving latency (in-process)');
          serving = await benchServing(store, result);
          figures.serve = serving;
          // The slowest candidate to serve, as if it had won: the bound for any store this size.
          log('serving latency with vstan forced');
          const forced = await benchTraining(store, ['vstan']);
          servingVstan = await benchServing(store, forced.result);
          figures.serveVstan = servingVstan;
        }
      }
      const md = [
        table(['events', 'sessions', 'pipeline seconds', 'selected', 'validation predictions', 'HR@20', 'MRR@20', 'POP HR@20', 'POP MRR@20'], rows),
        '',
        'Candidates on the store\'s most recent sessions (fit on the older ones; HR/MRR@20 as served: the session\'s own products never ranked):',
        '',
        table(['events', 'model', 'HR@20', 'MRR@20', 'fit s', 'predict p50 ms', 'predict p99 ms'], candidateRows),
        '',
        serving
          ? `In-process serving (\`recommend()\`: bundle + eligibility + merchandising, 3 placements), ${serving.sessions.toLocaleString('en-US')} sessions and ${serving.products.toLocaleString('en-US')} products, model ${serving.model}: ` +
            `p50 ${serving.p50Ms.toFixed(3)} ms, p99 ${serving.p99Ms.toFixed(3)} ms over ${serving.requests.toLocaleString('en-US')} requests.` +
            (servingVstan
              ? ` With VSTAN forced as the store's model (the slowest kNN candidate, per-store parameters from ml/validate-candidates.ts STORE_MODEL_PARAMS): p50 ${servingVstan.p50Ms.toFixed(3)} ms, p99 ${servingVstan.p99Ms.toFixed(3)} ms.`
              : '')
          : '',
        '',
        'The pipeline figure is ml/train.ts from in-memory sessions (validation capped at the 4,000 most recent predictions), without reading the database.',
      ].join('\n');
      return { figures, markdown: md };
    },
  },
  {
    name: 'recs-http',
    title: 'Recommendations endpoint over loopback HTTP (app proxy signatures verified)',
    description: 'p50/p99 at 1,000 req/s and the throughput ceiling, server in its own process',
    async run(log) {
      const r = await benchRecsHttp({ log });
      const md = recsHttpMarkdown(r);
      return { figures: r, markdown: md };
    },
  },
  {
    name: 'journey-map',
    title: 'Journey map: API from the roll-ups and the admin page\'s first render (SQLite)',
    description:
      'simulated store (WAYMARK_BENCH_MAP_EVENTS, default 1M events over 30 days): ingest, sessionize, roll up, time the API queries, then the admin page\'s first render in Chromium (cold and warm)',
    async run(log) {
      const events = Number(process.env.WAYMARK_BENCH_MAP_EVENTS ?? 1_000_000);
      const loads = Number(process.env.WAYMARK_BENCH_MAP_LOADS ?? 5);
      const baseline = process.env.WAYMARK_BENCH_MAP_BASELINE;
      const withPage = process.env.WAYMARK_BENCH_MAP_PAGE !== '0';
      const r = await benchJourneyMap({
        events,
        log,
        keepSqlitePath: process.env.WAYMARK_BENCH_MAP_DB || undefined,
        page: withPage ? { builds: baseline ? [baseline, undefined] : [undefined], coldLoads: loads, warmLoads: loads } : undefined,
      });
      return { figures: { ...r }, markdown: journeyMapMarkdown(r, loads) };
    },
  },
  {
    name: 'lighthouse',
    title: 'Lighthouse performance: demo product page with and without the blocks',
    description: 'Lighthouse (npm) on Debian Chromium, offline; median of 3 runs each',
    async run(log) {
      const r = await benchLighthouse({ log });
      const row = (name: string, x: typeof r.without) => [name, x.score, x.scores.join(' / '), x.fcpMs, x.lcpMs, x.tbtMs, x.cls];
      const md =
        table(['page', 'score (median)', 'scores', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS'], [row('without blocks', r.without), row('with blocks', r.withBlocks)]) +
        `\n\nScore drop: **${r.scoreDrop} points** (goal ≤ 2). Lighthouse's default mobile emulation (4× CPU slowdown, simulated throttling) on this shared 2-core machine.`;
      return { figures: r, markdown: md };
    },
  },
  {
    name: 'fuzz',
    title: 'Hostile-input fuzzing (10,000 seeded malformed or hostile requests)',
    description: '/ingest, /webhooks/*, the app proxy and /api/* against a server process with credentials: no 5xx, no crash, JSON errors',
    async run(log) {
      const r = await runFuzz({ count: Number(process.env.WAYMARK_FUZZ_CASES ?? 10_000), log });
      const { failures, ...figures } = r;
      return { figures: { ...figures, failures: failures.slice(0, 10) }, markdown: fuzzMarkdown(r) };
    },
  },
  {
    name: 'ingest-cost',
    title: 'Ingest cost by stage (CPU per event, in-process, SQLite)',
    description: 'simulated pixel batches through each stage of the ingest pipeline and then the whole pipeline into SQLite, one batch at a time and 32 in flight; CPU µs per event',
    async run() {
      const r = await benchIngestCost();
      return { figures: { ...r }, markdown: ingestCostMarkdown(r) };
    },
  },
  {
    name: 'mixed',
    title: 'Mixed load: recommendations, ingest and a training at once, against each alone',
    description: 'recs 1,000 req/s + ingest 5,000 events/s over many shops + one training; SQLite (local jobs) and PostgreSQL + Redis + 1 worker; WAYMARK_MIXED_SECONDS, WAYMARK_MIXED_SHOPS, WAYMARK_MIXED_DB',
    async run(log) {
      const options = mixedOptionsFromEnv(process.env);
      const which = process.env.WAYMARK_MIXED_DB ?? 'both';
      const results: MixedResult[] = [];
      for (const provider of ['sqlite', 'postgresql'] as const) {
        if (which !== 'both' && which !== provider) continue;
        if (provider === 'postgresql') {
          const pg = await probePg(PG_SERVER_URL, 2_000);
          const redis = await probeRedis();
          if (!pg.ok || !redis.ok) {
            log(`PostgreSQL + Redis skipped: ${pg.ok ? redis.message : pg.message}`);
            continue;
          }
        }
        results.push(await runMixedLoad(provider, options, log));
      }
      return { figures: Object.fromEntries(results.map((r) => [r.provider, r])), markdown: mixedMarkdown(results) };
    },
  },
  {
    name: 'cost-growth',
    title: 'Cost growth: ingest, serving and training cost as one store grows and as stores multiply (SQLite, in-process)',
    description:
      'one store at WAYMARK_GROWTH_SIZES events (10k,100k,1M; 10M extrapolated), then WAYMARK_GROWTH_STORE_EVENTS (1M) over WAYMARK_GROWTH_STORES stores (1,100,1000); about 9 minutes here',
    async run(log) {
      const r = await benchCostGrowth(growthOptionsFromEnv(process.env), log);
      return { figures: { ...r }, markdown: growthMarkdown(r) };
    },
  },
  {
    name: 'soak',
    title: 'Soak: mixed ingest and recommendation traffic (RSS, errors, latency over time)',
    description: 'WAYMARK_SOAK_SECONDS (600) at WAYMARK_SOAK_RATE (1000) req/s, WAYMARK_SOAK_DB sqlite|postgresql|both (postgresql)',
    async run(log) {
      const seconds = Number(process.env.WAYMARK_SOAK_SECONDS ?? 600);
      const rate = Number(process.env.WAYMARK_SOAK_RATE ?? 1000);
      const which = process.env.WAYMARK_SOAK_DB ?? 'postgresql';
      const results: SoakResult[] = [];
      for (const provider of which === 'both' ? (['postgresql', 'sqlite'] as const) : [which as 'sqlite' | 'postgresql']) {
        if (provider === 'postgresql' && !(await probePg(PG_SERVER_URL, 2_000)).ok) {
          log('PostgreSQL unreachable: soak skipped on it');
          continue;
        }
        log(`${provider}: ${seconds} s at ${rate} req/s`);
        results.push(await runSoak({ provider, seconds, rate, log }));
      }
      return { figures: Object.fromEntries(results.map((r) => [r.provider, r])), markdown: soakMarkdown(results) };
    },
  },
  {
    name: 'worker-failure',
    title: 'Worker killed mid-training (two `npm run worker` processes, BullMQ on Redis)',
    description: 'SIGKILL the worker running a train job; time until another worker retries it and the new model is active',
    async run(log) {
      const redis = await probeRedis();
      if (!redis.ok) throw new Error(`worker-failure needs Redis: ${redis.message}`);
      const pgOk = (await probePg(PG_SERVER_URL, 2_000)).ok;
      const name = `waymark_bench_wf_${Date.now()}`;
      const dir = pgOk ? '' : mkdtempSync(join(tmpdir(), 'waymark-wf-'));
      const url = pgOk ? await createPgDatabaseFromUrl(PG_SERVER_URL, name) : `file:${join(dir, 'wf.sqlite')}`;
      const prefix = `wmbench-${Date.now().toString(36)}`;
      try {
        await migrate({ url });
        const db = createDb({ url });
        try {
          const r = await runWorkerFailure({ db, url, prefix, events: 8_000, lockDurationMs: 5_000, log });
          const md =
            table(
              ['database', 'events', 'lock ms', 'enqueue → running s', 'killed after s', 'kill → retried s', 'kill → new version saved s', 'active-model samples', 'samples with ≠ 1 active', 'new artifact decodes'],
              [[r.provider, r.events.toLocaleString('en-US'), r.lockDurationMs, r.pickupSeconds, r.killedAfterSeconds, r.recoverySeconds, r.completedAfterKillSeconds, r.samples, r.activeCountViolations, r.artifactDecodes ? 'yes' : 'NO']],
            ) +
            `\n\nTwo worker processes (app/cli/worker.ts) on one Redis and one database; the train job's worker is frozen the moment the job runs and SIGKILLed (progress ${r.progressAtKill}). ` +
            'The job comes back when the dead worker\'s BullMQ lock expires and the survivor\'s stalled-job check runs (both every `lock ms`; production default 30,000 ms, so expect up to ~60 s there). ' +
            `The retried job saved v${r.newVersion} as ${r.newVersionStatus}; v${r.activeVersionAfter} is live, and exactly one version was live at every sample. An uninterrupted training of the same shop took ${r.baselineTrainSeconds} s in-process.`;
          return { figures: { ...r }, markdown: md };
        } finally {
          await db.$disconnect();
        }
      } finally {
        await deletePrefix(REDIS_URL, prefix);
        if (pgOk) await dropPgDatabase(PG_SERVER_URL, name);
        else rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
