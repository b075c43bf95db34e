/** The report filters a page reads from its URL, and changes to that URL. */
import { useMemo } from 'react';
import { dayOf, filtersFrom, filtersToSearch, segmentSummary, type Filters } from './filters';
import { useShop } from './hooks';
import { initialRange } from './landing';
import { navigate, useLocation } from './router';

/** Filters from the URL, falling back to the shop's landing range; `onFilters` navigates to new ones. */
export function usePageFilters() {
  const shop = useShop();
  const { search } = useLocation();
  const today = shop.data?.today ?? dayOf(Date.now());
  const fallback = useMemo(() => initialRange(shop.data, today), [shop.data, today]);
  const filters = filtersFrom(search, fallback);
  const onFilters = (f: Filters) => navigate(window.location.pathname, filtersToSearch(f, search));
  return { shop, search, today, fallback, filters, onFilters, segments: segmentSummary(filters) };
}

/** Replaces the current URL's query with `search` changed by `patch` (null deletes a key). */
export function patchSearch(search: URLSearchParams, patch: Record<string, string | null>): void {
  const s = new URLSearchParams(search);
  for (const [k, v] of Object.entries(patch)) (v === null ? s.delete(k) : s.set(k, v));
  navigate(window.location.pathname, s, { replace: true });
}
