/**
 * Trains a shop's models as a job: read the shop's journeys and orders, run the pure
 * pipeline (ml/train.ts), save a versioned artifact with its metrics and the popularity
 * baseline's, and activate it. Progress goes to the Job row (the admin page polls it);
 * cancellation through an AbortSignal or by setting the job's status to 'cancelled'.
 *
 * Champion/challenger (app/jobs/activation-policy.ts): the live bundle is scored with the
 * new model on the same recent validation window, and the new version goes live only when
 * the policy says so; otherwise it is saved as a 'challenger' (or 'rejected' when broken)
 * with the reason in its metrics (`activation`). Activation is one transaction: the new
 * version becomes 'active' and the previous one 'retired' together, so readers never see
 * zero or two active models, and a crash mid-training leaves the old model serving.
 */
import type { Db } from '../db/client';
import type { LineItem } from '../api-contract/ingest';
import { decodeBundle, encodeBundle } from '../../ml/serve';
import { decideActivation, type ActivationDecision, type LiveVersion } from './activation-policy';
import { trainStore, type RawSession, type TrainResult } from '../../ml/train';
import { TrainingCancelledError } from '../../ml/errors';
import { storeTrainOptions, type StoreTrainOverrides } from './store-train-options';
import { WaymarkError } from '../errors';
import { trainedThroughOf } from '../recs/version-metrics';

export interface TrainJobOptions extends StoreTrainOverrides {
  /** the clock of the activation policy (tests) */
  now?: Date;
  /** why the live model must be replaced regardless of the comparison (e.g. redaction); broken models still never go live */
  replaceLive?: string;
  signal?: AbortSignal;
  /** existing Job row to report on (else one is created) */
  jobId?: number;
  onProgress?: (fraction: number, message: string) => void;
}

export interface TrainJobResult {
  jobId: number;
  modelVersionId: number;
  version: number;
  /** 'active' when it went live, else 'challenger' or 'rejected' (reason in `activation`) */
  status: ActivationDecision['status'];
  activation: ActivationDecision;
  result: Omit<TrainResult, 'bundle'>;
  artifactBytes: number;
  seconds: number;
}

const running = new Set<number>();

export class TrainingBusyError extends WaymarkError {
  override name = 'TrainingBusyError';
}

const INTERACTION_EVENTS = ['product_viewed', 'product_added_to_cart', 'checkout_completed'] as const;

/** Reads the shop's product interactions grouped by journey, and its baskets. */
export async function loadTrainingData(db: Db, shopId: number) {
  const sessions = new Map<string, RawSession>();
  const baskets: string[][] = [];
  const seenOrders = new Set<string>();
  const CHUNK = 20_000;
  let cursor = 0n;
  for (;;) {
    const rows = await db.event.findMany({
      where: { shopId, id: { gt: cursor }, name: { in: [...INTERACTION_EVENTS] }, journeyId: { not: null } },
      orderBy: { id: 'asc' },
      take: CHUNK,
      select: { id: true, name: true, ts: true, productId: true, journeyId: true, lines: true, orderId: true },
    });
    for (const r of rows) {
      const jid = r.journeyId!;
      let s = sessions.get(jid);
      if (!s) sessions.set(jid, (s = { id: jid, events: [] }));
      const ts = r.ts.getTime();
      if (r.name === 'checkout_completed') {
        const lines = r.lines ? (JSON.parse(r.lines) as LineItem[]) : [];
        const ids = lines.map((l) => l.productId).filter((x): x is string => !!x);
        if (ids.length) baskets.push(ids);
        if (r.orderId) seenOrders.add(r.orderId);
        for (const id of ids) s.events.push({ productId: id, ts, kind: 'purchase' });
      } else if (r.productId) {
        s.events.push({ productId: r.productId, ts, kind: r.name === 'product_viewed' ? 'view' : 'cart' });
      }
    }
    if (rows.length < CHUNK) break;
    cursor = rows[rows.length - 1].id;
  }
  // Orders backfilled at install (app/catalog/backfill.ts) that the pixel did not see.
  const backfilled = await db.orderBasket.findMany({ where: { shopId }, select: { orderId: true, productIds: true } });
  for (const o of backfilled) {
    if (seenOrders.has(o.orderId)) continue;
    const ids = o.productIds.split(',').filter(Boolean);
    if (ids.length) baskets.push(ids);
  }
  const products = await db.product.findMany({
    where: { shopId },
    select: { productId: true, title: true, productType: true, vendor: true, tags: true },
  });
  return {
    sessions: [...sessions.values()],
    baskets,
    products: products.map((p) => ({
      id: p.productId,
      title: p.title,
      productType: p.productType,
      vendor: p.vendor,
      tags: p.tags.split(',').map((t) => t.trim()).filter(Boolean),
    })),
  };
}

/**
 * The shop's live version: its bundle and the end of its training data (recorded since
 * champion/challenger; older versions: when they were created).
 */
