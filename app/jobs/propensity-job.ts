/**
 * Purchase propensity as a job: reads a shop's journeys (most recent first, capped) and
 * their events in chunks, turns each visit into early-step features as it goes (only the
 * feature vectors are kept in memory), trains and compares the two models
 * (ml/propensity/train.ts) and stores the report.
 *
 * Storage (no schema change): the report is the `result` JSON of a `Job` row with
 * `type: 'propensity'`; the admin API reads the shop's latest succeeded one. A row is
 * created ('running') when none is given, and marked 'succeeded' or 'failed' at the end.
 *
 * One training per shop at a time in this process (PropensityBusyError otherwise).
 */
import type { Db } from '../db/client';
import { eventStep } from '../journeys/event-step';
import { mlSettings } from '../config';
import { addToFeatureMatrix, DEFAULT_K, emptyFeatureMatrix, type FeatureEvent, type SessionRecord } from '../../ml/propensity/features';
import { trainPropensityFromMatrix, type PropensityOptions, type PropensityReport } from '../../ml/propensity/train';
import type { PropensityReport as PropensityReportAnswer } from '../api-contract/propensity';
import { WaymarkError } from '../errors';

export const PROPENSITY_JOB_TYPE = 'propensity';
/** Largest K accepted (steps observed). */
export const MAX_K = 10;

export interface PropensityJobOptions extends Omit<PropensityOptions, 'now'> {
  /** Existing Job row to report on (else one is created). */
  jobId?: number;
  /** Write the Job row (default true). */
  store?: boolean;
  /** Most recent journeys read (default 50 000). */
  maxSessions?: number;
  /** Journeys per read (default 500). */
  chunkSize?: number;
  onProgress?: (fraction: number, message: string) => void;
}

/**
 * ml/ cannot import the API contract (app/api-contract/propensity.ts), so the report is
 * checked against it here: when ml's report stops fitting the answer's schema this type is
 * `never` and trainPropensity no longer compiles.
 */
type ContractReport = PropensityReport extends PropensityReportAnswer ? PropensityReport : never;

export interface PropensityJobResult {
  /** the Job row holding the report (null when store is false) */
  jobId: number | null;
  report: ContractReport;
}

export class PropensityBusyError extends WaymarkError {
  override name = 'PropensityBusyError';
}

const running = new Set<number>();

/** Whether this process is training the shop's propensity model right now. */
export function isPropensityRunning(shopId: number): boolean {
  return running.has(shopId);
}

/**
 * The shop's most recent visits as SessionRecords, in chunks (newest first). Bots get no
 * events (they are never scored, see ml/propensity/features.ts).
 */
