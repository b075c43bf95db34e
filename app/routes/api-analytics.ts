/**
 * /api analytics endpoints for the admin journey-map page. Mounted by server.ts under
 * /api after apiAuth; every answer is scoped by the authenticated shop (currentShop).
 * Query parameters: app/analytics/params.ts. Answers come from the roll-ups, except /search/clusters.
 *
 *   GET /journey-map   headline (+ previous period), flow, funnel, dwell
 *   GET /flow          Sankey nodes / links (anchor, detail, top, expand, depth)
 *   GET /funnel        funnel steps (steps=...), with the previous period
 *   GET /dwell         time on each step
 *   GET /paths         top paths (outcome=purchase|exit, limit)
 *   GET /search        searches, zero-result and no-click queries
 *   GET /search/clusters  intent clusters (top, zero-result, converting), honoring segment filters;
 *                      computed from the window's journeys and events, not the roll-ups
 *   GET /insights      ranked findings
 *   GET /reviews/insights  reviews and Quick feedback analyzed and joined to journeys (per product, per step);
 *                      from the window's events and the stored reviews, not the roll-ups
 */
import { Router, type Request, type Response } from 'express';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import { invalidField } from '../problem';
import { sendProblem } from '../http/send-problem';
import { parseAnalyticsQuery, type AnalyticsQuery } from '../analytics/params';
import { getReviewInsights } from '../analytics/review-insights-service';
import { getDwell, getFlow, getFunnel, getHeadline, getInsights, getJourneyMap, getPaths, getSearch, getSearchClusters, type ShopRef } from '../analytics/service';

type Handler = (db: Db, shop: ShopRef, q: AnalyticsQuery) => Promise<unknown>;

export function createAnalyticsRouter({ db }: { db: Db }): Router {
  const router = Router();
  const route = (path: string, handler: Handler) =>
    router.get(path, async (req: Request, res: Response) => {
      const shop = currentShop(res);
      const parsed = parseAnalyticsQuery(req.query as Record<string, unknown>, Date.now(), shop.timezone);
      if (!parsed.ok) return sendProblem(res, invalidField(parsed.field, parsed.message));
      res.setHeader('Cache-Control', 'private, max-age=60');
      res.json(await handler(db, { id: shop.id, currency: shop.currency }, parsed.query));
    });

  route('/journey-map', getJourneyMap);
  route('/flow', getFlow);
  route('/funnel', (db, shop, q) => getFunnel(db, shop, q));
  route('/dwell', getDwell);
  route('/headline', (db, shop, q) => getHeadline(db, shop, q));
  route('/paths', getPaths);
  route('/search', getSearch);
  route('/search/clusters', getSearchClusters);
  route('/insights', getInsights);
  route('/reviews/insights', getReviewInsights);
  return router;
}
