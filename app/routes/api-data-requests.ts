/**
 * customers/data_request exports for the merchant (app/privacy/data-requests.ts):
 * GET /data-requests lists the shop's, GET /data-requests/:id/download sends one as a JSON
 * file. Scoped by the session's shop: another shop's id answers 404.
 */
import { Router } from 'express';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import { sendProblem } from '../http/send-problem';
import { dataRequestFile, listDataRequests } from '../privacy/data-requests';

export function createDataRequestsRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/data-requests', async (_req, res) => {
    res.json(await listDataRequests(db, currentShop(res).id));
  });

  router.get('/data-requests/:id/download', async (req, res) => {
    const file = await dataRequestFile(db, currentShop(res).id, Number(req.params.id));
    if (!file.ok) return sendProblem(res, file.problem);
    res.setHeader('Content-Disposition', `attachment; filename="${file.value.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.type('application/json').send(file.value.json);
  });

  return router;
}
