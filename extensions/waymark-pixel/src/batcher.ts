/**
 * Batches compact journey events and posts them to Waymark's ingest endpoint.
 *
 * Pure apart from what is injected (fetch, timers, random, optional storage),
 * so tests drive it with fakes.
 *
 * Flush policy (why): a strict-sandbox pixel runs in a web worker. It has no
 * DOM, so no `visibilitychange`/`pagehide` to flush on, and the worker dies with
 * the page. So:
 *  - events are queued and sent together after `flushIntervalMs` (2 s, counted
 *    from the first queued event, not reset by later ones) or as soon as
 *    `maxEvents` (20) are queued: this coalesces the burst each page load fires
 *    (page_viewed + product_viewed + rec_impression…) into one request;
 *  - the caller marks events that usually precede a navigation as urgent
 *    (rec_click, add to cart, checkout steps, checkout_completed): they flush
 *    at once, carrying whatever else is queued;
 *  - every request uses `keepalive: true`, so one started just before the page
 *    goes away can still complete;
 *  - optionally (`store`, wired to the sandbox's `browser.sessionStorage`) the
 *    unsent queue is mirrored to storage and re-sent by the pixel on the next
 *    page of the same tab. Events carry Shopify's event id and the backend
 *    stores (shop, id) once, so a re-send after an unconfirmed success is
 *    harmless.
 *
 * Sending: one request in flight at a time (browsers cap the total of in-flight
 * keepalive bodies at 64 KiB, so parallel batches could fail each other), each
 * body at most `maxBytes` (64 KiB; a queue that does not fit is split, a single
 * event that alone does not fit is dropped and counted). Network errors, 429
 * and 5xx are retried with exponential backoff and jitter, honouring
 * Retry-After, up to `maxAttempts`; other 4xx are not retried. The queue is
 * bounded (oldest dropped first). Nothing here ever throws or rejects into the
 * caller.
 */
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH, type JourneyEvent } from './contract';

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

/** Async key/value storage (the pixel sandbox's `browser.sessionStorage` fits). */
export interface OutboxStore {
  load(): Promise<string | null>;
  save(value: string | null): Promise<unknown>;
}

export interface BatcherOptions {
  url: string;
  shopKey: string;
  fetch: FetchLike;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  /** [0, 1); jitter source. Default Math.random. */
  random?: () => number;
  /** Epoch ms; for HTTP-date Retry-After and outbox expiry. Default Date.now. */
  now?: () => number;
  /** Flush as soon as this many events are queued. Default 20. */
  maxEvents?: number;
  /** Flush this long after the first queued event. Default 2000 ms. */
  flushIntervalMs?: number;
  /** Largest request body in UTF-8 bytes. Default 64 KiB. */
  maxBytes?: number;
  /** Largest number of events waiting to be sent; oldest dropped beyond. Default 500. */
  maxQueue?: number;
  /** Attempts per batch, first included. Default 5. */
  maxAttempts?: number;
  /** Backoff base and cap. Defaults 500 ms and 30 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest Retry-After honoured; longer values are clamped. Default 60 s. */
  maxRetryAfterMs?: number;
  store?: OutboxStore;
  /** Outbox entries older than this are not re-sent. Default 24 h. */
  outboxMaxAgeMs?: number;
}

export interface BatcherStats {
  /** Events accepted into the queue. */
  queued: number;
  /** Events in 2xx-acknowledged requests. */
  sent: number;
  requests: number;
  retries: number;
  /** Single events larger than a whole request body. */
  droppedOversize: number;
  /** Oldest events pushed out of a full queue. */
  droppedQueueFull: number;
  /** Events in batches the server refused with a non-retryable status. */
  droppedRejected: number;
  /** Events in batches that failed `maxAttempts` times. */
  droppedGaveUp: number;
}

