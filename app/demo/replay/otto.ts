/**
 * OTTO RecSys dataset jsonl → JourneyEvents, built DIRECTLY in the compact shape
 * (no prices, variants or pages in the data).
 *
 * Line: {"session": int, "events": [{"aid": int, "ts": ms, "type": "clicks"|"carts"|"orders"}]}
 * - clicks → product_viewed; carts → product_added_to_cart (qty 1);
 * - orders with the same (session, ts) → one checkout_completed with one line per
 *   aid (qty 1, no total: the data has no prices), orderId `otto-<session>-<ts>`.
 * - clientId `otto-<session>` (an OTTO "session" is a user's whole 4-week activity;
 *   Waymark splits it into visits by the 30-min gap).
 * - Event ids `otto-<session>-<index of the event in the session>`.
 */
import { MAX_LINES_PER_EVENT, type JourneyEvent } from '../../api-contract/ingest';
import type { LineSource } from './lines';

export interface OttoOptions {
  /** Stop after this many sessions (lines). */
  limit?: number;
}

interface OttoEvent {
  aid: number;
  ts: number;
  type: string;
}

export async function* fromOtto(lines: LineSource, options: OttoOptions = {}): AsyncGenerator<JourneyEvent> {
  let sessions = 0;
  for await (const line of lines) {
    if (!line.trim()) continue;
    if (options.limit !== undefined && sessions >= options.limit) break;
    sessions++;
    const row = JSON.parse(line) as { session: number; events: OttoEvent[] };
    const clientId = `otto-${row.session}`;
    const events = row.events;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const id = `otto-${row.session}-${i}`;
      const ts = Math.round(e.ts);
      if (e.type === 'clicks') yield { id, name: 'product_viewed', ts, clientId, productId: String(e.aid) };
      else if (e.type === 'carts') yield { id, name: 'product_added_to_cart', ts, clientId, productId: String(e.aid), qty: 1 };
      else if (e.type === 'orders') {
        const lines = [{ productId: String(e.aid), qty: 1 }];
        while (i + 1 < events.length && events[i + 1].type === 'orders' && events[i + 1].ts === e.ts) {
          i++;
          if (lines.length < MAX_LINES_PER_EVENT) lines.push({ productId: String(events[i].aid), qty: 1 });
        }
        yield { id, name: 'checkout_completed', ts, clientId, orderId: `otto-${row.session}-${ts}`, lines };
      }
    }
  }
}
