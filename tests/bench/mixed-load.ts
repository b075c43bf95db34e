/**
 * Mixed load (issue #17): recommendations through the app proxy path at 1,000 req/s, ingest
 * at 5,000 events/s over many shops, and one per-store training, all at once; and, in the
 * same run as the baseline, recommendations alone and ingest alone. On SQLite with one
 * server process and its local job queue (jobs in its job host process), and on
 * PostgreSQL with jobs on BullMQ (Redis) and one `npm run worker` process.
 *
 * The recommendations shop is trained on simulated journeys first; the training of the
 * mixed phase retrains it (POST /api/models/retrain, asked again whenever the last one
 * finished). The ingest shops each carry a model row dated a week ahead, so the retrain
 * policy never starts a training for them: the one training is the recommendations shop's.
 * Their sessionizing (and roll-ups) runs as it would in production.
 */
import { ensureShop } from '../../app/shops/shop-rows';
import { trainShop } from '../../app/jobs/train-job';
import type { Db } from '../../app/db/client';
import { freshDb } from '../helpers/db';
import { installedShop } from '../helpers/server';
import { storedAckCheck, type AckCheck } from './ack-check';
import { ingestLoad, keepTraining, recsLoad, type IngestShop, type RecsFigures } from './mixed-traffic';
import { busyPercent, descendantsCpuSeconds, machineTicks } from './proc-cpu';
import { seedTrainableShop } from './seed-shop';
import { startServerProcess, type LoopDelay, type ServerProcess } from './server-process';
import { deletePrefix, REDIS_URL, startWorkerProcess, type WorkerProcess } from './worker-failure';
import { round, runLoad } from './http-load';
import { recommendationsPath } from './app-proxy-request';

const SECRET = 'mixed-secret-0123456789';
const API_KEY = 'mixed-key';
const RECS_SHOP = 'mixed-recs.myshopify.com';

export interface MixedOptions {
  /** phase lengths, seconds */
  recsSeconds: number;
  ingestSeconds: number;
  mixedSeconds: number;
  recsRate: number;
  ingestEventsPerSec: number;
  ingestShops: number;
  batchSize: number;
  /** simulated events the recommendations shop is trained on */
  trainEvents: number;
}

export const MIXED_DEFAULTS: MixedOptions = { recsSeconds: 10, ingestSeconds: 10, mixedSeconds: 15, recsRate: 1000, ingestEventsPerSec: 5000, ingestShops: 10, batchSize: 20, trainEvents: 20_000 };

export interface IngestFigures {
  requests: number;
  errors: number;
  eventsPerSec: number;
  ackP50Ms: number;
  ackP99Ms: number;
  /** stored acknowledged events per CPU-second of the server process (all it did in the phase) */
  eventsStoredPerServerCpuSecond: number;
  acks: AckCheck;
}

export interface PhaseResult {
  phase: 'recs alone' | 'ingest alone' | 'mixed';
  seconds: number;
  recs?: RecsFigures;
  ingest?: IngestFigures;
  serverCpuSeconds: number;
  /** job processes: every process the server started (the local queue's job hosts), or the worker process */
  jobCpuSeconds: number;
  machineBusyPercent: number;
  /** how late the server's event loop ran during the phase (tests/bench/loop-delay-probe.ts) */
  loopDelay?: LoopDelay;
  /** jobs created during the phase, by type */
  jobs: Record<string, number>;
  training?: { requested: number; accepted: number; statuses: Record<string, number>; coveredPercent: number };
}

export interface MixedResult {
  provider: 'sqlite' | 'postgresql';
  topology: string;
  options: MixedOptions;
  phases: PhaseResult[];
}

interface Rig {
  db: Db;
  server: ServerProcess;
  worker?: WorkerProcess;
  recsShopId: number;
  productIds: string[];
  ingestShops: IngestShop[];
  options: MixedOptions;
  offset: number;
}

/** Seconds of `phase`'s window during which a training of the shop was running (Job rows), in percent. */
async function trainingCover(db: Db, shopId: number, from: Date, to: Date): Promise<number> {
  const rows = await db.job.findMany({ where: { shopId, type: 'train', startedAt: { not: null, lt: to }, OR: [{ finishedAt: null }, { finishedAt: { gt: from } }] } });
  let ms = 0;
  for (const r of rows) ms += Math.min(to.getTime(), (r.finishedAt ?? to).getTime()) - Math.max(from.getTime(), r.startedAt!.getTime());
  return Math.round((Math.max(0, ms) / (to.getTime() - from.getTime())) * 100);
}

