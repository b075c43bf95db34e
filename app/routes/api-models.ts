/**
 * /api/models : the shop's active model, its validation metrics against popularity,
 * the training history (with each version's champion/challenger decision), live progress
 * of a running training, retrain and cancel, and `POST /models/:version/activate`, which
 * puts an earlier or challenger version live (rollback; app/recs/model-versions.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { JobQueue } from '../jobs/queue';
import { currentShop } from '../auth/session-token';
import { parseInput } from '../problem';
import { sendProblem, sendResult } from '../http/send-problem';
import { activateVersion, modelsOverview } from '../recs/model-versions';
import type { ModelCancelAnswer, ModelRetrainAnswer } from '../api-contract/models';

const POSITIVE = 'must be a positive integer';
const versionParams = z.object({ version: z.coerce.number({ error: POSITIVE }).int(POSITIVE).min(1, POSITIVE) });

export function createModelsRouter({ db, jobs }: { db: Db; jobs: JobQueue }): Router {
  const router = Router();

  router.get('/models', async (_req, res) => {
    res.json(await modelsOverview(db, currentShop(res).id));
  });

  router.post('/models/:version/activate', async (req, res) => {
    const shop = currentShop(res);
    const params = parseInput(versionParams, req.params, 'path');
    if (!params.ok) return sendProblem(res, params.problem);
    sendResult(res, await activateVersion(db, shop.id, params.value.version));
  });

  router.post('/models/retrain', async (_req, res) => {
    const r = await jobs.enqueue('train', currentShop(res).id);
    if (r.queued) res.status(202).json({ jobId: r.jobId } satisfies ModelRetrainAnswer);
    else sendProblem(res, { code: 'conflict', message: 'a training is already running' }, { context: { jobId: r.jobId } });
  });

  router.post('/models/cancel', async (_req, res) => {
    const cancelled = await jobs.cancel('train', currentShop(res).id);
    if (cancelled) res.json({ cancelled } satisfies ModelCancelAnswer);
    else sendProblem(res, { code: 'not_found', message: 'no training to cancel' }, { context: { cancelled } });
  });

  return router;
}
