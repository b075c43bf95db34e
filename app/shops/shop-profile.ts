/**
 * The shop's time zone and currency from the Admin API (`shop { ianaTimezone currencyCode }`),
 * read at install: analytics days are the shop's days, money is in its currency.
 * A failed or odd answer changes nothing (the install goes on; UTC / USD stay).
 */
import type { Db } from '../db/client';
import type { GraphqlFn } from '../admin-api/admin-graphql';
import { validTimeZone } from '../analytics/date-window';

const QUERY = 'query ShopProfile { shop { ianaTimezone currencyCode } }';

export interface ShopProfile {
  timezone: string | null;
  currency: string | null;
}

export async function readShopProfile(graphql: GraphqlFn): Promise<ShopProfile> {
  const res = await graphql(QUERY).catch(() => ({ data: undefined }));
  const shop = res.data?.shop as { ianaTimezone?: unknown; currencyCode?: unknown } | undefined;
  const tz = typeof shop?.ianaTimezone === 'string' && validTimeZone(shop.ianaTimezone) === shop.ianaTimezone ? shop.ianaTimezone : null;
  const cur = typeof shop?.currencyCode === 'string' && /^[A-Z]{3}$/.test(shop.currencyCode) ? shop.currencyCode : null;
  return { timezone: tz, currency: cur };
}

/**
 * Stores the profile. A new time zone moves day boundaries, so the analytics roll-ups are
 * rebuilt in full on their next run (their watermark is dropped).
 */
export async function saveShopProfile(db: Db, shopId: number, profile: ShopProfile): Promise<void> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true, currency: true } });
  const data: { timezone?: string; currency?: string } = {};
  if (profile.timezone && profile.timezone !== shop.timezone) data.timezone = profile.timezone;
  if (profile.currency && profile.currency !== shop.currency) data.currency = profile.currency;
  if (!Object.keys(data).length) return;
  await db.shop.update({ where: { id: shopId }, data });
  if (data.timezone) await db.analyticsRollupState.deleteMany({ where: { shopId } });
}
