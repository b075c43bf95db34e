/**
 * Maps one event object, exactly as `analytics.subscribe` hands it to a web
 * pixel, to Waymark's compact `JourneyEvent`.
 *
 * Privacy happens here, at the source: the output is built field by field from
 * an allow-list (ids, prices, quantities, currency, path, referrer host, utm,
 * search query, checkout token, order id). Names, emails, phones, addresses,
 * browser details, titles, attributes and everything else in the Shopify
 * payload are never read into the output. Paths are stripped of their query
 * string and of opaque tokens under /orders, /checkouts and /account; paths, utm
 * values, the referrer host and the search query go through the PII masks shared
 * with the server (pii-scrub.ts).
 *
 * Pure and total: no globals, no I/O, never throws (bad input gives `null` or
 * just omits the field).
 */
import type {
  CartLine,
  Checkout,
  CheckoutLineItem,
  Context,
  CustomEvent,
  MoneyV2,
  ProductVariant,
  StandardEvent,
} from '@shopify/web-pixels-extension';
import {
  MAX_FEEDBACK_CHARS,
  MAX_LINES_PER_EVENT,
  MAX_REC_ITEMS,
  STANDARD_EVENT_NAMES,
  WAYMARK_EVENT_NAMES,
  type JourneyEvent,
  type JourneyEventName,
  type LineItem,
} from './contract';
import { scrubHost, scrubPath, scrubText } from './pii-scrub';

/** Anything the pixel can receive: a standard customer event or a custom one. */
export type PixelEvent = StandardEvent | CustomEvent;

export interface ToJourneyEventContext {
  /** Used when the event itself carries no `clientId` (e.g. hand-built events). */
  clientId?: string;
}

const KNOWN_NAMES: readonly string[] = [...STANDARD_EVENT_NAMES, ...WAYMARK_EVENT_NAMES];

/** Every value the pixel reads is treated as untrusted: this is its shape. */
type Loose = Record<string, unknown> | null | undefined;

export function toJourneyEvent(
  event: PixelEvent,
  ctx?: ToJourneyEventContext,
): JourneyEvent | null {
  try {
    return mapEvent(event, ctx);
  } catch {
    return null;
  }
}

/** True for the names the pixel forwards (13 standard + the `waymark:*` ones). */
export function isJourneyEventName(name: unknown): name is JourneyEventName {
  return typeof name === 'string' && KNOWN_NAMES.indexOf(name) !== -1;
}

function mapEvent(event: PixelEvent, ctx?: ToJourneyEventContext): JourneyEvent | null {
  if (!event || typeof event !== 'object') return null;
  const name = event.name;
  if (!isJourneyEventName(name)) return null;
  const isCustom = (event as { type?: unknown }).type === 'custom';
  const isWaymark = name.indexOf('waymark:') === 0;
  // A custom event may not impersonate a standard one (and vice versa).
  if (isWaymark !== isCustom && (event as { type?: unknown }).type !== undefined) return null;

  const id = text(event.id, 64);
  const ts = timestampMs(event.timestamp);
  const clientId = text(event.clientId, 128) ?? text(ctx?.clientId, 128);
  if (!id || ts === undefined || !clientId) return null;

  const out: JourneyEvent = { id, name, ts, clientId };
  addPageContext(out, (event as { context?: Context }).context);

  if (isWaymark) {
    addWaymark(out, (event as CustomEvent).customData);
    return out;
  }

  const data = ((event as { data?: unknown }).data ?? {}) as Record<string, unknown>;
  switch (name) {
    case 'page_viewed':
      break;
    case 'product_viewed':
      addVariant(out, data.productVariant as ProductVariant | null);
      break;
    case 'collection_viewed': {
      const collection = data.collection as Loose;
      set(out, 'collectionId', shopifyId(collection?.id));
      break;
    }
    case 'search_submitted': {
      const result = data.searchResult as Loose;
      set(out, 'query', searchQuery(result?.query));
      const variants = result?.productVariants;
      if (Array.isArray(variants)) set(out, 'results', variants.length);
      break;
    }
    case 'product_added_to_cart':
    case 'product_removed_from_cart': {
      const line = data.cartLine as CartLine | null;
      if (line) {
        addVariant(out, line.merchandise);
        set(out, 'qty', quantity(line.quantity));
        if (out.price === undefined) set(out, 'price', unitFromTotal(line.cost?.totalAmount, line.quantity));
        if (out.currency === undefined) set(out, 'currency', currency(line.cost?.totalAmount?.currencyCode));
      }
      break;
    }
    case 'cart_viewed': {
      const cart = data.cart as Loose;
      if (cart) {
        const total = cart.cost as Loose;
        const amount = total?.totalAmount as MoneyV2 | undefined;
        set(out, 'total', money(amount?.amount));
        set(out, 'currency', currency(amount?.currencyCode));
        set(out, 'lines', lineItems(cart.lines, cartLine));
      }
      break;
    }
    default:
      // checkout_started, checkout_*_submitted, payment_info_submitted, checkout_completed
      addCheckout(out, data.checkout as Checkout | null);
  }
  return out;
}

