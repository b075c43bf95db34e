/**
 * Server-side privacy: every string field of a validated event goes through the same PII
 * masks as the pixel (extensions/waymark-pixel/src/pii-scrub.ts) before it is stored.
 * `POST /ingest` is public, so the pixel's own masking cannot be relied on.
 *
 * Returns the event to store and how many fields were changed (counted as a metric).
 */
import { scrubHost, scrubPath, scrubText } from '../../extensions/waymark-pixel/src/pii-scrub';
import { MAX_FEEDBACK_CHARS, type JourneyEvent } from '../api-contract/ingest';
import { hashClientId } from './client-hash';

export interface ScrubResult {
  event: JourneyEvent;
  masked: number;
}

/**
 * `salt` is the shop's secret salt: an event id that looks like it carries PII is stored as
 * its keyed hash instead of its masked text, because masking maps distinct ids to one
 * string (`visit-3000-100-10` and `visit-3000-100-11` both to `visit-[phone]`), and the
 * second would then be dropped as a duplicate of the first although it was acknowledged.
 */
export function scrubEvent(e: JourneyEvent, salt: string): ScrubResult {
  let masked = 0;
  const out: JourneyEvent = { ...e };
  const text = (v: string | undefined, max: number): string | undefined => {
    if (v === undefined) return undefined;
    const s = scrubText(v);
    if (s !== v) masked++;
    return s.length > max ? s.slice(0, max) : s;
  };
  // clientId is hashed, never stored. The event id stays as sent, for deduplication; one that
  // looks like it carries PII becomes its keyed hash: still one id per sent id (resends
  // deduplicate, distinct events stay distinct), and no PII stored.
  if (scrubText(e.id) !== e.id) {
    out.id = `masked-${hashClientId(salt, e.id)}`;
    masked++;
  }
  if (e.path !== undefined) {
    const p = scrubPath(e.path);
    if (p !== e.path) masked++;
    if (p === undefined) delete out.path;
    else out.path = p;
  }
  if (e.refHost !== undefined) {
    const h = scrubHost(e.refHost);
    if (h !== e.refHost) masked++;
    if (h === undefined) delete out.refHost;
    else out.refHost = h;
  }
  if (e.utm) out.utm = { source: text(e.utm.source, 100), medium: text(e.utm.medium, 100), campaign: text(e.utm.campaign, 100) };
  if (out.utm) for (const k of ['source', 'medium', 'campaign'] as const) if (out.utm[k] === undefined) delete out.utm[k];
  for (const k of ['productId', 'variantId', 'collectionId', 'orderId'] as const) if (e[k] !== undefined) out[k] = text(e[k], 64);
  if (e.query !== undefined) out.query = text(e.query, 200);
  if (e.answer !== undefined) out.answer = text(e.answer, MAX_FEEDBACK_CHARS);
  if (e.checkoutToken !== undefined) out.checkoutToken = text(e.checkoutToken, 128);
  if (e.placement !== undefined) out.placement = text(e.placement, 64);
  if (e.strategy !== undefined) out.strategy = text(e.strategy, 32);
  if (e.currency !== undefined) out.currency = text(e.currency, 3);
  if (e.items) out.items = e.items.map((i) => text(i, 64)!);
  if (e.lines) {
    out.lines = e.lines.map((l) => {
      const line = { ...l };
      if (l.productId !== undefined) line.productId = text(l.productId, 64);
      if (l.variantId !== undefined) line.variantId = text(l.variantId, 64);
      return line;
    });
  }
  return { event: out, masked };
}
