/**
 * The bounded queue of serialized events waiting to be sent, and the request
 * bodies cut from it. A body is `{"shopKey":…,"events":[…]}` of at most
 * `maxBytes` UTF-8 bytes and MAX_EVENTS_PER_BATCH events; an event that alone
 * does not fit one is dropped and counted. Beyond `maxQueue` events the oldest
 * are dropped first.
 */
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH, type JourneyEvent } from './contract';
import type { BatcherStats } from './batcher-stats';
import { utf8Bytes } from './utf8-bytes';

export interface EventQueueOptions {
  shopKey: string;
  /** Largest request body in UTF-8 bytes. Default 64 KiB. */
  maxBytes?: number;
  /** Largest number of events waiting to be sent; oldest dropped beyond. Default 500. */
  maxQueue?: number;
}

export interface QueuedEvent {
  id: string;
  ts: number;
  json: string;
  bytes: number;
}

export interface EventQueue {
  /** Serializes `event`; null (and counted as oversize) when it alone exceeds a body. */
  entryFor(event: JourneyEvent): QueuedEvent | null;
  /** Adds entries at the back (or the front), then drops the oldest beyond the bound. */
  add(entries: QueuedEvent[], atFront?: boolean): void;
  /** Removes the longest prefix that fits one body (at least one entry). */
  take(): QueuedEvent[];
  /** The request body carrying `entries`. */
  body(entries: QueuedEvent[]): string;
  entries(): QueuedEvent[];
  clear(): void;
}

export function createEventQueue(options: EventQueueOptions, stats: BatcherStats): EventQueue {
  const maxBytes = options.maxBytes ?? MAX_BATCH_BYTES;
  const maxQueue = options.maxQueue ?? 500;
  // `{"shopKey":"…","events":[` + `]}`; events are joined with ",".
  const head = `{"shopKey":${JSON.stringify(options.shopKey)},"events":[`;
  const tail = ']}';
  const envelopeBytes = utf8Bytes(head) + utf8Bytes(tail);
  let queue: QueuedEvent[] = [];

  return {
    entryFor(event) {
      const json = JSON.stringify(event);
      const bytes = utf8Bytes(json);
      if (envelopeBytes + bytes > maxBytes) {
        stats.droppedOversize++;
        return null;
      }
      return { id: event.id, ts: event.ts, json, bytes };
    },
    add(entries, atFront) {
      queue = atFront ? entries.concat(queue) : queue.concat(entries);
      stats.queued += entries.length;
      while (queue.length > maxQueue) {
        queue.shift();
        stats.droppedQueueFull++;
      }
    },
    take() {
      let bytes = envelopeBytes;
      let count = 0;
      while (count < queue.length && count < MAX_EVENTS_PER_BATCH) {
        const extra = queue[count].bytes + (count > 0 ? 1 : 0);
        if (bytes + extra > maxBytes) break;
        bytes += extra;
        count++;
      }
      return queue.splice(0, Math.max(count, 1));
    },
    body: (entries) => head + entries.map((e) => e.json).join(',') + tail,
    entries: () => queue,
    clear() {
      queue = [];
    },
  };
}