export interface Batcher {
  /** Queue one event; `urgent` flushes immediately. Never throws. */
  add(event: JourneyEvent, options?: { urgent?: boolean }): void;
  /** Send everything queued; resolves when the queue is empty or given up on. Never rejects. */
  flush(): Promise<void>;
  /** Re-queue events a previous page left in the outbox store. Never rejects. */
  restore(): Promise<void>;
  /** Forget everything queued and clear the outbox (consent withdrawn). Never throws. */
  discard(): void;
  pending(): number;
  stats(): BatcherStats;
}

interface Entry {
  id: string;
  ts: number;
  json: string;
  bytes: number;
}

/** UTF-8 length of a JS string, without needing TextEncoder. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Retry-After as delay in ms: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export function createBatcher(options: BatcherOptions): Batcher {
  const maxEvents = options.maxEvents ?? 20;
  const flushIntervalMs = options.flushIntervalMs ?? 2000;
  const maxBytes = options.maxBytes ?? MAX_BATCH_BYTES;
  const maxQueue = options.maxQueue ?? 500;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const outboxMaxAgeMs = options.outboxMaxAgeMs ?? 24 * 3600_000;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const store = options.store;

  // `{"shopKey":"…","events":[` + `]}`; events are joined with ",".
  const head = `{"shopKey":${JSON.stringify(options.shopKey)},"events":[`;
  const tail = ']}';
  const envelopeBytes = utf8Bytes(head) + utf8Bytes(tail);

  const stats: BatcherStats = {
    queued: 0,
    sent: 0,
    requests: 0,
    retries: 0,
    droppedOversize: 0,
    droppedQueueFull: 0,
    droppedRejected: 0,
    droppedGaveUp: 0,
  };

  let queue: Entry[] = [];
  let inFlight: Entry[] = [];
  let timer: unknown = null;
  let sending: Promise<void> | null = null;

  function safe(fn: () => void): void {
    try {
      fn();
    } catch {
      // never into the page
    }
  }

  // ------------------------------------------------------------- outbox mirror
  let saving = false;
  let saveAgain = false;
  // While restore() is reading the outbox, writing it would overwrite what
  // the previous page left there; the write is deferred instead.
  let restoring = false;
  function persist(): void {
    if (!store) return;
    if (saving || restoring) {
      saveAgain = true;
      return;
    }
    saving = true;
    saveAgain = false;
    const entries = inFlight.concat(queue);
    let value: string | null = null;
    safe(() => {
      value = entries.length ? '[' + entries.map((e) => e.json).join(',') + ']' : null;
    });
    let done: Promise<unknown>;
    try {
      done = Promise.resolve(store.save(value));
    } catch {
      done = Promise.resolve();
    }
    done
      .catch(() => undefined)
      .then(() => {
        saving = false;
        if (saveAgain) persist();
      });
  }

  // ------------------------------------------------------------- queueing
  function entryFor(event: JourneyEvent): Entry | null {
    const json = JSON.stringify(event);
    const bytes = utf8Bytes(json);
    if (envelopeBytes + bytes > maxBytes) {
      stats.droppedOversize++;
      return null;
    }
    return { id: event.id, ts: event.ts, json, bytes };
  }

  function enqueue(entry: Entry): void {
    queue.push(entry);
    stats.queued++;
    while (queue.length > maxQueue) {
      queue.shift();
      stats.droppedQueueFull++;
    }
  }

  function schedule(urgent: boolean): void {
    if (urgent || queue.length >= maxEvents) {
      void flush();
    } else if (timer === null && !sending) {
      timer = options.setTimeout(() => {
        timer = null;
        void flush();
      }, flushIntervalMs);
    }
  }

  function add(event: JourneyEvent, addOptions?: { urgent?: boolean }): void {
    safe(() => {
      const entry = entryFor(event);
      if (entry) enqueue(entry);
      persist();
      schedule(!!addOptions?.urgent);
    });
  }

  // ------------------------------------------------------------- sending
  /** Removes and returns the longest prefix of the queue that fits one body. */
  function takeChunk(): Entry[] {
    let bytes = envelopeBytes;
    let count = 0;
    while (count < queue.length && count < MAX_EVENTS_PER_BATCH) {
      const extra = queue[count].bytes + (count > 0 ? 1 : 0);
      if (bytes + extra > maxBytes) break;
      bytes += extra;
      count++;
    }
    return queue.splice(0, Math.max(count, 1));
  }

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

  async function send(chunk: Entry[]): Promise<void> {
    // text/plain keeps this a CORS "simple request": no OPTIONS preflight, which
    // matters for keepalive requests fired as the page is going away. The body
    // is still JSON; the ingest route parses it regardless of content type.
    const body = head + chunk.map((e) => e.json).join(',') + tail;
    for (let attempt = 1; ; attempt++) {
      let retryAfter: number | undefined;
      try {
        stats.requests++;
        const response = await options.fetch(options.url, {
          method: 'POST',
          keepalive: true,
          credentials: 'omit',
          headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
          body,
        });
        const status = response && typeof response.status === 'number' ? response.status : 0;
        if (status >= 200 && status < 300) {
          stats.sent += chunk.length;
          return;
        }
        if (status !== 429 && status < 500 && status !== 0) {
          stats.droppedRejected += chunk.length;
          return;
        }
        let header: string | null | undefined;
        safe(() => {
          header = response.headers?.get('Retry-After');
        });
        retryAfter = parseRetryAfter(header, now());
      } catch {
        // network error, CORS failure, keepalive quota exceeded…: retry
      }
      if (attempt >= maxAttempts) {
        stats.droppedGaveUp += chunk.length;
        return;
      }
      stats.retries++;
      await sleep(retryAfter !== undefined ? Math.min(retryAfter, maxRetryAfterMs) : backoff(attempt));
    }
  }

  async function drain(): Promise<void> {
    try {
      while (queue.length) {
        inFlight = takeChunk();
        try {
          await send(inFlight);
        } catch {
          stats.droppedGaveUp += inFlight.length;
        }
        inFlight = [];
        persist();
      }
    } finally {
      inFlight = [];
      sending = null;
    }
  }

  function flush(): Promise<void> {
    try {
      if (timer !== null) {
        safe(() => options.clearTimeout(timer));
        timer = null;
      }
      // A running drain picks up whatever is queued now before it finishes.
      if (!sending) sending = drain().catch(() => undefined);
      return sending;
    } catch {
      return Promise.resolve();
    }
  }

  async function restore(): Promise<void> {
    if (!store) return;
    let raw: string | null = null;
    restoring = true;
    try {
      raw = await store.load();
    } catch {
      raw = null;
    }
    restoring = false;
    if (saveAgain) persist();
    try {
      if (!raw) return;
      const saved: unknown = JSON.parse(raw);
      if (!Array.isArray(saved)) return;
      const known = new Set(queue.map((e) => e.id));
      const oldest = now() - outboxMaxAgeMs;
      const restored: Entry[] = [];
      for (const event of saved as JourneyEvent[]) {
        if (!event || typeof event !== 'object' || typeof event.id !== 'string') continue;
        if (typeof event.ts !== 'number' || event.ts < oldest || known.has(event.id)) continue;
        known.add(event.id);
        const entry = entryFor(event);
        if (entry) restored.push(entry);
      }
      if (!restored.length) return;
      queue = restored.concat(queue);
      stats.queued += restored.length;
      while (queue.length > maxQueue) {
        queue.shift();
        stats.droppedQueueFull++;
      }
      persist();
      schedule(false);
    } catch {
      // a corrupt outbox is simply ignored
    }
  }

  function discard(): void {
    safe(() => {
      queue = [];
      if (timer !== null) options.clearTimeout(timer);
      timer = null;
      persist();
    });
  }

  return {
    add,
    flush,
    restore,
    discard,
    pending: () => queue.length + inFlight.length,
    stats: () => ({ ...stats }),
  };
}
