/**
 * /api/propensity : the shop's purchase-propensity report (how well early behavior
 * predicts buying, and which behaviors do), and /api/propensity/train to (re)compute it.
 *
 *   GET  /propensity            { status: 'ready', report, jobId, finishedAt, training, lastError }
 *                               or { status: 'not_trained', message, training, lastError }
 *                               (app/jobs/propensity-report.ts). `?model=1` includes the
 *                               fitted model (weights) in the report.
 *   POST /propensity/train      body { k?: 1..10 }: queues the `propensity` job (it never
 *                               trains on the web process) and answers 202
 *                               { status: 'training', jobId }; poll GET. 409 while one is queued or running.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { JobQueue } from '../jobs/queue';
import { currentShop } from '../auth/session-token';
import { parseInput } from '../problem';
import { sendProblem } from '../http/send-problem';
import { MAX_K, PROPENSITY_JOB_TYPE } from '../jobs/propensity-job';
import { propensityAnswer } from '../jobs/propensity-report';
import type { PropensityTrainAnswer } from '../api-contract/propensity';

const trainSchema = z.object({ k: z.number().int().min(1).max(MAX_K).optional() }).strict();

export function createPropensityRouter({ db, jobs }: { db: Db; jobs: Pick<JobQueue, 'enqueue'> }): Router {
  const router = Router();

  router.get('/propensity', async (req, res) => {
    const withModel = req.query.model === '1' || req.query.model === 'true';
    res.json(await propensityAnswer(db, currentShop(res).id, withModel));
  });

  router.post('/propensity/train', async (req, res) => {
    const shop = currentShop(res);
    const body = parseInput(trainSchema, req.body ?? {});
    if (!body.ok) return sendProblem(res, body.problem);
    const r = await jobs.enqueue(PROPENSITY_JOB_TYPE, shop.id, { payload: { k: body.value.k ?? null } });
    if (r.queued) res.status(202).json({ status: 'training', jobId: r.jobId } satisfies PropensityTrainAnswer);
    else sendProblem(res, { code: 'conflict', message: 'purchase propensity is already being computed for this store' }, { context: { jobId: r.jobId } });
  });

  return router;
}
