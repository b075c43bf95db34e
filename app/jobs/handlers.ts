/**
 * What each background job does. The same handlers run in-process (local mode) and in
 * `npm run worker` processes (production, BullMQ on Redis). What a job sets in motion
 * afterwards (e.g. training after sessionizing) is app/jobs/follow-ups.ts, run by the
 * queues through app/jobs/lifecycle.ts.
 */
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import { sessionizeShop } from './sessionize-job';
import { trainShop } from './train-job';
import { applyRetention } from './retention-job';
import { rollupShop } from './rollup-job';
import { runPropensityJob, trainPropensity } from './propensity-job';
import { runInstallWork } from '../shops/install-work';
import { refreshReviews } from '../catalog/review-refresh';
import { runDataExports, runRedactions } from '../privacy/compliance';
import type { AdminApi } from '../admin-api/create-admin-api';
import { WaymarkError } from '../errors';

/**
 * data_export: fills the shop's pending customers/data_request exports; redact: carries out
 * its pending customers/redact and shop/redact requests (app/privacy/compliance.ts);
 * propensity: the purchase-propensity report on request (app/jobs/propensity-job.ts, `k` from
 * the Job row's payload); reviews: re-reads the shop's product ratings and review texts through
 * the Admin API (app/catalog/review-refresh.ts; queued at most daily by app/jobs/follow-ups.ts).
 */
export const JOB_TYPES = ['sessionize', 'train', 'retention', 'install', 'data_export', 'redact', 'propensity', 'reviews'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export interface JobData {
  type: JobType;
  shopId: number;
  /** Job row (progress shown in the admin); created on first run when absent. */
  jobId?: number;
}

export interface JobContext {
  db: Db;
  logger: Logger;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
  /** What the install job needs: the Admin API and the app's public URL (for the pixel's settings). */
  install?: { admin: AdminApi; appUrl: string };
}

export async function runJob(ctx: JobContext, data: JobData): Promise<unknown> {
  const { db, logger } = ctx;
  const log = logger.child({ job: data.type, shopId: data.shopId });
  let result: unknown;
  switch (data.type) {
    case 'sessionize': {
      // New events -> journeys -> the journey map's roll-ups, in one job.
      const sessions = await sessionizeShop(db, data.shopId, {
        signal: ctx.signal,
        onProgress: (p) => ctx.onProgress?.(0.5, `${p.events} events sessionized`),
      });
      const rollup = await rollupShop(db, data.shopId, { signal: ctx.signal });
      result = { ...sessions, rollupDays: rollup.days.length };
      break;
    }
    case 'train':
      result = (await trainShop(db, data.shopId, { jobId: data.jobId, signal: ctx.signal, onProgress: ctx.onProgress })).result;
      // The insights' purchase-propensity report is refreshed with the models; its failure
      // does not fail the training.
      await trainPropensity(db, data.shopId, { signal: ctx.signal }).catch((err) => log.warn({ err }, 'propensity training failed'));
      break;
    case 'install':
      if (!ctx.install) throw new WaymarkError('install jobs need the Admin API: this process was started without Shopify credentials');
      result = await runInstallWork({ db, admin: ctx.install.admin, appUrl: ctx.install.appUrl, onProgress: ctx.onProgress }, data.shopId);
      break;
    case 'retention':
      result = await applyRetention(db, data.shopId);
      break;
    case 'reviews':
      result = await runReviewsRefresh(ctx, data.shopId);
      break;
    case 'data_export':
      result = await runDataExports(db, data.shopId);
      break;
    case 'redact':
      result = await runRedactions(db, data.shopId, { signal: ctx.signal });
      break;
    case 'propensity':
      result = await runPropensityJob(db, data.shopId, { jobId: data.jobId, signal: ctx.signal, onProgress: ctx.onProgress });
      break;
    default:
      throw new WaymarkError(`unknown job type ${(data as JobData).type}`);
  }
  log.info({ result: summarize(result) }, 'job done');
  return result;
}

/** The `reviews` job: an uninstalled shop is skipped; the Admin API is the install job's. */
async function runReviewsRefresh(ctx: JobContext, shopId: number): Promise<unknown> {
  if (!ctx.install) throw new WaymarkError('reviews jobs need the Admin API: this process was started without Shopify credentials');
  const shop = await ctx.db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { domain: true, uninstalledAt: true } });
  if (shop.uninstalledAt) return { skipped: 'uninstalled' };
  return refreshReviews(ctx.db, shopId, ctx.install.admin.graphql(shop.domain));
}

function summarize(r: unknown): unknown {
  if (r && typeof r === 'object' && 'selected' in r) return { selected: (r as { selected: string }).selected };
  return r;
}
