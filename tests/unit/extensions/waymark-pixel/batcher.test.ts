import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_BATCH_BYTES } from '../../../../app/api-contract/ingest';
import { createBatcher, type BatcherOptions } from '../../../../extensions/waymark-pixel/src/batcher';
import type { OutboxStore } from '../../../../extensions/waymark-pixel/src/outbox';
import type { FetchLike, FetchResponseLike } from '../../../../extensions/waymark-pixel/src/send-batch';
import { utf8Bytes } from '../../../../extensions/waymark-pixel/src/utf8-bytes';
import type { JourneyEvent } from '../../../../extensions/waymark-pixel/src/contract';

const URL_ = 'https://waymark.example.com/ingest';
const SHOP_KEY = 'shop_key_0123456789';

function event(i: number, extra: Partial<JourneyEvent> = {}): JourneyEvent {
  return { id: `ev-${i}`, name: 'page_viewed', ts: 1_795_804_800_000 + i, clientId: 'client-1', path: '/', ...extra };
}

const ok = (status = 200, retryAfter?: string): FetchResponseLike => ({
  status,
  headers: { get: (name: string) => (name.toLowerCase() === 'retry-after' ? retryAfter ?? null : null) },
});

interface Call {
  url: string;
  init: Parameters<FetchLike>[1];
  body: { shopKey: string; events: JourneyEvent[] };
}

function fakeFetch(responses: Array<FetchResponseLike | Error | 'throw-sync'> = []) {
  const calls: Call[] = [];
  const fn = vi.fn((url: string, init: Parameters<FetchLike>[1]) => {
    calls.push({ url, init, body: JSON.parse(init.body) });
    const next = responses.length ? responses.shift()! : ok();
    if (next === 'throw-sync') throw new TypeError('fetch exploded synchronously');
    return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
  });
  return { fn: fn as unknown as FetchLike, calls, mock: fn };
}

function makeBatcher(fetch: FetchLike, overrides: Partial<BatcherOptions> = {}) {
  return createBatcher({
    url: URL_,
    shopKey: SHOP_KEY,
    fetch,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    random: () => 0.5,
    ...overrides,
  });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('batcher: flush policy', () => {
  it('flushes after flushIntervalMs, measured from the first queued event', async () => {
    const f = fakeFetch();
    const b = makeBatcher(f.fn);
    b.add(event(1));
    await vi.advanceTimersByTimeAsync(1500);
    b.add(event(2));
    expect(f.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(500);
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0].body.events.map((e) => e.id)).toEqual(['ev-1', 'ev-2']);
    expect(b.stats()).toMatchObject({ queued: 2, sent: 2, requests: 1 });
    expect(b.pending()).toBe(0);
  });

  it('flushes as soon as maxEvents are queued', async () => {
    const f = fakeFetch();
    const b = makeBatcher(f.fn);
    for (let i = 0; i < 19; i++) b.add(event(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(f.calls).toHaveLength(0);
    b.add(event(19));
    await vi.advanceTimersByTimeAsync(0);
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0].body.events).toHaveLength(20);
    // the pending timer was cancelled: nothing more is sent
    await vi.advanceTimersByTimeAsync(5000);
    expect(f.calls).toHaveLength(1);
  });

  it('urgent events flush immediately, carrying what was queued', async () => {
    const f = fakeFetch();
    const b = makeBatcher(f.fn);
    b.add(event(1));
    b.add(event(2, { name: 'waymark:rec_click', productId: '7234567890456' }), { urgent: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0].body.events.map((e) => e.id)).toEqual(['ev-1', 'ev-2']);
  });

  it('posts {shopKey, events} as text/plain with keepalive and no credentials', async () => {
    const f = fakeFetch();
    const b = makeBatcher(f.fn);
    b.add(event(1));
    await b.flush();
    const { url, init, body } = f.calls[0];
    expect(url).toBe(URL_);
    expect(init).toMatchObject({ method: 'POST', keepalive: true, credentials: 'omit' });
    expect(init.headers['Content-Type']).toMatch(/^text\/plain/);
    expect(body).toEqual({ shopKey: SHOP_KEY, events: [event(1)] });
  });

  it('keeps one request in flight; events added meanwhile follow in the next request', async () => {
    let release!: (r: FetchResponseLike) => void;
    const calls: string[][] = [];
    const fetch: FetchLike = (_url, init) => {
      calls.push((JSON.parse(init.body) as { events: JourneyEvent[] }).events.map((e) => e.id));
      return calls.length === 1 ? new Promise((resolve) => (release = resolve)) : Promise.resolve(ok());
    };
    const b = makeBatcher(fetch);
    b.add(event(1), { urgent: true });
    await vi.advanceTimersByTimeAsync(0);
    b.add(event(2), { urgent: true });
    b.add(event(3));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([['ev-1']]);
    release(ok());
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toEqual([['ev-1'], ['ev-2', 'ev-3']]);
    expect(b.stats().sent).toBe(3);
  });
});

