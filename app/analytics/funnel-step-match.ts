/**
 * What a funnel step matches, and the touchpoints of one session it is matched against. Pure.
 *
 * Touchpoints (one session, in time order; at equal times the session start, then page views,
 * then product / collection views, then events):
 * - `page:session` at the session's start;
 * - `page:<type>` at the start of each run of page views of that type (Journey.runs);
 * - `product:<id>` for a product_viewed event, `collection:<id>` for a collection_viewed event
 *   (the collection's handle from the page path when the event has no id);
 * - `event:add_to_cart` (product_added_to_cart), `event:search` (search_submitted),
 *   `event:checkout_started`, `event:purchase` (checkout_completed).
 *
 * Steps: `page:checkout` matches every checkout page type (checkout, checkout_contact, …);
 * `page:purchase` matches the order (checkout_completed), as in the journey map, where a
 * purchase is an order and not a thank-you page view; a product or collection step matches its
 * id and its handle.
 */
import type { FunnelStepDef } from '../api-contract/funnel';

export interface Touchpoint {
  ts: number;
  /** `page:cart`, `product:123`, `event:search` … */
  key: string;
}

export interface StepMatcher {
  keys: ReadonlySet<string>;
}

export const touchMatches = (step: StepMatcher, touch: Touchpoint): boolean => step.keys.has(touch.key);

const CHECKOUT_PAGES = ['checkout', 'checkout_contact', 'checkout_address', 'checkout_shipping', 'checkout_payment'];

/** The matcher of a step; `aliases` are the other names of a product or collection (its id, its handle). */
export function stepMatcher(step: FunnelStepDef, aliases: readonly string[] = []): StepMatcher {
  if (step.kind === 'page' && step.value === 'checkout') return { keys: new Set(CHECKOUT_PAGES.map((p) => `page:${p}`)) };
  if (step.kind === 'page' && step.value === 'purchase') return { keys: new Set(['event:purchase']) };
  return { keys: new Set([step.value, ...aliases].map((v) => `${step.kind}:${v}`)) };
}

const EVENT_TOUCH: Readonly<Record<string, string>> = {
  product_added_to_cart: 'add_to_cart',
  search_submitted: 'search',
  checkout_started: 'checkout_started',
  checkout_completed: 'purchase',
};

/** The stored event name behind an event step (`add_to_cart` → product_added_to_cart). */
export function storedEventName(step: string): string | undefined {
  return Object.keys(EVENT_TOUCH).find((name) => EVENT_TOUCH[name] === step);
}

export interface TouchEvent {
  ts: number;
  name: string;
  path?: string | null;
  productId?: string | null;
  collectionId?: string | null;
}

function eventKey(e: TouchEvent): string | null {
  if (e.name === 'product_viewed') return e.productId ? `product:${e.productId}` : null;
  if (e.name === 'collection_viewed') {
    const handle = /^\/collections\/([^/?#]+)/.exec(e.path ?? '')?.[1];
    const ref = e.collectionId ?? handle;
    return ref ? `collection:${ref}` : null;
  }
  const name = EVENT_TOUCH[e.name];
  return name ? `event:${name}` : null;
}

/** One session's touchpoints in time order (rules in the file comment). */
export function sessionTouchpoints(startedAt: number, runs: ReadonlyArray<{ step: string; from: number }>, events: readonly TouchEvent[]): Touchpoint[] {
  const ranked: Array<Touchpoint & { rank: number }> = [{ ts: startedAt, key: 'page:session', rank: 0 }];
  for (const r of runs) ranked.push({ ts: r.from, key: `page:${r.step}`, rank: 1 });
  for (const e of events) {
    const key = eventKey(e);
    if (key) ranked.push({ ts: e.ts, key, rank: key.startsWith('event:') ? 3 : 2 });
  }
  ranked.sort((a, b) => a.ts - b.ts || a.rank - b.rank);
  return ranked.map(({ ts, key }) => ({ ts, key }));
}

/** The window's length in ms (`session`: no limit within the session). */
export function windowMs(window: string): number {
  const m = /^(\d+)([mhd])$/.exec(window);
  if (!m) return Number.POSITIVE_INFINITY;
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
}