export async function* readSessions(db: Db, shopId: number, opts: { maxSessions?: number; chunkSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<SessionRecord[]> {
  const max = opts.maxSessions ?? 50_000;
  const chunk = Math.max(1, opts.chunkSize ?? 500);
  let read = 0;
  let after: { startedAt: Date; id: string } | null = null;
  while (read < max) {
    if (opts.signal?.aborted) throw new WaymarkError('propensity training cancelled');
    const journeys: Array<{ id: string; startedAt: Date; device: string; source: string; isReturning: boolean; purchased: boolean }> = await db.journey.findMany({
      where: {
        shopId,
        ...(after ? { OR: [{ startedAt: { lt: after.startedAt } }, { startedAt: after.startedAt, id: { lt: after.id } }] } : {}),
      },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: Math.min(chunk, max - read),
      select: { id: true, startedAt: true, device: true, source: true, isReturning: true, purchased: true },
    });
    if (!journeys.length) return;
    read += journeys.length;
    const last = journeys[journeys.length - 1];
    after = { startedAt: last.startedAt, id: last.id };
    const ids = journeys.filter((j) => j.device !== 'bot').map((j) => j.id);
    const events = new Map<string, FeatureEvent[]>();
    if (ids.length) {
      const rows = await db.event.findMany({
        where: { shopId, journeyId: { in: ids } },
        orderBy: [{ ts: 'asc' }, { id: 'asc' }],
        select: { journeyId: true, name: true, ts: true, path: true, productId: true, price: true, qty: true, results: true, step: true },
      });
      for (const r of rows) {
        const jid = r.journeyId!;
        let list = events.get(jid);
        if (!list) events.set(jid, (list = []));
        list.push({ name: r.name, ts: r.ts.getTime(), path: r.path, productId: r.productId, price: r.price, qty: r.qty, results: r.results, step: eventStep(r) });
      }
    }
    yield journeys.map((j) => ({
      id: j.id,
      startedAt: j.startedAt.getTime(),
      device: j.device,
      source: j.source,
      isReturning: j.isReturning,
      purchased: j.purchased,
      events: events.get(j.id) ?? [],
    }));
    if (journeys.length < chunk) return;
  }
}

/** Trains the shop's purchase-propensity models and stores the report (see the file comment). */
export async function trainPropensity(db: Db, shopId: number, opts: PropensityJobOptions = {}): Promise<PropensityJobResult> {
  const k = opts.k ?? DEFAULT_K;
  if (!(Number.isInteger(k) && k >= 1 && k <= MAX_K)) throw new RangeError(`k must be an integer from 1 to ${MAX_K}`);
  if (running.has(shopId)) throw new PropensityBusyError(`purchase propensity is already being trained for shop ${shopId}`);
  running.add(shopId);
  const store = opts.store !== false;
  let jobId: number | null = null;
  try {
    if (store) {
      if (opts.jobId) {
        jobId = opts.jobId;
        await db.job.update({ where: { id: jobId }, data: { status: 'running', startedAt: new Date(), message: 'reading visits' } });
      } else {
        const row = await db.job.create({
          data: { shopId, type: PROPENSITY_JOB_TYPE, status: 'running', startedAt: new Date(), payload: JSON.stringify({ k }), message: 'reading visits' },
        });
        jobId = row.id;
      }
    }
    // progress writes are chained, and awaited before the final write, so none lands after it
    let writes: Promise<unknown> = Promise.resolve();
    const progress = (fraction: number, message: string) => {
      opts.onProgress?.(fraction, message);
      const id = jobId;
      if (id !== null) writes = writes.then(() => db.job.update({ where: { id }, data: { progress: fraction, message } })).catch(() => {});
    };
    try {
      const max = opts.maxSessions ?? 50_000;
      const total = Math.min(max, await db.journey.count({ where: { shopId } }));
      const matrix = emptyFeatureMatrix();
      let seen = 0;
      for await (const batch of readSessions(db, shopId, { maxSessions: max, chunkSize: opts.chunkSize, signal: opts.signal })) {
        for (const s of batch) addToFeatureMatrix(matrix, s, { k, utcOffsetHours: opts.utcOffsetHours });
        seen += batch.length;
        progress(total ? 0.5 * (seen / total) : 0.5, `${seen} visits read`);
      }
      progress(0.5, `training on ${matrix.rows.length} visits`);
      // the network trains on the TensorFlow.js backend the environment asks for (app/config.ts mlSettings)
      const mlp = opts.mlp === false ? false : { tfBackend: mlSettings().tfBackend, ...opts.mlp };
      const report = await trainPropensityFromMatrix(matrix, { ...opts, k, mlp });
      await writes;
      if (jobId !== null) {
        await db.job.update({
          where: { id: jobId },
          data: { status: 'succeeded', progress: 1, message: report.status === 'ok' ? 'trained' : 'not enough purchases', finishedAt: new Date(), result: JSON.stringify(report) },
        });
      }
      return { jobId, report };
    } catch (err) {
      await writes;
      if (jobId !== null) {
        await db.job
          .update({ where: { id: jobId }, data: { status: opts.signal?.aborted ? 'cancelled' : 'failed', error: String(err), finishedAt: new Date() } })
          .catch(() => {});
      }
      throw err;
    }
  } finally {
    running.delete(shopId);
  }
}

/**
 * The queued `propensity` job (app/jobs/handlers.ts): trains with the `k` its Job row was
 * enqueued with, and reports on that row.
 */
export async function runPropensityJob(
  db: Db,
  shopId: number,
  opts: { jobId?: number; signal?: AbortSignal; onProgress?: (fraction: number, message: string) => void },
): Promise<{ status: PropensityReport['status']; k: number }> {
  const row = opts.jobId ? await db.job.findUnique({ where: { id: opts.jobId }, select: { payload: true } }) : null;
  const k = (JSON.parse(row?.payload ?? '{}') as { k?: number | null }).k ?? undefined;
  const { report } = await trainPropensity(db, shopId, { ...opts, k });
  return { status: report.status, k: report.k };
}