describe('batcher: 64 KiB cap', () => {
  it('splits a queue into bodies of at most MAX_BATCH_BYTES, in order, sent one after another', async () => {
    const f = fakeFetch();
    const b = makeBatcher(f.fn, { maxEvents: 1000, maxQueue: 1000 });
    const padding = 'x'.repeat(3000);
    for (let i = 0; i < 60; i++) b.add(event(i, { path: '/products/' + padding }));
    await b.flush();
    expect(f.calls.length).toBeGreaterThan(2);
    for (const call of f.calls) expect(utf8Bytes(call.init.body)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    const ids = f.calls.flatMap((c) => c.body.events.map((e) => e.id));
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => `ev-${i}`));
    expect(b.stats()).toMatchObject({ sent: 60, droppedOversize: 0 });
  });

  it('counts multi-byte characters as UTF-8 bytes', async () => {
    const f = fakeFetch();
    const b = makeBatcher(f.fn, { maxEvents: 1000 });
    for (let i = 0; i < 40; i++) b.add(event(i, { query: '€'.repeat(200), path: '/😀'.repeat(120) }));
    await b.flush();
    for (const call of f.calls) expect(Buffer.byteLength(call.init.body, 'utf8')).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(b.stats().sent).toBe(40);
  });

  it('drops (and counts) a single event that alone exceeds the cap', async () => {
    const f = fakeFetch();
    const b = makeBatcher(f.fn);
    b.add(event(1));
    b.add(event(2, { path: '/' + 'y'.repeat(MAX_BATCH_BYTES) }));
    b.add(event(3));
    await b.flush();
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0].body.events.map((e) => e.id)).toEqual(['ev-1', 'ev-3']);
    expect(b.stats()).toMatchObject({ droppedOversize: 1, sent: 2 });
  });
});

