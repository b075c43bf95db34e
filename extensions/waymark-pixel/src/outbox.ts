/**
 * The optional outbox: the unsent queue mirrored to storage (the sandbox's
 * `browser.sessionStorage`) so the next page of the same tab can re-send it.
 * Events carry Shopify's event id and the backend stores (shop, id) once, so a
 * re-send after an unconfirmed success is harmless.
 */
import type { JourneyEvent } from './contract';
import type { QueuedEvent } from './event-queue';
import { neverThrow } from './never-throw';

/** Async key/value storage (the pixel sandbox's `browser.sessionStorage` fits). */
export interface OutboxStore {
  load(): Promise<string | null>;
  save(value: string | null): Promise<unknown>;
}

export interface OutboxOptions {
  store?: OutboxStore;
  /** Outbox entries older than this are not re-sent. Default 24 h. */
  outboxMaxAgeMs?: number;
  /** Epoch ms. Default Date.now. */
  now?: () => number;
}

export interface Outbox {
  /** Writes the current snapshot; writes never overlap, the last one wins. Never throws. */
  save(): void;
  /** Well-formed, fresh events a previous page left; [] when none or unreadable. Never rejects. */
  load(): Promise<JourneyEvent[]>;
}

export function createOutbox(options: OutboxOptions, snapshot: () => QueuedEvent[]): Outbox {
  const store = options.store;
  const maxAgeMs = options.outboxMaxAgeMs ?? 24 * 3600_000;
  const now = options.now ?? Date.now;
  let saving = false;
  let saveAgain = false;
  // While load() is reading the outbox, writing it would overwrite what
  // the previous page left there; the write is deferred instead.
  let loading = false;

  function save(): void {
    if (!store) return;
    if (saving || loading) {
      saveAgain = true;
      return;
    }
    saving = true;
    saveAgain = false;
    const entries = snapshot();
    let value: string | null = null;
    neverThrow(() => {
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
        if (saveAgain) save();
      });
  }

  async function load(): Promise<JourneyEvent[]> {
    if (!store) return [];
    let raw: string | null = null;
    loading = true;
    try {
      raw = await store.load();
    } catch {
      raw = null;
    }
    loading = false;
    if (saveAgain) save();
    try {
      const saved: unknown = raw ? JSON.parse(raw) : null;
      if (!Array.isArray(saved)) return [];
      const oldest = now() - maxAgeMs;
      return (saved as JourneyEvent[]).filter(
        (event) =>
          !!event &&
          typeof event === 'object' &&
          typeof event.id === 'string' &&
          typeof event.ts === 'number' &&
          event.ts >= oldest,
      );
    } catch {
      return []; // a corrupt outbox is simply ignored
    }
  }

  return { save, load };
}