async function jobsCreated(db: Db, from: Date, to: Date): Promise<Record<string, number>> {
  const groups = await db.job.groupBy({ by: ['type'], where: { createdAt: { gte: from, lt: to } }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.type, g._count._all]));
}

function jobCpu(rig: Rig): number {
  return rig.worker ? rig.worker.cpuSeconds() : descendantsCpuSeconds(rig.server.child.pid!);
}

async function runPhase(rig: Rig, phase: PhaseResult['phase'], seconds: number): Promise<PhaseResult> {
  const { server, options: o } = rig;
  const prefix = phase.replace(/ /g, '-');
  const training = phase === 'mixed' ? keepTraining({ origin: server.url, shop: RECS_SHOP, secret: SECRET, apiKey: API_KEY }) : undefined;
  if (training) {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no training accepted in 15 s')), 15_000).unref());
    await Promise.race([training.started, timeout]).catch(async (e) => {
      throw new Error(`${(e as Error).message}: ${JSON.stringify((await training.stop()).statuses)}`);
    });
  }
  const from = new Date();
  const cpu0 = server.cpuSeconds();
  const job0 = jobCpu(rig);
  await server.loopDelay(); // starts the phase's count
  const m0 = machineTicks();
  const recsOpts = { origin: server.url, secret: SECRET, shop: RECS_SHOP, productIds: rig.productIds, rate: o.recsRate, seconds, offset: rig.offset };
  // In the mixed phase ingest runs a second longer, so it spans the recommendations generator's start-up.
  const ingestOpts = { origin: server.url, shops: rig.ingestShops, eventsPerSec: o.ingestEventsPerSec, batchSize: o.batchSize, seconds: phase === 'mixed' ? seconds + 1 : seconds, prefix };
  const [recs, ingest] = await Promise.all([phase !== 'ingest alone' ? recsLoad(recsOpts) : undefined, phase !== 'recs alone' ? ingestLoad(ingestOpts) : undefined]);
  const serverCpuSeconds = server.cpuSeconds() - cpu0;
  const jobCpuSeconds = jobCpu(rig) - job0;
  const machineBusy = busyPercent(m0, machineTicks());
  const loopDelay = await server.loopDelay();
  const trained = await training?.stop();
  const to = new Date();
  rig.offset += Math.round(o.recsRate * seconds);
  let ingestFigures: IngestFigures | undefined;
  if (ingest) {
    const acks = await storedAckCheck(rig.db, ingest.ledger, { shopIds: rig.ingestShops.map((s) => s.id), eventIdPrefix: `${prefix}-` });
    ingestFigures = {
      requests: ingest.requests,
      errors: ingest.errors,
      eventsPerSec: Math.round(acks.acknowledged / ingest.seconds),
      ackP50Ms: ingest.ackP50Ms,
      ackP99Ms: ingest.ackP99Ms,
      eventsStoredPerServerCpuSecond: Math.round(acks.storedOfAcknowledged / Math.max(serverCpuSeconds, 0.01)),
      acks,
    };
  }
  return {
    phase,
    seconds: round((to.getTime() - from.getTime()) / 1000),
    recs,
    ingest: ingestFigures,
    serverCpuSeconds: round(serverCpuSeconds),
    jobCpuSeconds: round(jobCpuSeconds),
    machineBusyPercent: machineBusy,
    loopDelay,
    jobs: await jobsCreated(rig.db, from, to),
    training: trained && { ...trained, coveredPercent: await trainingCover(rig.db, rig.recsShopId, from, to) },
  };
}

/** Shops for the ingest load, each with a model row dated ahead (no retraining triggered by the load). */
async function ingestShops(db: Db, count: number): Promise<IngestShop[]> {
  const shops: IngestShop[] = [];
  for (let k = 0; k < count; k++) {
    const shop = await ensureShop(db, `mixed-ingest-${k}.myshopify.com`);
    const ahead = new Date(Date.now() + 7 * 24 * 3_600_000);
    await db.modelVersion.create({ data: { shopId: shop.id, version: 1, kind: 'pop', status: 'rejected', note: 'benchmark: keeps the retrain policy quiet', createdAt: ahead } });
    shops.push({ id: shop.id, shopKey: shop.shopKey });
  }
  return shops;
}

