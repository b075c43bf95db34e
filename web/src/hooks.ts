import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { apiGet, ApiError } from './api';
import type { ShopAnswer } from '../../app/api-contract/shop';

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

export const ShopContext = createContext<ApiState<ShopAnswer> | null>(null);

export function useShop(): ApiState<ShopAnswer> {
  const ctx = useContext(ShopContext);
  if (!ctx) throw new Error('useShop outside ShopContext');
  return ctx;
}
