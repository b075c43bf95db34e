/**
 * Batches compact journey events and posts them to Waymark's ingest endpoint.
 *
 * Pure apart from what is injected (fetch, timers, random, optional storage),
 * so tests drive it with fakes. This module holds the flush policy; the queue
 * and body sizes live in event-queue.ts, the retrying request in
 * send-batch.ts, the storage mirror in outbox.ts.
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
 *  - requests use `keepalive: true` (send-batch.ts);
 *  - optionally (`store`) the unsent queue is mirrored to storage and re-sent
 *    by the pixel on the next page of the same tab (outbox.ts).
 *
 * Sending: one request in flight at a time (browsers cap the total of in-flight
 * keepalive bodies at 64 KiB, so parallel batches could fail each other), each
 * body at most `maxBytes` (event-queue.ts). Nothing here ever throws or rejects
 * into the caller.
 */
import type { JourneyEvent } from './contract';
import { emptyStats, type BatcherStats } from './batcher-stats';
import { createEventQueue, type EventQueueOptions, type QueuedEvent } from './event-queue';
import { neverThrow } from './never-throw';
import { createOutbox, type OutboxOptions } from './outbox';
import { createSendBatch, type SendOptions } from './send-batch';

export interface BatcherOptions extends EventQueueOptions, SendOptions, OutboxOptions {
  clearTimeout: (handle: unknown) => void;
  /** Flush as soon as this many events are queued. Default 20. */
  maxEvents?: number;
  /** Flush this long after the first queued event. Default 2000 ms. */
  flushIntervalMs?: number;
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

export function createBatcher(options: BatcherOptions): Batcher {
  const maxEvents = options.maxEvents ?? 20;
  const flushIntervalMs = options.flushIntervalMs ?? 2000;
  const stats = emptyStats();
  const queue = createEventQueue(options, stats);
  const send = createSendBatch(options, stats);
  let inFlight: QueuedEvent[] = [];
  const outbox = createOutbox(options, () => inFlight.concat(queue.entries()));
  let timer: unknown = null;
  let sending: Promise<void> | null = null;

  function schedule(urgent: boolean): void {
    if (urgent || queue.entries().length >= maxEvents) {
      void flush();
    } else if (timer === null && !sending) {
      timer = options.setTimeout(() => {
        timer = null;
        void flush();
      }, flushIntervalMs);
    }
  }

  async function drain(): Promise<void> {
    try {
      while (queue.entries().length) {
        inFlight = queue.take();
        try {
          await send(queue.body(inFlight), inFlight.length);
        } catch {
          stats.droppedGaveUp += inFlight.length;
        }
        inFlight = [];
        outbox.save();
      }
    } finally {
      inFlight = [];
      sending = null;
    }
  }

  function flush(): Promise<void> {
    try {
      if (timer !== null) {
        neverThrow(() => options.clearTimeout(timer));
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
    const saved = await outbox.load();
    neverThrow(() => {
      const known = new Set(queue.entries().map((e) => e.id));
      const restored: QueuedEvent[] = [];
      for (const event of saved) {
        if (known.has(event.id)) continue;
        known.add(event.id);
        const entry = queue.entryFor(event);
        if (entry) restored.push(entry);
      }
      if (!restored.length) return;
      queue.add(restored, true);
      outbox.save();
      schedule(false);
    });
  }

  return {
    add(event, addOptions) {
      neverThrow(() => {
        const entry = queue.entryFor(event);
        if (entry) queue.add([entry]);
        outbox.save();
        schedule(!!addOptions?.urgent);
      });
    },
    flush,
    restore,
    discard() {
      neverThrow(() => {
        queue.clear();
        if (timer !== null) options.clearTimeout(timer);
        timer = null;
        outbox.save();
      });
    },
    pending: () => queue.entries().length + inFlight.length,
    stats: () => ({ ...stats }),
  };
}
