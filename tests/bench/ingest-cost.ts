/**
 * Where an ingested event's server CPU goes, stage by stage, in this process (no HTTP): the
 * same batches (simulated pixel events, 20 per batch, as JSON text) through each stage of
 * app/ingest/pipeline.ts on its own, then through the whole pipeline into a real SQLite
 * event store, one batch at a time and with many batches in flight (group commit). CPU time
 * (process.cpuUsage), so other work on the machine inflates it less than wall time.
 *
 * `npx tsx tests/bench/ingest-cost.ts [batches]`, or `npm run bench -- --only ingest-cost`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestBatchSchema, journeyEventSchema, type JourneyEvent } from '../../app/api-contract/ingest';
import { createEventStore, type EventRow } from '../../app/ingest/event-store';
import { createIngestPipeline, toRow } from '../../app/ingest/pipeline';
import { hashClientId } from '../../app/ingest/client-hash';
import { scrubEvent } from '../../app/ingest/scrub-event';
import { createRateLimiter } from '../../app/ingest/rate-limiter';
import { createShopGate } from '../../app/ingest/shop-gate';
import { migrate } from '../../app/db/migrate';
import { createDb } from '../../app/db/client';
import { ensureShop } from '../../app/shops/shop-rows';
import { simulateJourneyEvents } from '../../app/demo/simulator';
import { round } from './http-load';

export interface StageCost {
  stage: string;
  /** CPU microseconds per event (user + system) */
  usPerEvent: number;
  /** of which in the kernel (system time): for the inserts, mostly writing WAL pages */
  systemUsPerEvent: number;
}

export interface IngestCostResult {
  events: number;
  batchSize: number;
  stages: StageCost[];
  /** the whole pipeline into SQLite, batches one at a time / `inFlight` at once */
  pipeline: { sequential: Cost; concurrent: Cost; inFlight: number };
}

/** CPU µs per event, and the kernel's part of it. */
interface Cost {
  us: number;
  systemUs: number;
}

const BATCH = 20;
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';

/** Starts a CPU clock; `perEvent(n)` is the CPU µs per event since, and the kernel's part. */
function cpuClock() {
  const t0 = process.cpuUsage();
  return (events: number): Cost => {
    const d = process.cpuUsage(t0);
    return { us: round((d.user + d.system) / events), systemUs: round(d.system / events) };
  };
}

const stageOf = (stage: string, c: Cost): StageCost => ({ stage, usPerEvent: c.us, systemUsPerEvent: c.systemUs });

/** CPU per event of `fn` over every batch (after one warm-up pass over a tenth of them). */
function timeStage<T>(stage: string, batches: T[], events: number, fn: (b: T) => unknown): StageCost {
  for (const b of batches.slice(0, Math.ceil(batches.length / 10))) fn(b);
  const clock = cpuClock();
  for (const b of batches) fn(b);
  return stageOf(stage, clock(events));
}