describe('batcher: retries', () => {
  it('retries network errors, 429 and 5xx with exponential backoff and jitter, then succeeds', async () => {
    const f = fakeFetch([new TypeError('Failed to fetch'), ok(503), ok(500), ok(204)]);
    const b = makeBatcher(f.fn, { baseDelayMs: 1000, random: () => 0.5 });
    b.add(event(1), { urgent: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(f.calls).toHaveLength(1);
    // attempt 1 failed → delay cap 1000 ms, equal jitter with random 0.5 → 750 ms
    await vi.advanceTimersByTimeAsync(749);
    expect(f.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.calls).toHaveLength(2);
    // attempt 2 → cap 2000 → 1500 ms
    await vi.advanceTimersByTimeAsync(1500);
    expect(f.calls).toHaveLength(3);
    // attempt 3 → cap 4000 → 3000 ms
    await vi.advanceTimersByTimeAsync(3000);
    expect(f.calls).toHaveLength(4);
    expect(b.stats()).toMatchObject({ sent: 1, retries: 3, requests: 4, droppedGaveUp: 0 });
    // the same body every time
    expect(new Set(f.calls.map((c) => c.init.body)).size).toBe(1);
  });

  it('jitter spreads delays between half and the full backoff', async () => {
    for (const [r, expected] of [
      [0, 500],
      [0.999, 1000],
    ] as const) {
      const f = fakeFetch([ok(502)]);
      const b = makeBatcher(f.fn, { baseDelayMs: 1000, random: () => r });
      b.add(event(1), { urgent: true });
      await vi.advanceTimersByTimeAsync(expected - 1);
      expect(f.calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(f.calls).toHaveLength(2);
    }
  });

  it('honors Retry-After (seconds and HTTP date), clamped', async () => {
    const f = fakeFetch([ok(429, '7'), ok(429, '3600'), ok(200)]);
    const b = makeBatcher(f.fn, { maxRetryAfterMs: 60_000 });
    b.add(event(1), { urgent: true });
    await vi.advanceTimersByTimeAsync(6999);
    expect(f.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(f.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.calls).toHaveLength(3);
    expect(b.stats().sent).toBe(1);
  });

  it('gives up after maxAttempts without throwing, then keeps working', async () => {
    const f = fakeFetch([ok(500), ok(500), ok(500), ok(500), ok(500)]);
    const b = makeBatcher(f.fn, { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 });
    b.add(event(1), { urgent: true });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(f.calls).toHaveLength(5);
    expect(b.stats()).toMatchObject({ droppedGaveUp: 1, sent: 0, retries: 4 });
    expect(b.pending()).toBe(0);
    b.add(event(2), { urgent: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(f.calls).toHaveLength(6);
    expect(b.stats().sent).toBe(1);
  });

  it('does not retry other 4xx (counted as rejected)', async () => {
    const f = fakeFetch([ok(400)]);
    const b = makeBatcher(f.fn);
    b.add(event(1), { urgent: true });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(f.calls).toHaveLength(1);
    expect(b.stats()).toMatchObject({ droppedRejected: 1, retries: 0 });
  });

  it('a fetch that throws synchronously, or returns garbage, never escapes', async () => {
    const f = fakeFetch(['throw-sync', null as unknown as FetchResponseLike, ok(200)]);
    const b = makeBatcher(f.fn, { baseDelayMs: 10 });
    expect(() => b.add(event(1), { urgent: true })).not.toThrow();
    const flushed = b.flush();
    await vi.advanceTimersByTimeAsync(1000);
    await expect(flushed).resolves.toBeUndefined();
    expect(f.calls).toHaveLength(3);
    expect(b.stats().sent).toBe(1);
  });

  it('broken timers never escape either', () => {
    const f = fakeFetch();
    const b = makeBatcher(f.fn, {
      setTimeout: () => {
        throw new Error('no timers here');
      },
    });
    expect(() => b.add(event(1))).not.toThrow();
    expect(b.pending()).toBe(1);
  });
});

describe('batcher: bounded queue', () => {
  it('drops the oldest events beyond maxQueue and counts them', async () => {
    const f = fakeFetch([new TypeError('offline')]);
    const b = makeBatcher(f.fn, { maxQueue: 10, maxEvents: 1000, baseDelayMs: 10_000 });
    b.add(event(0), { urgent: true }); // in flight, waiting for its retry
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 1; i <= 15; i++) b.add(event(i));
    expect(b.stats().droppedQueueFull).toBe(5);
    await vi.advanceTimersByTimeAsync(60_000);
    const ids = f.calls.slice(1).flatMap((c) => c.body.events.map((e) => e.id));
    expect(ids).toEqual(['ev-0', ...Array.from({ length: 10 }, (_, i) => `ev-${i + 6}`)]);
  });
});

describe('batcher: outbox', () => {
  function memoryStore(initial: string | null = null) {
    let value = initial;
    const store: OutboxStore & { value(): string | null } = {
      load: async () => value,
      save: async (v) => {
        value = v;
      },
      value: () => value,
    };
    return store;
  }

  it('mirrors unsent events and clears them once acknowledged', async () => {
    const store = memoryStore();
    const f = fakeFetch();
    const b = makeBatcher(f.fn, { store });
    b.add(event(1));
    b.add(event(2));
    await vi.advanceTimersByTimeAsync(0);
    expect(JSON.parse(store.value()!).map((e: JourneyEvent) => e.id)).toEqual(['ev-1', 'ev-2']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(f.calls).toHaveLength(1);
    expect(store.value()).toBeNull();
  });

  it('restores what a previous page left, skipping stale and duplicate events', async () => {
    const now = 1_795_804_900_000;
    const left = [event(1, { ts: now - 1000 }), event(2, { ts: now - 48 * 3600_000 }), event(3, { ts: now - 10 })];
    const store = memoryStore(JSON.stringify(left));
    const f = fakeFetch();
    const b = makeBatcher(f.fn, { store, now: () => now });
    const restoring = b.restore();
    b.add(event(3, { ts: now - 10 }));
    await restoring;
    await vi.advanceTimersByTimeAsync(2000);
    expect(f.calls.flatMap((c) => c.body.events.map((e) => e.id))).toEqual(['ev-1', 'ev-3']);
    expect(store.value()).toBeNull();
  });

  it('ignores a corrupt or failing store', async () => {
    const f = fakeFetch();
    const bad = makeBatcher(f.fn, { store: memoryStore('{not json') });
    await expect(bad.restore()).resolves.toBeUndefined();
    const failing = makeBatcher(f.fn, {
      store: { load: () => Promise.reject(new Error('denied')), save: () => Promise.reject(new Error('denied')) },
    });
    await expect(failing.restore()).resolves.toBeUndefined();
    expect(() => failing.add(event(1), { urgent: true })).not.toThrow();
    await vi.advanceTimersByTimeAsync(0);
    expect(failing.stats().sent).toBe(1);
  });

  it('discard() forgets queued events and clears the outbox', async () => {
    const store = memoryStore();
    const f = fakeFetch();
    const b = makeBatcher(f.fn, { store });
    b.add(event(1));
    await vi.advanceTimersByTimeAsync(0);
    b.discard();
    await vi.advanceTimersByTimeAsync(5000);
    expect(f.calls).toHaveLength(0);
    expect(store.value()).toBeNull();
  });
});
