/**
 * Waymark's theme blocks in a simulated visit, as extensions/waymark-blocks/assets/waymark-recs.js
 * behaves in a browser: the block asks the recommendation endpoint (the simulator yields a
 * `BlockAsk` and its driver answers with what the endpoint said), shows Waymark's products, or
 * the theme's own recommendations when Waymark has none (the blocks' default "When Waymark has
 * no recommendations" setting), publishes `waymark:rec_impression` when seen and
 * `waymark:rec_click` when a card is clicked; a holdout visitor's block shows the theme's
 * recommendations and says so with `strategy: 'holdout'`.
 *
 * The shopper clicks a card by relevance: a product that follows the current one in the
 * simulator's browse affinity, complements it, or sits in the visitor's favorite collection
 * draws more clicks than any other. Nothing favors Waymark: its clicks, and any lift, come from
 * ranking relevant products higher than the theme does.
 */
import type { CustomEvent, EventType } from '@shopify/web-pixels-extension';
import type { Catalog } from './catalog';
import type { Rng } from './rng';
import type { Envelope } from './shopify-events';
import type { PageContext } from './visit';
import type { Visitor } from './visitors';

export type BlockPlacement = 'recommended' | 'also_like' | 'bought_together';

/** What a block asks the recommendation endpoint (the query waymark-recs.js sends). */
export interface BlockAsk {
  kind: 'block';
  placement: BlockPlacement;
  productId?: string;
  cart: string[];
  recent: string[];
  limit: number;
  /** The app embed's visitor key (waymark:vid in localStorage): the holdout split's unit. */
  visitor: string;
  fallback: 'shopify';
}

/** The endpoint's answer, as much of it as the block reads; undefined when the request failed. */
export interface BlockAnswer {
  group: 'treatment' | 'holdout';
  strategy: string;
  products: Array<{ id: string }>;
}

/** Cards a block shows (the blocks' default product count) and how many a phone screen sees. */
export const BLOCK_LIMIT = 4;
/** A card's chance of a click: a product that follows or complements the one in view, one in the visitor's favorite collection, any other. */
const CLICK = { related: 0.03, interest: 0.01, other: 0.003 };

/** The embed's random visitor key, stable per browser (derived from the client id, so runs repeat). */
export function visitorKey(v: Visitor): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < v.clientId.length; i++) h = Math.imul(h ^ v.clientId.charCodeAt(i), 0x01000193) >>> 0;
  return `vid-${h.toString(36)}-${v.clientId.slice(0, 8)}`;
}

/** Shopify's own "related" recommendations: the product's first collection in display order. */
export function themeRecommendations(cat: Catalog, productIndex: number, limit = BLOCK_LIMIT): number[] {
  const c = cat.collections[cat.products[productIndex].collections[0] ?? 0];
  return (c?.products ?? []).filter((i) => i !== productIndex && cat.products[i].available).slice(0, limit);
}

/** The products a block shows and the strategy its events carry (waymark-recs.js `load`). */
export function blockShows(cat: Catalog, answer: BlockAnswer | undefined, around: number | undefined): { items: number[]; strategy: string } {
  const holdout = answer?.group === 'holdout';
  const byId = (id: string) => cat.products.findIndex((p) => p.id === id);
  const waymark = !answer || holdout ? [] : answer.products.map((p) => byId(String(p.id))).filter((i) => i >= 0 && i !== around);
  if (waymark.length) return { items: waymark.slice(0, BLOCK_LIMIT), strategy: answer!.strategy };
  const theme = around === undefined ? [] : themeRecommendations(cat, around);
  return { items: theme, strategy: holdout ? 'holdout' : 'shopify' };
}

/** The product the shopper clicks in the block, if any. */
export function chooseClick(cat: Catalog, rng: Rng, visitor: Visitor, around: number | undefined, items: readonly number[]): number | undefined {
  const next = around === undefined ? [] : cat.transitions[around].targets;
  const complements = around === undefined ? [] : cat.complements[around];
  for (const i of items) {
    const p = next.includes(i) || complements.includes(i) ? CLICK.related : cat.products[i].collections.includes(visitor.interest) ? CLICK.interest : CLICK.other;
    if (rng.chance(p)) return i;
  }
  return undefined;
}

const CUSTOM = 'custom' as EventType.Custom;

/** A custom event as `Shopify.analytics.publish` delivers it to the pixel. */
export function customEvent(env: Envelope, ctx: PageContext, name: string, customData: Record<string, unknown>): CustomEvent {
  return { clientId: env.clientId, context: ctx, customData, id: env.id, name, seq: env.seq, timestamp: env.timestamp, type: CUSTOM };
}
