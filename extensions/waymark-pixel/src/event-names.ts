/**
 * Event names and size limits of `POST /ingest`, defined once. Plain constants with no
 * imports, so the pixel bundles them without zod; the server's schema
 * (app/api-contract/ingest.ts) is built from these same values.
 */

/** Shopify's standard customer events the pixel subscribes to. */
export const STANDARD_EVENT_NAMES = [
  'page_viewed',
  'product_viewed',
  'collection_viewed',
  'search_submitted',
  'product_added_to_cart',
  'product_removed_from_cart',
  'cart_viewed',
  'checkout_started',
  'checkout_contact_info_submitted',
  'checkout_address_info_submitted',
  'checkout_shipping_info_submitted',
  'payment_info_submitted',
  'checkout_completed',
] as const;
export type StandardEventName = (typeof STANDARD_EVENT_NAMES)[number];

/**
 * Custom events published by Waymark's theme blocks (`Shopify.analytics.publish`):
 * recommendation impressions and clicks, and answers of the Quick feedback block.
 */
export const WAYMARK_EVENT_NAMES = ['waymark:rec_impression', 'waymark:rec_click', 'waymark:feedback'] as const;
export type WaymarkEventName = (typeof WAYMARK_EVENT_NAMES)[number];

export type JourneyEventName = StandardEventName | WaymarkEventName;

/** Limits keep one event small and bound what a hostile client can make us store. */
export const MAX_EVENTS_PER_BATCH = 500;
export const MAX_LINES_PER_EVENT = 100;
export const MAX_REC_ITEMS = 50;
/** The longest Quick feedback answer (characters); the block's box stops there too. */
export const MAX_FEEDBACK_CHARS = 500;

/** The largest body the pixel sends; keepalive requests are capped by browsers at 64 KiB. */
export const MAX_BATCH_BYTES = 64 * 1024;