// ---------------------------------------------------------------- page context

function addPageContext(out: JourneyEvent, context: Context | undefined): void {
  if (!context || typeof context !== 'object') return;
  const location = (context.document?.location ?? context.window?.location) as unknown as Loose;
  if (location) {
    set(out, 'path', cleanPath(location.pathname));
    const utm = utmParams(location.search);
    if (utm) out.utm = utm;
  }
  set(out, 'refHost', referrerHost(context.document?.referrer));
}

function cleanPath(pathname: unknown): string | undefined {
  return typeof pathname === 'string' ? scrubPath(pathname) : undefined;
}

function utmParams(search: unknown): JourneyEvent['utm'] | undefined {
  if (typeof search !== 'string' || search.length < 2) return undefined;
  const utm: NonNullable<JourneyEvent['utm']> = {};
  let found = false;
  for (const pair of search.replace(/^\?/, '').split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = decode(pair.slice(0, eq)).toLowerCase();
    if (key !== 'utm_source' && key !== 'utm_medium' && key !== 'utm_campaign') continue;
    const value = text(scrubText(decode(pair.slice(eq + 1))), 100);
    if (!value) continue;
    utm[key.slice(4) as 'source' | 'medium' | 'campaign'] = value;
    found = true;
  }
  return found ? utm : undefined;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** `https://user:pw@www.google.com:443/search?q=…` → `www.google.com:443` (pii-scrub.ts). */
function referrerHost(referrer: unknown): string | undefined {
  if (typeof referrer !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(referrer.trim())) return undefined;
  return scrubHost(referrer);
}

// ---------------------------------------------------------------- products

function addVariant(out: JourneyEvent, variant: ProductVariant | null | undefined): void {
  if (!variant || typeof variant !== 'object') return;
  set(out, 'productId', shopifyId(variant.product?.id));
  set(out, 'variantId', shopifyId(variant.id));
  set(out, 'price', money(variant.price?.amount));
  set(out, 'currency', currency(variant.price?.currencyCode));
}

function cartLine(line: CartLine): LineItem | undefined {
  return lineItem(line?.quantity, line?.merchandise, line?.cost?.totalAmount);
}

function checkoutLine(line: CheckoutLineItem): LineItem | undefined {
  return lineItem(line?.quantity, line?.variant, line?.finalLinePrice);
}

/** One cart or checkout line; without a variant price, the unit price comes from the line total. */
function lineItem(
  rawQty: unknown,
  variant: ProductVariant | null | undefined,
  lineTotal: MoneyV2 | null | undefined,
): LineItem | undefined {
  const qty = quantity(rawQty);
  if (qty === undefined) return undefined;
  const item: LineItem = { qty };
  set(item, 'productId', shopifyId(variant?.product?.id));
  set(item, 'variantId', shopifyId(variant?.id));
  set(item, 'price', money(variant?.price?.amount) ?? unitFromTotal(lineTotal, qty));
  return item;
}

function lineItems<T>(lines: unknown, map: (line: T) => LineItem | undefined): LineItem[] | undefined {
  if (!Array.isArray(lines)) return undefined;
  const items: LineItem[] = [];
  for (const line of lines) {
    if (items.length >= MAX_LINES_PER_EVENT) break;
    if (!line || typeof line !== 'object') continue;
    const item = map(line as T);
    if (item) items.push(item);
  }
  return items.length ? items : undefined;
}

// ---------------------------------------------------------------- checkout

function addCheckout(out: JourneyEvent, checkout: Checkout | null | undefined): void {
  if (!checkout || typeof checkout !== 'object') return;
  set(out, 'checkoutToken', text(checkout.token, 128));
  set(out, 'orderId', shopifyId(checkout.order?.id));
  set(out, 'total', money(checkout.totalPrice?.amount));
  set(out, 'currency', currency(checkout.currencyCode) ?? currency(checkout.totalPrice?.currencyCode));
  set(out, 'lines', lineItems(checkout.lineItems, checkoutLine));
}

// ---------------------------------------------------------------- waymark:*

function addWaymark(out: JourneyEvent, customData: unknown): void {
  if (!customData || typeof customData !== 'object') return;
  const data = customData as Record<string, unknown>;
  set(out, 'placement', text(data.placement, 64));
  set(out, 'strategy', text(data.strategy, 32));
  if (out.name === 'waymark:feedback') {
    set(out, 'productId', shopifyId(data.productId));
    const answer = text(data.answer, MAX_FEEDBACK_CHARS);
    set(out, 'answer', answer === undefined ? undefined : scrubText(answer).slice(0, MAX_FEEDBACK_CHARS));
  } else if (out.name === 'waymark:rec_click') {
    set(out, 'productId', shopifyId(data.productId));
  } else if (Array.isArray(data.items)) {
    const items: string[] = [];
    for (const raw of data.items) {
      if (items.length >= MAX_REC_ITEMS) break;
      const value = raw && typeof raw === 'object' ? (raw as Loose)?.productId ?? (raw as Loose)?.id : raw;
      const itemId = shopifyId(value);
      if (itemId) items.push(itemId);
    }
    out.items = items;
  }
}

// ---------------------------------------------------------------- scalars

function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return trimmed.length > max ? trimmed.slice(0, max) : trimmed;
}

