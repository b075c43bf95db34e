/**
 * What the journey map (the landing page) asks the API for, shared with main.tsx so the
 * request can start while the page's code is still loading.
 */
import { apiQuery, dayOf, filtersFrom } from './filters';
import type { ShopOverview } from './hooks';

/** The last 30 days, ending at the last day with data when the backend reports one. */
export function initialRange(shop: ShopOverview | null, today = dayOf(Date.now())) {
  const last = shop?.dataRange?.lastDay;
  const to = last && last < today ? last : today;
  return { from: dayOf(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000), to };
}

export function journeyMapPath(search: URLSearchParams, fallback = initialRange(null)): string {
  const filters = filtersFrom(search, fallback);
  return `/journey-map?${apiQuery(filters, {
    anchor: search.get('anchor') ?? undefined,
    detail: search.get('detail') ?? undefined,
    top: search.get('top') ?? undefined,
    expand: search.get('expand') ?? undefined,
    checkout: search.get('checkout') ?? undefined,
    steps: search.get('steps') ?? undefined,
  })}`;
}
