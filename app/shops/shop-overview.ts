/**
 * The admin page's first answer about a shop: its mode, currency and time zone, the default
 * window every view uses, install and re-authentication state, settings, whether the app
 * embed is on, counts of what was collected, the data's span and the active model.
 */
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { ShopRow } from './shop-rows';
import { defaultWindow, localDay, validTimeZone } from '../analytics/date-window';
import { previousPeriod } from '../analytics/utc-days';
import type { ShopAnswer } from '../api-contract/shop';

/** The app embed counts as on when storefront requests carried its context within this many days. */
export const EMBED_ACTIVE_DAYS = 7;

/** Counts from indexed aggregates: the journeys' span gives the data range. */
function collected(db: Db, shopId: number) {
  return Promise.all([
    db.event.count({ where: { shopId } }),
    db.journey.count({ where: { shopId } }),
    db.product.count({ where: { shopId } }),
    db.modelVersion.findFirst({
      where: { shopId, status: 'active' },
      orderBy: { version: 'desc' },
      select: { kind: true, version: true, metrics: true, baseline: true },
    }),
    db.journey.aggregate({ where: { shopId }, _min: { startedAt: true }, _max: { startedAt: true } }),
  ]);
}

export async function shopOverview(db: Db, shop: ShopRow, mode: Config['mode'], now = Date.now()): Promise<ShopAnswer> {
  const [events, journeys, products, activeModel, span] = await collected(db, shop.id);
  // Days in the shop's time zone; the default window is the one every view and the API use.
  const timezone = validTimeZone(shop.timezone);
  const day = (d: Date | null | undefined) => (d ? localDay(d, timezone) : null);
  const today = localDay(now, timezone);
  const window = defaultWindow(today);
  const firstDay = day(span._min.startedAt);
  return {
    shop: shop.domain,
    mode,
    currency: shop.currency,
    timezone,
    today,
    // Compare with the previous period only when it lies wholly within the recorded data.
    defaultRange: { ...window, compare: firstDay !== null && firstDay <= previousPeriod(window).from },
    installedAt: shop.installedAt.toISOString(),
    pixelActive: Boolean(shop.pixelId) || mode === 'local',
    // Set when Shopify refused to refresh the stored token; opening the app again repairs it.
    needsReauth: shop.needsReauthAt ? { since: shop.needsReauthAt.toISOString(), reason: shop.reauthReason } : null,
    settings: { sessionGapMinutes: shop.sessionGapMinutes, retentionDays: shop.retentionDays, holdoutPercent: shop.holdoutPercent },
    // The app embed (extensions/waymark-blocks/blocks/waymark-embed.liquid) gives the blocks the
    // visitor key and recent products; seen in storefront requests within EMBED_ACTIVE_DAYS.
    embed: {
      active: Boolean(shop.embedSeenAt && now - shop.embedSeenAt.getTime() < EMBED_ACTIVE_DAYS * 86_400_000),
      lastSeenAt: shop.embedSeenAt?.toISOString() ?? null,
      handle: 'waymark-embed',
    },
    counts: { events, journeys, products },
    dataRange: span._min.startedAt ? { firstDay: day(span._min.startedAt), lastDay: day(span._max.startedAt) } : null,
    activeModel: activeModel
      ? { kind: activeModel.kind, version: activeModel.version, metrics: JSON.parse(activeModel.metrics), baseline: JSON.parse(activeModel.baseline) }
      : null,
  };
}