async function loadLiveVersion(db: Db, shopId: number) {
  const row = await db.modelVersion.findFirst({ where: { shopId, status: 'active' }, orderBy: { version: 'desc' } });
  if (!row) return null;
  let metrics: { validated?: unknown } = {};
  try {
    metrics = JSON.parse(row.metrics) as typeof metrics;
  } catch {}
  let bundle = null;
  try {
    bundle = row.artifact ? decodeBundle(row.artifact) : null;
  } catch {
    bundle = null; // unreadable: it cannot be scored, the policy still sees a live version
  }
  const version: LiveVersion = { version: row.version, since: row.activatedAt ?? row.createdAt, validated: metrics.validated === true };
  return { version, bundle, trainedThrough: trainedThroughOf(row) };
}

export async function trainShop(db: Db, shopId: number, opts: TrainJobOptions = {}): Promise<TrainJobResult> {
  if (running.has(shopId)) throw new TrainingBusyError(`a training is already running for shop ${shopId}`);
  running.add(shopId);
  const started = performance.now();
  const job = opts.jobId
    ? // A queued job: its queue counts the attempts.
      await db.job.update({ where: { id: opts.jobId }, data: { status: 'running', startedAt: new Date() } })
    : await db.job.create({ data: { shopId, type: 'train', status: 'running', startedAt: new Date(), attempts: 1 } });
  const controller = new AbortController();
  opts.signal?.addEventListener('abort', () => controller.abort(), { once: true });

  let lastWrite = 0;
  const progress = async (fraction: number, message: string, force = false) => {
    opts.onProgress?.(fraction, message);
    const now = Date.now();
    if (!force && now - lastWrite < 500) return;
    lastWrite = now;
    const row = await db.job.update({ where: { id: job.id }, data: { progress: fraction, message }, select: { status: true } });
    if (row.status === 'cancelled') controller.abort();
  };

  try {
    await progress(0.01, 'reading journeys', true);
    // The events sessionized before the read: the retrain policy counts those after it as new
    // (./retrain-policy.ts), including any that arrive while this training runs.
    const { sessionizedThrough } = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { sessionizedThrough: true } });
    const data = await loadTrainingData(db, shopId);
    const live = await loadLiveVersion(db, shopId);
    const pending: Promise<void>[] = [];
    const result = await trainStore(data, {
      ...storeTrainOptions(opts),
      live: live?.bundle ? { bundle: live.bundle, trainedThrough: live.trainedThrough } : undefined,
      signal: controller.signal,
      onProgress: (p) => {
        pending.push(progress(0.05 + p.fraction * 0.9, p.message));
      },
    });
    await Promise.all(pending);
    if (controller.signal.aborted) throw new TrainingCancelledError('training cancelled');

    const activation = decideActivation(result, live?.version ?? null, opts.now ?? new Date(), opts.replaceLive);
    const artifact = encodeBundle(result.bundle);
    const { bundle: _bundle, ...summary } = result;
    const metricsJson = JSON.stringify({
      ...(result.metrics ?? {}),
      validated: result.validated,
      validationEvents: result.validationEvents,
      candidates: result.candidates,
      stats: result.stats,
      trainedThrough: result.trainedThrough,
      eventsThrough: Number(sessionizedThrough),
      activation: {
        status: activation.status,
        reason: activation.reason,
        liveVersion: live?.version.version ?? null,
        comparison: result.comparison,
        liveNewItemShare: result.liveNewItemShare,
      },
    });
    const saved = await db.$transaction(async (tx) => {
      const last = await tx.modelVersion.findFirst({ where: { shopId }, orderBy: { version: 'desc' }, select: { version: true } });
      const version = (last?.version ?? 0) + 1;
      const goesLive = activation.status === 'active';
      if (goesLive) await tx.modelVersion.updateMany({ where: { shopId, status: 'active' }, data: { status: 'retired' } });
      const mv = await tx.modelVersion.create({
        data: {
          shopId,
          version,
          kind: result.selected,
          status: activation.status,
          metrics: metricsJson,
          baseline: JSON.stringify(result.baseline ?? {}),
          note: result.note,
          artifact: new Uint8Array(artifact),
          activatedAt: goesLive ? new Date() : null,
        },
      });
      await tx.job.update({
        where: { id: job.id },
        data: {
          status: 'succeeded',
          progress: 1,
          message: `${result.note} ${activation.reason}`,
          finishedAt: new Date(),
          result: JSON.stringify({ modelVersionId: mv.id, version, selected: result.selected, status: activation.status, reason: activation.reason }),
        },
      });
      return mv;
    });
    return {
      jobId: job.id,
      modelVersionId: saved.id,
      version: saved.version,
      status: activation.status,
      activation,
      result: summary,
      artifactBytes: artifact.length,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    const cancelled = error instanceof TrainingCancelledError || controller.signal.aborted;
    await db.job.update({
      where: { id: job.id },
      data: {
        status: cancelled ? 'cancelled' : 'failed',
        error: cancelled ? null : String((error as Error).message ?? error),
        message: cancelled ? 'cancelled' : 'training failed',
        finishedAt: new Date(),
      },
    });
    throw error;
  } finally {
    running.delete(shopId);
  }
}