/**
 * Shopify ids as the pixel API gives them: numeric strings ("7234567890123").
 * A GraphQL gid (`gid://shopify/ProductVariant/123?x=y`) is reduced to its
 * trailing id; numbers are stringified. Anything over 64 chars is dropped.
 */
function shopifyId(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? String(Math.trunc(value)) : undefined;
  if (typeof value !== 'string') return undefined;
  let id = value.trim();
  if (id.indexOf('gid://') === 0) {
    id = id.split('?')[0];
    id = id.slice(id.lastIndexOf('/') + 1);
  }
  return id && id.length <= 64 ? id : undefined;
}

function timestampMs(value: unknown): number | undefined {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms) || ms < 0 || ms > 8.64e15) return undefined;
  return Math.round(ms);
}

function money(value: unknown): number | undefined {
  const amount = typeof value === 'string' ? Number(value) : value;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0 || amount > 1e9) return undefined;
  return amount;
}

function unitFromTotal(total: MoneyV2 | null | undefined, qty: unknown): number | undefined {
  const amount = money(total?.amount);
  const n = quantity(qty);
  if (amount === undefined || !n) return undefined;
  return Math.round((amount / n) * 10000) / 10000;
}

function quantity(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const n = Math.round(value);
  return n >= 0 && n <= 100_000 ? n : undefined;
}

function currency(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const code = value.trim().toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? code : undefined;
}

/**
 * The search box is free text: shoppers sometimes paste an email, phone number or card
 * into it. Those are masked (pii-scrub.ts); the rest of the query is kept (capped).
 */
function searchQuery(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return text(scrubText(value), 200);
}
