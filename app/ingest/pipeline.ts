/**
 * The ingestion pipeline behind `POST /ingest`, as a chain of small steps:
 * parse -> validate envelope -> resolve shop -> rate limit (shop) -> validate events
 * (shape, timestamp skew) -> rate limit (every client of the batch) -> mask PII + hash
 * -> idempotent insert. Bad input is returned as a value with the field named; only
 * faults (the database) throw. Every drop is counted by reason.
 */
import type { z } from 'zod';
import { ingestBatchSchema, journeyEventSchema, type JourneyEvent, MAX_BATCH_BYTES } from '../api-contract/ingest';
import { hashClientId } from './client-hash';
import { scrubEvent } from './scrub-event';
import type { EventRow, EventStore } from './event-store';
import type { RateLimiter } from './rate-limiter';
import type { ShopGate } from './shop-gate';
import { deviceClass } from '../journeys/device-class';
import { describeField, firstIssue } from '../problem';
import { eventStep } from '../journeys/event-step';

export interface Rejection {
  index: number;
  field: string;
  message: string;
}

export type IngestOutcome =
  | { ok: true; accepted: number; duplicates: number; rejected: Rejection[] }
  | {
      ok: false;
      status: 400 | 403 | 413 | 429;
      error: string;
      field?: string;
      rejected?: Rejection[];
      retryAfterSec?: number;
    };

export interface IngestShop {
  id: number;
  salt: string;
}

export interface IngestDeps {
  /** Returns the installed shop for a pixel key, or null (unknown or uninstalled). */
  resolveShop(shopKey: string): Promise<IngestShop | null>;
  store: EventStore;
  shopLimiter: RateLimiter;
  clientLimiter: RateLimiter;
  /** Counts drops by reason (exported as metrics / shown to merchants). */
  onDrop?: (reason: string, count: number) => void;
  /** Per-shop fairness: at most a few batches of one shop are processed at a time. */
  gate?: ShopGate;
  /** Counts event fields whose PII was masked before storing. */
  onMasked?: (fields: number) => void;
  /**
   * Events whose `ts` is further than this from the time of receipt are rejected (per
   * event, field `ts`, counted as `ts_out_of_range`). null: no bound (local backfills).
   */
  maxSkewMs?: number | null;
  /** Called after new events are committed (schedules sessionization). */
  onAccepted?: (shopId: number, count: number) => void;
  now?: () => number;
}

export interface IngestRequest {
  body: string;
  userAgent?: string;
}

/** What is wrong with a batch or an event: its first issue, `(root)` when it is the whole value. */
function invalidPart(error: z.ZodError): { field: string; message: string } {
  const { path, message } = firstIssue(error, '(root)');
  return { field: path, message };
}