/** The server (and, with Redis, the worker) for the topology; the caller stops them. */
async function startTopology(url: string, redis: { url: string; prefix: string } | undefined): Promise<{ server: ServerProcess; worker?: WorkerProcess }> {
  const jobEnv: Record<string, string> = redis ? { REDIS_URL: redis.url, WAYMARK_QUEUE_PREFIX: redis.prefix } : {};
  let worker: WorkerProcess | undefined;
  if (redis) {
    worker = startWorkerProcess({ DATABASE_URL: url, LOG_LEVEL: 'info', ...jobEnv }); // it reports ready at info level
    await worker.ready;
  }
  const server = await startServerProcess({
    ...jobEnv,
    DATABASE_URL: url,
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: SECRET,
    HOST: 'https://waymark.mixed',
    WAYMARK_INGEST_SHOP_RATE: '10000000',
    WAYMARK_INGEST_CLIENT_RATE: '100000',
    LOG_LEVEL: 'error',
  }, undefined, { loopDelay: true }).catch(async (e) => {
    await worker?.kill('SIGTERM');
    throw e;
  });
  return { server, worker };
}

export async function runMixedLoad(provider: 'sqlite' | 'postgresql', options: Partial<MixedOptions> = {}, log: (m: string) => void = () => {}): Promise<MixedResult> {
  const o = { ...MIXED_DEFAULTS, ...options };
  const fresh = await freshDb(provider);
  const redis = provider === 'postgresql' ? { url: REDIS_URL, prefix: `wmmixed-${Date.now().toString(36)}` } : undefined;
  try {
    log(`${provider}: seeding ${o.trainEvents.toLocaleString()} simulated events and training the recommendations shop`);
    const shop = await seedTrainableShop(fresh.db, fresh.url, { domain: RECS_SHOP, events: o.trainEvents, products: 1_000, seed: 'mixed' });
    await installedShop(fresh.db, RECS_SHOP);
    await trainShop(fresh.db, shop.id);
    const shops = await ingestShops(fresh.db, o.ingestShops);
    const { server, worker } = await startTopology(fresh.url, redis);
    try {
      const rig: Rig = { db: fresh.db, server, worker, recsShopId: shop.id, productIds: shop.productIds, ingestShops: shops, options: o, offset: 0 };
      // Warm the shop state cache and the JIT (recommendations only: an ingest warm-up would start sessionizing).
      await runLoad({ concurrency: 8, seconds: 3, client: 'http', request: (k) => ({ url: `${server.url}${recommendationsPath(SECRET, RECS_SHOP, shop.productIds, 1e7 + k)}` }) });
      const phases: PhaseResult[] = [];
      for (const [phase, seconds] of [['recs alone', o.recsSeconds], ['ingest alone', o.ingestSeconds], ['mixed', o.mixedSeconds]] as const) {
        log(`${provider}: ${phase}, ${seconds} s`);
        phases.push(await runPhase(rig, phase, seconds));
      }
      return { provider, topology: redis ? 'PostgreSQL, BullMQ on Redis, 1 worker process' : 'SQLite, 1 server process, local job queue', options: o, phases };
    } finally {
      await server.stop();
      await worker?.kill('SIGTERM');
    }
  } finally {
    if (redis) await deletePrefix(redis.url, redis.prefix).catch(() => 0);
    await fresh.cleanup();
  }
}

/** Options from the environment: WAYMARK_MIXED_SECONDS="recs,ingest,mixed", WAYMARK_MIXED_SHOPS, WAYMARK_MIXED_TRAIN_EVENTS. */
export function mixedOptionsFromEnv(env: NodeJS.ProcessEnv): Partial<MixedOptions> {
  const out: Partial<MixedOptions> = {};
  const seconds = env.WAYMARK_MIXED_SECONDS?.split(',').map(Number);
  if (seconds?.length === 3 && seconds.every((s) => s > 0)) [out.recsSeconds, out.ingestSeconds, out.mixedSeconds] = seconds;
  if (Number(env.WAYMARK_MIXED_SHOPS) > 0) out.ingestShops = Number(env.WAYMARK_MIXED_SHOPS);
  if (Number(env.WAYMARK_MIXED_TRAIN_EVENTS) > 0) out.trainEvents = Number(env.WAYMARK_MIXED_TRAIN_EVENTS);
  return out;
}
