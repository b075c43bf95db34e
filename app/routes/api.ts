/**
 * /api/* : the embedded admin page's API. Every handler reads the shop from the verified
 * session (currentShop) and scopes every query by its id; no handler takes a shop from
 * the request.
 */
import { Router } from 'express';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import type { JobQueue } from '../jobs/queue';
import { shopOverview } from '../shops/shop-overview';
import { createModelsRouter } from './api-models';
import { createSettingsRouter } from './api-settings';
import { createProductsRouter } from './api-products';
import { createDataExportRouter } from './api-data-export';
import { createRecsRouter } from './api-recs';
import { createAnalyticsRouter } from './api-analytics';
import { createPropensityRouter } from './api-propensity';
import { createDataRequestsRouter } from './api-data-requests';

export function createApiRouter({
  db,
  config,
  jobs,
  onSettingsChanged,
}: {
  db: Db;
  config: Config;
  jobs: JobQueue;
  /** Called after a shop's settings change, so this process serves them at once. */
  onSettingsChanged?: (shopId: number) => void;
}): Router {
  const router = Router();
  router.use(createModelsRouter({ db, jobs }));
  router.use(createSettingsRouter({ db, onChange: onSettingsChanged }));
  router.use(createProductsRouter({ db }));
  router.use(createDataExportRouter({ db }));
  router.use(createRecsRouter({ db }));
  router.use(createAnalyticsRouter({ db }));
  router.use(createPropensityRouter({ db, jobs }));
  router.use(createDataRequestsRouter({ db }));
  router.get('/shop', async (_req, res) => {
    res.json(await shopOverview(db, currentShop(res), config.mode));
  });
  return router;
}
