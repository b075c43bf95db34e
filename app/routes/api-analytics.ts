/**
 * /api analytics endpoints for the admin journey-map page. Mounted by server.ts under
 * /api after apiAuth; every answer is scoped by the authenticated shop (currentShop).
 * Query parameters: app/analytics/params.ts. Answers come from the roll-ups, except /search/clusters.
 *
 *   GET /journey-map   headline (+ previous period), flow, funnel, dwell
 *   GET /flow          Sankey nodes / links (anchor, detail, top, expand, depth)
 *   GET /funnel        the funnel builder: steps (page types, products, collections, events),
 *                      mode=closed|open, window, compare (app/api-contract/funnel.ts); read from
 *                      the window's journeys and events, not the roll-ups
 *   GET /funnel/collections  the collections a funnel step can name
 *   GET /dwell         time on each step
 *   GET /paths         top paths (outcome=purchase|exit, limit)
 *   GET /search        searches, zero-result and no-click queries (roll-ups per segment cell: honors segment filters)
 *   GET /search/clusters  intent clusters (top, zero-result, converting), honoring segment filters;
 *                      computed from the window's journeys and events, not the roll-ups
 *   GET /insights      ranked findings
 *   GET /reviews/insights  reviews and Quick feedback analyzed and joined to journeys (per product, per step);
 *                      from the window's events and the stored reviews, not the roll-ups
 */
import { Router, type Request, type Response } from 'express';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import { invalidField, parseInput } from '../problem';
import { sendProblem } from '../http/send-problem';
import { parseAnalyticsQuery, type AnalyticsQuery } from '../analytics/params';
import { getDwell, getFlow, getHeadline, getInsights, getJourneyMap, getPaths, getSearch, getSearchClusters, type ShopRef } from '../analytics/service';

import { getReviewInsights } from '../analytics/review-insights-service';
import { getBuiltFunnel } from '../analytics/funnel-answer';
import { readCollections } from '../analytics/funnel-read';
import { validTimeZone } from '../analytics/date-window';
import { funnelQuerySchema, type FunnelCollectionsAnswer } from '../api-contract/funnel';

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
  router.get('/funnel', async (req, res) => {
    const shop = currentShop(res);
    const { steps, mode, window, compare, ...common } = req.query as Record<string, unknown>;
    const parsed = parseAnalyticsQuery(common, Date.now(), shop.timezone);
    if (!parsed.ok) return sendProblem(res, invalidField(parsed.field, parsed.message));
    const funnel = parseInput(funnelQuerySchema, { steps: Array.isArray(steps) ? steps.join(',') : steps, mode, window, compare }, 'query');
    if (!funnel.ok) return sendProblem(res, funnel.problem);
    const answer = await getBuiltFunnel(db, { id: shop.id, timeZone: validTimeZone(shop.timezone) }, parsed.query, funnel.value);
    res.setHeader('Cache-Control', 'private, max-age=60');
    res.json(answer);
  });
  router.get('/funnel/collections', async (_req, res) => {
    const shop = currentShop(res);
    const answer: FunnelCollectionsAnswer = { collections: await readCollections(db, shop.id) };
    res.setHeader('Cache-Control', 'private, max-age=60');
    res.json(answer);
  });
  route('/dwell', getDwell);
  route('/headline', (db, shop, q) => getHeadline(db, shop, q));
  route('/paths', getPaths);
  route('/search', getSearch);
  route('/search/clusters', getSearchClusters);
  route('/insights', getInsights);
  route('/reviews/insights', getReviewInsights);
  return router;
}
