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
import { createModelsRouter } from './api-models';
import { createSettingsRouter } from './api-settings';
import { createRecsRouter } from './api-recs';
import { createAnalyticsRouter } from './api-analytics';
import { createPropensityRouter } from './api-propensity';

export function createApiRouter({ db, config, jobs }: { db: Db; config: Config; jobs: JobQueue }): Router {
  const router = Router();
  router.use(createModelsRouter({ db, jobs }));
  router.use(createSettingsRouter({ db }));
  router.use(createRecsRouter({ db }));
  router.use(createAnalyticsRouter({ db }));
  router.use(createPropensityRouter({ db }));

  router.get('/shop', async (_req, res) => {
    const shop = currentShop(res);
    const [events, journeys, products, activeModel] = await Promise.all([
      db.event.count({ where: { shopId: shop.id } }),
      db.journey.count({ where: { shopId: shop.id } }),
      db.product.count({ where: { shopId: shop.id } }),
      db.modelVersion.findFirst({ where: { shopId: shop.id, status: 'active' }, orderBy: { version: 'desc' } }),
    ]);
    res.json({
      shop: shop.domain,
      mode: config.mode,
      installedAt: shop.installedAt,
      pixelActive: Boolean(shop.pixelId) || config.mode === 'local',
      settings: {
        sessionGapMinutes: shop.sessionGapMinutes,
        retentionDays: shop.retentionDays,
        holdoutPercent: shop.holdoutPercent,
      },
      counts: { events, journeys, products },
      activeModel: activeModel
        ? { kind: activeModel.kind, version: activeModel.version, metrics: JSON.parse(activeModel.metrics), baseline: JSON.parse(activeModel.baseline) }
        : null,
    });
  });

  return router;
}
