/**
 * The compact journey event: what the web pixel sends to `POST /ingest`, and the
 * single contract between the pixel (extensions/waymark-pixel), the simulator and
 * replay tools (app/cli) and the ingestion pipeline (app/ingest).
 *
 * The event names and limits are defined once in the pixel (event-names.ts, zod-free, so
 * its bundle stays small) and imported here; the pixel imports only the *types* from this
 * file. The backend validates every incoming batch with these schemas.
 *
 * Keep it PII-free: no names, emails, phones, addresses, IPs. `clientId` is the
 * Shopify browser id; the backend hashes it with the shop's salt before storing.
 */
import { z } from 'zod';
import {
  MAX_EVENTS_PER_BATCH,
  MAX_FEEDBACK_CHARS,
  MAX_LINES_PER_EVENT,
  MAX_REC_ITEMS,
  STANDARD_EVENT_NAMES,
  WAYMARK_EVENT_NAMES,
} from '../../extensions/waymark-pixel/src/event-names';

export * from '../../extensions/waymark-pixel/src/event-names';

export const EVENT_NAMES = [...STANDARD_EVENT_NAMES, ...WAYMARK_EVENT_NAMES] as const;

const id = z.string().min(1).max(64);
const shortText = (max: number) => z.string().max(max);
const money = z.number().finite().min(0).max(1e9);

export const lineItemSchema = z.object({
  productId: id.optional(),
  variantId: id.optional(),
  qty: z.number().int().min(0).max(100_000),
  price: money.optional(),
});
export type LineItem = z.infer<typeof lineItemSchema>;

const journeyEventFields = z.object({
  /** Shopify's event id; (shop, id) is unique, so a re-sent event is stored once. */
  id,
  name: z.enum(EVENT_NAMES),
  /** Event time, epoch milliseconds (Shopify's `timestamp`). */
  ts: z.number().int().min(0).max(8.64e15),
  clientId: z.string().min(1).max(128),
  /** URL path only, no query string except utm parameters which go in `utm`. */
  path: shortText(512).optional(),
  /** Host of document.referrer, nothing else of it. */
  refHost: shortText(255).optional(),
  utm: z
    .object({
      source: shortText(100).optional(),
      medium: shortText(100).optional(),
      campaign: shortText(100).optional(),
    })
    .optional(),
  productId: id.optional(),
  variantId: id.optional(),
  collectionId: id.optional(),
  /** Unit price of the product/variant in the shop's currency. */
  price: money.optional(),
  qty: z.number().int().min(0).max(100_000).optional(),
  currency: z.string().length(3).optional(),
  /** search_submitted: the query, and how many results the storefront showed. */
  query: shortText(200).optional(),
  results: z.number().int().min(0).max(1_000_000).optional(),
  checkoutToken: shortText(128).optional(),
  orderId: id.optional(),
  /** checkout_completed / checkout_* : order total (subtotal + shipping + tax, shop currency). */
  total: money.optional(),
  lines: z.array(lineItemSchema).max(MAX_LINES_PER_EVENT).optional(),
  /** waymark:* events: where the block was and what it showed / what was clicked. */
  placement: shortText(64).optional(),
  items: z.array(id).max(MAX_REC_ITEMS).optional(),
  /** waymark:* events: 'model' | 'fallback' (holdout or cold) */
  strategy: shortText(32).optional(),
  /**
   * waymark:feedback only: the shopper's free-text answer to the Quick feedback block's
   * question (PII-masked by the pixel and again by ingest; stored in the event's `query`
   * column, which search analysis reads only for search_submitted).
   */
  answer: shortText(MAX_FEEDBACK_CHARS).optional(),
});

/** A feedback event carries a non-blank answer; no other event carries one. */
export const journeyEventSchema = journeyEventFields.superRefine((e, ctx) => {
  const feedback = e.name === 'waymark:feedback';
  if (feedback && !e.answer?.trim()) ctx.addIssue({ code: 'custom', path: ['answer'], message: 'a feedback event needs a non-empty answer' });
  if (!feedback && e.answer !== undefined) ctx.addIssue({ code: 'custom', path: ['answer'], message: 'only waymark:feedback events carry an answer' });
});
export type JourneyEvent = z.infer<typeof journeyEventFields>;

/**
 * A batch as the pixel posts it. Events are validated one by one by the ingestion
 * pipeline (good ones kept, bad ones reported), so the batch schema only checks
 * the envelope and that `events` is an array.
 */
export const ingestBatchSchema = z.object({
  /** Public per-shop key, set in the pixel's settings at activation. Not a secret. */
  shopKey: z.string().min(8).max(64),
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH),
});
export type IngestBatch = { shopKey: string; events: JourneyEvent[] };
