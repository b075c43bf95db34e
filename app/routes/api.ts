/**
 * /api/* : the embedded admin page's API. Every handler reads the shop from the verified
 * session (currentShop) and scopes every query by its id; no handler takes a shop from
 * the request.
 */
import { defaultWindow, localDay, validTimeZone } from '../analytics/date-window';
import { previousPeriod } from '../analytics/utc-days';
import { Router } from 'express';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import type { JobQueue } from '../jobs/queue';
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
  router.use(createPropensityRouter({ db }));
  router.use(createDataRequestsRouter({ db }));

  const EMBED_ACTIVE_DAYS = 7;
  router.get('/shop', async (_req, res) => {
    const shop = currentShop(res);
    // Counts from indexed aggregates: the journeys' span gives the data range, the
    // sessionisation watermark how far events have been processed.
    const [events, journeys, products, activeModel, span] = await Promise.all([
      db.event.count({ where: { shopId: shop.id } }),
      db.journey.count({ where: { shopId: shop.id } }),
      db.product.count({ where: { shopId: shop.id } }),
      db.modelVersion.findFirst({
        where: { shopId: shop.id, status: 'active' },
        orderBy: { version: 'desc' },
        select: { kind: true, version: true, metrics: true, baseline: true },
      }),
      db.journey.aggregate({ where: { shopId: shop.id }, _min: { startedAt: true }, _max: { startedAt: true } }),
    ]);
    // Days in the shop's time zone; the default window is the one every view and the API use.
    const timezone = validTimeZone(shop.timezone);
    const day = (d: Date | null | undefined) => (d ? localDay(d, timezone) : null);
    const today = localDay(Date.now(), timezone);
    const window = defaultWindow(today);
    const previous = previousPeriod(window);
    const firstDay = day(span._min.startedAt);
    res.json({
      shop: shop.domain,
      mode: config.mode,
      currency: shop.currency,
      timezone,
      today,
      // Compare with the previous period only when it lies wholly within the recorded data.
      defaultRange: { ...window, compare: firstDay !== null && firstDay <= previous.from },
      installedAt: shop.installedAt,
      pixelActive: Boolean(shop.pixelId) || config.mode === 'local',
      // Set when Shopify refused to refresh the stored token; opening the app again repairs it.
      needsReauth: shop.needsReauthAt ? { since: shop.needsReauthAt, reason: shop.reauthReason } : null,
      settings: {
        sessionGapMinutes: shop.sessionGapMinutes,
        retentionDays: shop.retentionDays,
        holdoutPercent: shop.holdoutPercent,
      },
      // The app embed (extensions/waymark-blocks/blocks/waymark-embed.liquid) gives the blocks the
      // visitor key and recent products; seen in storefront requests within EMBED_ACTIVE_DAYS.
      embed: {
        active: Boolean(shop.embedSeenAt && Date.now() - shop.embedSeenAt.getTime() < EMBED_ACTIVE_DAYS * 86_400_000),
        lastSeenAt: shop.embedSeenAt,
        handle: 'waymark-embed',
      },
      counts: { events, journeys, products },
      dataRange: span._min.startedAt ? { firstDay: day(span._min.startedAt), lastDay: day(span._max.startedAt) } : null,
      activeModel: activeModel
        ? { kind: activeModel.kind, version: activeModel.version, metrics: JSON.parse(activeModel.metrics), baseline: JSON.parse(activeModel.baseline) }
        : null,
    });
  });

  return router;
}
