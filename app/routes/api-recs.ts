/**
 * GET /api/recommendations/performance?from=YYYY-MM-DD&to=YYYY-MM-DD : impressions,
 * click-through, add-to-cart, attributed revenue (window stated) and lift against the
 * holdout, per block placement, and where each block was seen (app/recs/performance-report.ts).
 */
import { Router } from 'express';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import { parseInput } from '../problem';
import { sendProblem, sendResult } from '../http/send-problem';
import { performanceQuerySchema, performanceReport } from '../recs/performance-report';

export function createRecsRouter({ db }: { db: Db }): Router {
  const router = Router();
  router.get('/recommendations/performance', async (req, res) => {
    const shop = currentShop(res);
    const q = parseInput(performanceQuerySchema, req.query, 'query');
    if (!q.ok) return sendProblem(res, q.problem);
    sendResult(res, await performanceReport(db, shop, q.value));
  });
  return router;
}
