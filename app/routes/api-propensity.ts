/**
 * /api/propensity : the shop's purchase-propensity report (how well early behaviour
 * predicts buying, and which behaviours do), and /api/propensity/train to (re)compute it.
 *
 *   GET  /propensity            { status: 'ready', report, jobId, finishedAt, training }
 *                               or { status: 'not_trained', message, training, lastError }
 *                               `?model=1` includes the fitted model (weights) in the report.
 *   POST /propensity/train      body { k?: 1..10 }. Shops with at most SYNC_JOURNEY_LIMIT
 *                               journeys are trained in the request (200 + report); larger
 *                               ones in the background of this process (202 + jobId; poll
 *                               GET). 409 while a training runs.
 *
 * Every query is scoped by the authenticated shop's id.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import { isPropensityRunning, MAX_K, PropensityBusyError, PROPENSITY_JOB_TYPE, trainPropensity } from '../jobs/propensity-job';
import type { PropensityReport } from '../../ml/propensity/train';

/** Shops with up to this many journeys are trained synchronously (a few seconds). */
export const SYNC_JOURNEY_LIMIT = 5_000;
/** A 'running' row older than this is assumed dead (its process stopped). */
const STALE_MS = 30 * 60_000;

const trainSchema = z.object({ k: z.number().int().min(1).max(MAX_K).optional() }).strict();

function parseReport(json: string): PropensityReport | null {
  try {
    const r = JSON.parse(json) as PropensityReport;
    return r && typeof r === 'object' && typeof r.status === 'string' && typeof r.k === 'number' ? r : null;
  } catch {
    return null;
  }
}

function publicReport(report: PropensityReport, withModel: boolean): Omit<PropensityReport, 'model'> & { model?: PropensityReport['model'] } {
  if (withModel) return report;
  const { model: _model, ...rest } = report;
  return rest;
}

export function createPropensityRouter({ db }: { db: Db }): Router {
  const router = Router();

  const runningJob = (shopId: number) =>
    db.job.findFirst({
      where: { shopId, type: PROPENSITY_JOB_TYPE, status: { in: ['queued', 'running'] }, createdAt: { gte: new Date(Date.now() - STALE_MS) } },
      orderBy: { id: 'desc' },
      select: { id: true, status: true, progress: true, message: true, startedAt: true },
    });

  router.get('/propensity', async (req, res) => {
    const shop = currentShop(res);
    const [latest, training, lastFailed] = await Promise.all([
      db.job.findFirst({
        where: { shopId: shop.id, type: PROPENSITY_JOB_TYPE, status: 'succeeded' },
        orderBy: { id: 'desc' },
        select: { id: true, result: true, finishedAt: true },
      }),
      runningJob(shop.id),
      db.job.findFirst({
        where: { shopId: shop.id, type: PROPENSITY_JOB_TYPE, status: 'failed' },
        orderBy: { id: 'desc' },
        select: { id: true, error: true, finishedAt: true },
      }),
    ]);
    const report = latest ? parseReport(latest.result) : null;
    const trainingInfo = training ? { jobId: training.id, status: training.status, progress: training.progress, message: training.message, startedAt: training.startedAt } : null;
    const lastError = lastFailed && (!latest || lastFailed.id > latest.id) ? { jobId: lastFailed.id, error: lastFailed.error, finishedAt: lastFailed.finishedAt } : null;
    if (!latest || !report) {
      res.json({
        status: 'not_trained',
        message: 'Purchase propensity has not been estimated for this store yet. It is computed from visits after the journey data is sessionised; POST /api/propensity/train computes it now.',
        training: trainingInfo,
        lastError,
      });
      return;
    }
    const withModel = req.query.model === '1' || req.query.model === 'true';
    res.json({ status: 'ready', jobId: latest.id, finishedAt: latest.finishedAt, report: publicReport(report, withModel), training: trainingInfo, lastError });
  });

  router.post('/propensity/train', async (req, res) => {
    const shop = currentShop(res);
    const parsed = trainSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      res.status(400).json({ error: `${issue.path.join('.') || 'body'}: ${issue.message}`, field: issue.path.join('.') });
      return;
    }
    const { k } = parsed.data;
    const busy = isPropensityRunning(shop.id) ? { id: null } : await runningJob(shop.id);
    if (busy) {
      res.status(409).json({ error: 'purchase propensity is already being computed for this store', jobId: busy.id });
      return;
    }
    const journeys = await db.journey.count({ where: { shopId: shop.id } });
    try {
      if (journeys <= SYNC_JOURNEY_LIMIT) {
        const { jobId, report } = await trainPropensity(db, shop.id, { k });
        res.json({ status: 'ready', jobId, report: publicReport(report, false) });
        return;
      }
      const row = await db.job.create({
        data: { shopId: shop.id, type: PROPENSITY_JOB_TYPE, status: 'queued', payload: JSON.stringify({ k: k ?? null }) },
      });
      // The job marks its row failed on error; nothing more to do with the rejection here.
      void trainPropensity(db, shop.id, { k, jobId: row.id }).catch(() => {});
      res.status(202).json({ status: 'training', jobId: row.id });
    } catch (err) {
      if (err instanceof PropensityBusyError) {
        res.status(409).json({ error: 'purchase propensity is already being computed for this store' });
        return;
      }
      throw err;
    }
  });

  return router;
}
