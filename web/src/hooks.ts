import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { apiGet, ApiError } from './api';

export interface ApiState<T> {
  data: T | null;
  error: ApiError | Error | null;
  loading: boolean;
  reload(): void;
}

/** GETs `path` (null = wait), keeping the previous answer on screen while a new one loads. */
export function useApi<T>(path: string | null, opts: { pollMs?: number } = {}): ApiState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    if (path === null) return;
    const mine = ++seq.current;
    const controller = new AbortController();
    setLoading(true);
    apiGet<T>(path, { signal: controller.signal }).then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: Error) => {
        if (mine !== seq.current || e.name === 'AbortError') return;
        setError(e);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [path, tick]);
  useEffect(() => {
    if (!opts.pollMs || path === null) return;
    const t = setInterval(() => setTick((n) => n + 1), opts.pollMs);
    return () => clearInterval(t);
  }, [opts.pollMs, path]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

export interface ShopOverview {
  shop: string;
  mode: string;
  installedAt: string;
  pixelActive: boolean;
  /** Shopify refused to refresh Waymark's access: background work is paused until the app is opened again. */
  needsReauth?: null | { since: string; reason: string | null };
  settings: { sessionGapMinutes: number; retentionDays: number; holdoutPercent: number };
  /** the Waymark app embed, seen in storefront requests lately */
  embed?: { active: boolean; lastSeenAt: string | null; handle: string };
  counts: { events: number; journeys: number; products: number };
  activeModel: null | { kind: string; version: number; metrics: Record<string, unknown>; baseline: Record<string, unknown> };
  /** Optional: first and last day with journeys (the shop's days), when the backend reports it. */
  dataRange?: { firstDay: string | null; lastDay: string | null };
  /** The shop's IANA time zone: every day in the admin is one of its days. */
  timezone?: string;
  /** Today in the shop's time zone. */
  today?: string;
  /** The default window of every view (the API's default too), and whether to compare by default. */
  defaultRange?: { from: string; to: string; compare: boolean };
}

export const ShopContext = createContext<ApiState<ShopOverview> | null>(null);

export function useShop(): ApiState<ShopOverview> {
  const ctx = useContext(ShopContext);
  if (!ctx) throw new Error('useShop outside ShopContext');
  return ctx;
}
