/**
 * Posts one request body to the ingest endpoint, retrying what may succeed
 * later: network errors, 429 and 5xx are retried with exponential backoff and
 * jitter, honoring Retry-After, up to `maxAttempts`; other 4xx are not retried.
 * Every request uses `keepalive: true`, so one started just before the page
 * goes away can still complete.
 */
import type { BatcherStats } from './batcher-stats';
import { neverThrow } from './never-throw';

export interface FetchResponseLike {
  status: number;
  headers?: { get(name: string): string | null } | null;
}

export type FetchLike = (
  url: string,
  init: {
    method: 'POST';
    keepalive: boolean;
    credentials: 'omit';
    headers: Record<string, string>;
    body: string;
  },
) => Promise<FetchResponseLike>;

export interface SendOptions {
  url: string;
  fetch: FetchLike;
  setTimeout: (fn: () => void, ms: number) => unknown;
  /** [0, 1); jitter source. Default Math.random. */
  random?: () => number;
  /** Epoch ms; for HTTP-date Retry-After. Default Date.now. */
  now?: () => number;
  /** Attempts per batch, first included. Default 5. */
  maxAttempts?: number;
  /** Backoff base and cap. Defaults 500 ms and 30 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest Retry-After honored; longer values are clamped. Default 60 s. */
  maxRetryAfterMs?: number;
}

/** Sends `body` (carrying `count` events) until acknowledged, refused or given up on. Never rejects. */
export type SendBatch = (body: string, count: number) => Promise<void>;

/** Retry-After as delay in ms: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export function createSendBatch(options: SendOptions, stats: BatcherStats): SendBatch {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      try {
        options.setTimeout(resolve, ms);
      } catch {
        resolve();
      }
    });
  }

  function backoff(attempt: number): number {
    const cap = Math.min(maxDelayMs, baseDelayMs * Math.pow(2, attempt - 1));
    return Math.round(cap / 2 + random() * (cap / 2));
  }

  /** One attempt: true when settled (sent or refused), else the Retry-After delay if any. */
  async function attempt(body: string, count: number): Promise<true | number | undefined> {
    try {
      stats.requests++;
      // text/plain keeps this a CORS "simple request": no OPTIONS preflight, which
      // matters for keepalive requests fired as the page is going away. The body
      // is still JSON; the ingest route parses it regardless of content type.
      const response = await options.fetch(options.url, {
        method: 'POST',
        keepalive: true,
        credentials: 'omit',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        body,
      });
      const status = response && typeof response.status === 'number' ? response.status : 0;
      if (status >= 200 && status < 300) {
        stats.sent += count;
        return true;
      }
      if (status !== 429 && status < 500 && status !== 0) {
        stats.droppedRejected += count;
        return true;
      }
      let header: string | null | undefined;
      neverThrow(() => {
        header = response.headers?.get('Retry-After');
      });
      return parseRetryAfter(header, now());
    } catch {
      return undefined; // network error, CORS failure, keepalive quota exceeded…: retry
    }
  }

  return async (body, count) => {
    for (let n = 1; ; n++) {
      const outcome = await attempt(body, count);
      if (outcome === true) return;
      if (n >= maxAttempts) {
        stats.droppedGaveUp += count;
        return;
      }
      stats.retries++;
      await sleep(outcome !== undefined ? Math.min(outcome, maxRetryAfterMs) : backoff(n));
    }
  };
}