export function createIngestPipeline(deps: IngestDeps) {
  const drop = (reason: string, count = 1) => deps.onDrop?.(reason, count);

  const ingest = async function ingest(req: IngestRequest): Promise<IngestOutcome> {
    if (Buffer.byteLength(req.body) > MAX_BATCH_BYTES) {
      drop('too_large');
      return { ok: false, status: 413, error: `batch larger than ${MAX_BATCH_BYTES} bytes` };
    }
    let json: unknown;
    try {
      json = JSON.parse(req.body);
    } catch {
      drop('malformed_json');
      return { ok: false, status: 400, error: 'body is not valid JSON', field: '(root)' };
    }
    const envelope = ingestBatchSchema.safeParse(json);
    if (!envelope.success) {
      drop('invalid_envelope');
      const issue = firstIssue(envelope.error, '(root)');
      return { ok: false, status: 400, error: describeField(issue), field: issue.path };
    }
    const { shopKey, events } = envelope.data;

    const shop = await deps.resolveShop(shopKey);
    if (!shop) {
      drop('unknown_shop', events.length);
      return { ok: false, status: 403, error: 'unknown shop key, or the app is not installed on this shop' };
    }

    if (!deps.gate) return admitted(shop, events, req);
    const queued = deps.gate.run(shop.id, () => admitted(shop, events, req));
    if (queued) return queued;
    drop('shop_queue_full', events.length);
    return { ok: false, status: 429, error: 'too many batches for this shop are waiting', retryAfterSec: 1 };
  };

  async function admitted(shop: IngestShop, events: unknown[], req: IngestRequest): Promise<IngestOutcome> {
    const now = deps.now?.() ?? Date.now();
    if (events.length > deps.shopLimiter.limit.burst) {
      drop('batch_over_burst', events.length);
      return { ok: false, status: 413, error: `batch of ${events.length} events is larger than this shop's burst of ${deps.shopLimiter.limit.burst}: send smaller batches` };
    }
    const shopWait = deps.shopLimiter.take(String(shop.id), events.length, now);
    if (shopWait > 0) {
      drop('rate_limited_shop', events.length);
      return { ok: false, status: 429, error: 'too many events for this shop', retryAfterSec: Math.ceil(shopWait) };
    }

    const good: JourneyEvent[] = [];
    const rejected: Rejection[] = [];
    let outOfRange = 0;
    const skew = deps.maxSkewMs ?? null;
    events.forEach((raw, index) => {
      const parsed = journeyEventSchema.safeParse(raw);
      if (!parsed.success) rejected.push({ index, ...invalidPart(parsed.error) });
      else if (skew !== null && Math.abs(parsed.data.ts - now) > skew) {
        outOfRange++;
        rejected.push({ index, field: 'ts', message: `more than ${Math.round(skew / 3_600_000)} h away from the time of receipt` });
      } else good.push(parsed.data);
    });
    if (rejected.length - outOfRange > 0) drop('invalid_event', rejected.length - outOfRange);
    if (outOfRange > 0) drop('ts_out_of_range', outOfRange);
    if (good.length === 0) {
      return { ok: false, status: 400, error: 'no valid events in batch', field: rejected[0]?.field, rejected };
    }

    // A pixel batch comes from one browser, but nothing stops a client from mixing ids:
    // every client of the batch is charged for its own events.
    const hashes = new Map<string, string>();
    const hashOf = (clientId: string) => {
      let h = hashes.get(clientId);
      if (!h) hashes.set(clientId, (h = hashClientId(shop.salt, clientId)));
      return h;
    };
    const perClient = new Map<string, number>();
    for (const e of good) perClient.set(hashOf(e.clientId), (perClient.get(hashOf(e.clientId)) ?? 0) + 1);
    const clientBurst = deps.clientLimiter.limit.burst;
    for (const n of perClient.values()) {
      if (n > clientBurst) {
        drop('batch_over_burst', good.length);
        return { ok: false, status: 413, error: `batch holds ${n} events of one visitor, more than the per-visitor burst of ${clientBurst}: send smaller batches` };
      }
    }
    let clientWait = 0;
    for (const [hash, n] of perClient) clientWait = Math.max(clientWait, deps.clientLimiter.take(`${shop.id}:${hash}`, n, now));
    if (clientWait > 0) {
      drop('rate_limited_client', good.length);
      return { ok: false, status: 429, error: 'too many events from this visitor', retryAfterSec: Math.ceil(clientWait) };
    }

    const device = deviceClass(req.userAgent);
    const receivedAt = new Date(now);
    let masked = 0;
    const rows = good.map((e) => {
      const clean = scrubEvent(e, shop.salt);
      masked += clean.masked;
      return toRow(shop.id, clean.event, hashOf(e.clientId), device, receivedAt);
    });
    if (masked > 0) deps.onMasked?.(masked);
    const inserted = await deps.store.insert(rows);
    if (good.length - inserted > 0) drop('duplicate', good.length - inserted);
    if (inserted > 0) deps.onAccepted?.(shop.id, inserted);
    return { ok: true, accepted: inserted, duplicates: good.length - inserted, rejected };
  }

  return ingest;
}

export type IngestPipeline = ReturnType<typeof createIngestPipeline>;

/** The stored shape: the raw client id is replaced by its salted hash; nothing else identifies a person. */
export function toRow(shopId: number, e: JourneyEvent, clientHash: string, device: string, receivedAt: Date): EventRow {
  return {
    shopId,
    eventId: e.id,
    name: e.name,
    ts: new Date(e.ts),
    clientHash,
    device,
    path: e.path ?? null,
    refHost: e.refHost ?? null,
    utmSource: e.utm?.source ?? null,
    utmMedium: e.utm?.medium ?? null,
    utmCampaign: e.utm?.campaign ?? null,
    productId: e.productId ?? null,
    variantId: e.variantId ?? null,
    collectionId: e.collectionId ?? null,
    price: e.price ?? null,
    qty: e.qty ?? null,
    // A feedback answer is stored in the free-text column (only search_submitted's query is read as a search).
    query: (e.name === 'waymark:feedback' ? e.answer : e.query) ?? null,
    results: e.results ?? null,
    checkoutToken: e.checkoutToken ?? null,
    orderId: e.orderId ?? null,
    total: e.total ?? null,
    lines: e.lines ? JSON.stringify(e.lines) : null,
    placement: e.placement ?? null,
    items: e.items ? JSON.stringify(e.items) : null,
    strategy: e.strategy ?? null,
    step: eventStep(e),
    receivedAt,
  };
}
