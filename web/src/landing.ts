/**
 * What the journey map (the landing page) asks the API for, shared with main.tsx so the
 * request can start while the page's code is still loading.
 */
import { apiQuery, dayOf, defaultRange, filtersFrom } from './filters';
import type { ShopAnswer } from '../../app/api-contract/shop';

/**
 * The default window, as the backend defines it for this shop (the last 30 of the shop's
 * days, compared with the previous period only when that period has data); before the
 * shop overview arrives, the last 30 days here.
 */
export function initialRange(shop: ShopAnswer | null, today = dayOf(Date.now())): { from: string; to: string; compare: boolean } {
  if (shop?.defaultRange) return shop.defaultRange;
  return { ...defaultRange(shop?.today ?? today), compare: false };
}

/**
 * The journey map's API path. Without dates in the page URL it asks for the API's default
 * window (the same as initialRange's), so the request can start before the shop is known.
 */
export function journeyMapPath(search: URLSearchParams, fallback = initialRange(null)): string {
  const filters = filtersFrom(search, fallback);
  const dated = search.has('from') || search.has('to');
  const q = apiQuery(filters, {
    anchor: search.get('anchor') ?? undefined,
    detail: search.get('detail') ?? undefined,
    top: search.get('top') ?? undefined,
    expand: search.get('expand') ?? undefined,
    checkout: search.get('checkout') ?? undefined,
  });
  return `/journey-map?${dated ? q : q.replace(/^from=[^&]*&to=[^&]*&?/, '')}`;
}