export async function benchIngestCost(opts: { batches?: number; inFlight?: number } = {}): Promise<IngestCostResult> {
  const nBatches = opts.batches ?? 2_000;
  const inFlight = opts.inFlight ?? 32;
  const dir = mkdtempSync(join(tmpdir(), 'waymark-ingest-cost-'));
  const url = `file:${join(dir, 'cost.sqlite')}`;
  try {
    await migrate({ url, provider: 'sqlite' });
    const db = createDb({ provider: 'sqlite', url });
    const shop = await ensureShop(db, 'cost.myshopify.com');
    await db.$disconnect();

    const now = Date.now();
    const all = [...simulateJourneyEvents({ seed: 'ingest-cost', events: nBatches * BATCH * 3, products: 500, days: 1 })];
    // Three disjoint sets of ids (stage timing, one-at-a-time pipeline, concurrent pipeline), received "now".
    const sets = [0, 1, 2].map((k) =>
      Array.from({ length: nBatches }, (_, i) =>
        all.slice((k * nBatches + i) * BATCH, (k * nBatches + i + 1) * BATCH).map((e) => ({ ...e, ts: now - 60_000 + (i % 1000) })),
      ),
    );
    const bodies = sets.map((set) => set.map((events) => JSON.stringify({ shopKey: shop.shopKey, events })));
    const events = nBatches * BATCH;

    const parsed = bodies[0]!.map((b) => JSON.parse(b) as { events: unknown[] });
    const valid = parsed.map((p) => p.events.map((e) => journeyEventSchema.parse(e)));
    const scrubbed = valid.map((b) => b.map((e) => scrubEvent(e, shop.salt).event));
    const stages: StageCost[] = [
      timeStage('JSON.parse', bodies[0]!, events, (b) => JSON.parse(b)),
      timeStage('envelope schema', parsed, events, (p) => ingestBatchSchema.parse(p)),
      timeStage('event schema', parsed, events, (p) => p.events.map((e) => journeyEventSchema.safeParse(e))),
      timeStage('PII scrub', valid, events, (b) => b.map((e) => scrubEvent(e, shop.salt))),
      timeStage('client hash (per event)', valid, events, (b) => b.map((e) => hashClientId(shop.salt, e.clientId))),
      timeStage('row (step, device, dates)', scrubbed, events, (b) => b.map((e: JourneyEvent) => toRow(shop.id, e, 'h', 'mobile', new Date()))),
    ];

    const pipelineFor = (store: ReturnType<typeof createEventStore>) =>
      createIngestPipeline({
        resolveShop: async () => ({ id: shop.id, salt: shop.salt }),
        store,
        shopLimiter: createRateLimiter({ ratePerSec: 1e9, burst: 1e9 }),
        clientLimiter: createRateLimiter({ ratePerSec: 1e9, burst: 1e9 }),
        gate: createShopGate(),
        maxSkewMs: 24 * 3_600_000,
      });

    // The store alone: rows of set 0, one batch per insert.
    const storeAlone = createEventStore({ provider: 'sqlite', url });
    const rows: EventRow[][] = scrubbed.map((b) => b.map((e) => toRow(shop.id, e, hashClientId(shop.salt, e.clientId), 'mobile', new Date(now))));
    let clock = cpuClock();
    for (const r of rows) await storeAlone.insert(r);
    stages.push(stageOf('SQLite insert, one batch at a time (a commit each)', clock(events)));
    // The same rows again under new ids, many batches in flight: group commits.
    const again = rows.map((b) => b.map((r) => ({ ...r, eventId: `again-${r.eventId}` })));
    clock = cpuClock();
    let at = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (at < again.length) await storeAlone.insert(again[at++]!);
      }),
    );
    stages.push(stageOf(`SQLite insert, ${inFlight} batches in flight (group commits)`, clock(events)));
    await storeAlone.close();

    const store = createEventStore({ provider: 'sqlite', url });
    const ingest = pipelineFor(store);
    clock = cpuClock();
    for (const body of bodies[1]!) await ingest({ body, userAgent: UA });
    const sequential = clock(events);

    clock = cpuClock();
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < nBatches) await ingest({ body: bodies[2]![next++]!, userAgent: UA });
      }),
    );
    const concurrent = clock(events);
    await store.close();
    return { events, batchSize: BATCH, stages, pipeline: { sequential, concurrent, inFlight } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const perCpuSecond = (us: number) => Math.round(1e6 / Math.max(us, 0.01)).toLocaleString('en-US');

export function ingestCostMarkdown(r: IngestCostResult): string {
  const lines = [
    `${r.events.toLocaleString('en-US')} simulated pixel events in batches of ${r.batchSize}, CPU µs per event in this process (no HTTP); "of which kernel" is system time (for the inserts, mostly writing the pages each commit dirtied to the WAL):`,
    '',
    '| stage | CPU µs / event | of which kernel | events per CPU-s |',
    '|---|---|---|---|',
    ...r.stages.map((s) => `| ${s.stage} | ${s.usPerEvent} | ${s.systemUsPerEvent} | ${perCpuSecond(s.usPerEvent)} |`),
    `| **whole pipeline into SQLite, one batch at a time** | ${r.pipeline.sequential.us} | ${r.pipeline.sequential.systemUs} | ${perCpuSecond(r.pipeline.sequential.us)} |`,
    `| **whole pipeline into SQLite, ${r.pipeline.inFlight} batches in flight** | ${r.pipeline.concurrent.us} | ${r.pipeline.concurrent.systemUs} | ${perCpuSecond(r.pipeline.concurrent.us)} |`,
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchIngestCost({ batches: Number(process.argv[2]) || undefined });
  console.log(ingestCostMarkdown(r));
}
