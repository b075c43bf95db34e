/**
 * REES46 "eCommerce behavior data from multi category store" CSV →
 * Shopify-shaped events → `toJourneyEvent`.
 *
 * Columns: event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
 * - view → product_viewed; cart → product_added_to_cart; remove_from_cart →
 *   product_removed_from_cart (qty 1; variant = product, the data has no variants).
 * - purchase rows of one user_session with the same event_time form ONE order →
 *   one checkout_completed with those lines (orderId `r46-<line of first row>`,
 *   checkout token = user_session). The file is time-sorted, so pending orders are
 *   flushed as soon as a later event_time is read (bounded memory).
 * - clientId = `r46-<user_id>` (permanent user id; Waymark re-sessionizes by the
 *   30-min gap), or `r46s-<user_session>` with `clientBy: 'session'`.
 * - Event ids `r46-<line number>`: replaying the same file twice is idempotent.
 * - category_code → product type/title, brand → vendor; currency USD (not stated).
 */
import { toJourneyEvent } from '../../../extensions/waymark-pixel/src/to-journey-event';
import type { JourneyEvent } from '../../api-contract/ingest';
import { csvRows } from './csv';
import type { LineSource } from './lines';
import { cartChanged, checkoutCompleted, productViewed, type ReplayProduct } from './shopify-shapes';

export interface Rees46Options {
  host?: string;
  currency?: string;
  clientBy?: 'user' | 'session';
  /** Stop after this many data rows. */
  limit?: number;
}

interface PendingOrder {
  line: number;
  ts: number;
  clientId: string;
  session: string;
  lines: Array<{ product: ReplayProduct; qty: number }>;
}

export function parseRees46Time(s: string): number {
  // "2019-10-01 00:00:00 UTC"
  return Date.parse(`${s.slice(0, 10)}T${s.slice(11, 19)}Z`);
}

export async function* fromRees46(lines: LineSource, options: Rees46Options = {}): AsyncGenerator<JourneyEvent> {
  const host = options.host ?? 'rees46-replay.myshopify.com';
  const currency = options.currency ?? 'USD';
  let rows = 0;
  let pending: PendingOrder[] = [];
  let pendingTime = '';

  const flush = function* (): Generator<JourneyEvent> {
    for (const o of pending) {
      const e = toJourneyEvent(checkoutCompleted({ id: `r46-${o.line}`, clientId: o.clientId, ts: o.ts, host }, `r46-${o.line}`, o.session, o.lines, currency));
      if (e) yield e;
    }
    pending = [];
  };

  for await (const { fields: f, col, lineNo } of csvRows(lines, 'event_type', 'REES46')) {
    if (options.limit !== undefined && rows >= options.limit) break;
    rows++;
    const time = f[col.event_time];
    if (time !== pendingTime) {
      yield* flush();
      pendingTime = time;
    }
    const ts = parseRees46Time(time);
    const session = f[col.user_session] ?? '';
    const user = f[col.user_id] ?? '';
    const clientId = options.clientBy === 'session' ? `r46s-${session}` : `r46-${user}`;
    const category = f[col.category_code] ?? '';
    const productId = f[col.product_id];
    if (!Number.isFinite(ts) || !productId || (!user && !session)) continue;
    const product: ReplayProduct = {
      id: productId,
      title: category ? `${category.split('.').pop()} ${productId}` : `Product ${productId}`,
      type: category || undefined,
      vendor: f[col.brand] || undefined,
      price: Math.max(0, Number(f[col.price]) || 0),
    };
    const env = { id: `r46-${lineNo}`, clientId, ts, host };
    let pixel;
    switch (f[col.event_type]) {
      case 'view':
        pixel = productViewed(env, product, currency);
        break;
      case 'cart':
        pixel = cartChanged(env, product, 1, currency, false);
        break;
      case 'remove_from_cart':
        pixel = cartChanged(env, product, 1, currency, true);
        break;
      case 'purchase': {
        let order = pending.find((o) => o.session === session && o.clientId === clientId);
        if (!order) pending.push((order = { line: lineNo, ts, clientId, session, lines: [] }));
        order.lines.push({ product, qty: 1 });
        continue;
      }
      default:
        continue;
    }
    const e = toJourneyEvent(pixel);
    if (e) yield e;
  }
  yield* flush();
}
