/**
 * What a finished job sets in motion, the same for the local queue and the BullMQ workers
 * (app/jobs/lifecycle.ts calls it once a job has done its work):
 *
 * - after `sessionize`: `train` when the retrain policy says so (app/jobs/retrain-policy.ts),
 *   and `retention` when the shop's last succeeded retention run is more than a day old
 *   (so the retention policy runs at most daily, riding on ingestion), and `reviews` (re-read the
 *   product ratings and review texts, app/catalog/review-refresh.ts) when the shop's install work
 *   or last reviews run succeeded more than a day ago (a shop whose install work never ran, e.g.
 *   one without Shopify credentials, is not refreshed: it never read reviews);
 * - after `install` (pixel, catalog and order backfill): the first `train`;
 * - after `redact`: `train` when the shop has journeys but no model left (the redaction
 *   deletes models it could not replace, app/privacy/compliance.ts replaceModels);
 * - after `sessionize`, also: `redact` / `data_export` when requests are still pending (a
 *   webhook recorded them but its job was lost, e.g. the process died before running it);
 * - after `train`, `retention`, `data_export`, `propensity`, `reviews`: nothing. (The purchase-propensity report is refreshed inside
 *   the train job itself, app/jobs/handlers.ts, not as a job of its own.)
 *
 * The queue's one-job-per-(type, shop) rule makes a repeated request harmless: a follow-up
 * already queued or running is not queued twice.
 */
import type { Db } from '../db/client';
import type { JobType } from './handlers';
import { shouldRetrain } from './retrain-policy';
import { REVIEWS_INTERVAL_MS } from '../catalog/review-refresh';

export const RETENTION_INTERVAL_MS = 24 * 3_600_000;

export type EnqueueJob = (type: JobType, shopId: number) => Promise<unknown>;

export interface FollowUp {
  type: JobType;
  reason: string;
}

/** Decides and enqueues the jobs that follow `type` for the shop; returns what it enqueued. */
export async function enqueueFollowUps(
  deps: { db: Db; enqueue: EnqueueJob; decided?: FollowUp[] },
  type: JobType,
  shopId: number,
  now = new Date(),
): Promise<FollowUp[]> {
  const { db, enqueue } = deps;
  const next = deps.decided ?? (await decideFollowUps(db, type, shopId, now));
  for (const f of next) await enqueue(f.type, shopId);
  return next;
}

/**
 * Which jobs follow `type` for the shop. Reads the database (event counts for the retrain
 * policy among them), so the local queue has its job host decide right after the job, off
 * the web process's thread (app/jobs/job-host-child.ts), and only enqueues here.
 */
export async function decideFollowUps(db: Db, type: JobType, shopId: number, now = new Date()): Promise<FollowUp[]> {
  if (type === 'install') {
    // With no order history and no events there is nothing to learn from: the training would only
    // save a rejected version 1 (the Models page's first sight for the merchant). The first
    // sessionize trains instead (the retrain policy's "first model").
    const [baskets, events] = await Promise.all([db.orderBasket.count({ where: { shopId } }), db.event.count({ where: { shopId } })]);
    return baskets + events > 0 ? [{ type: 'train', reason: 'first model after install' }] : [];
  }
  if (type === 'redact') {
    const [models, journeys] = await Promise.all([db.modelVersion.count({ where: { shopId } }), db.journey.count({ where: { shopId } })]);
    return models > 0 || journeys === 0 ? [] : [{ type: 'train', reason: 'models deleted by a redaction' }];
  }
  if (type !== 'sessionize') return [];
  const next: FollowUp[] = [];
  const [redactions, exports] = await Promise.all([
    db.redactionRequest.count({ where: { shopId } }),
    db.dataExport.count({ where: { shopId, status: 'pending' } }),
  ]);
  if (redactions) next.push({ type: 'redact', reason: `${redactions} pending` });
  if (exports) next.push({ type: 'data_export', reason: `${exports} pending` });
  const retrain = await shouldRetrain(db, shopId, now);
  if (retrain.retrain) next.push({ type: 'train', reason: retrain.reason });
  const lastRetention = await db.job.findFirst({
    where: { shopId, type: 'retention', status: 'succeeded' },
    orderBy: { id: 'desc' },
    select: { finishedAt: true },
  });
  const finishedAt = lastRetention?.finishedAt;
  if (!finishedAt || now.getTime() - finishedAt.getTime() > RETENTION_INTERVAL_MS) {
    next.push({ type: 'retention', reason: finishedAt ? `last run ${finishedAt.toISOString()}` : 'never run' });
  }
  const reviews = await reviewsDue(db, shopId, now);
  if (reviews) next.push(reviews);
  return next;
}

/** A `reviews` re-read when the last read (the install work's, or a reviews run) succeeded more than REVIEWS_INTERVAL_MS ago. */
async function reviewsDue(db: Db, shopId: number, now: Date): Promise<FollowUp | null> {
  const last = await db.job.findFirst({
    where: { shopId, type: { in: ['install', 'reviews'] }, status: 'succeeded' },
    orderBy: { finishedAt: 'desc' },
    select: { finishedAt: true },
  });
  const at = last?.finishedAt;
  if (!at || now.getTime() - at.getTime() <= REVIEWS_INTERVAL_MS) return null;
  return { type: 'reviews', reason: `reviews last read ${at.toISOString()}` };
}
