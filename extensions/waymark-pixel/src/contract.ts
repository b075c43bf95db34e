/**
 * The pixel's view of the ingest contract (app/ingest/journey-event.ts).
 *
 * Types come from the contract with `import type`, which esbuild erases. The
 * constants are duplicated on purpose: the contract module builds zod schemas at
 * top level, so importing even one constant from it drags all of zod (~450 KB)
 * into the pixel bundle. tests/unit/extensions/waymark-pixel/contract.test.ts asserts that these
 * copies stay equal to the contract's.
 */
import type {
  JourneyEvent,
  JourneyEventName,
  LineItem,
  StandardEventName,
  WaymarkEventName,
} from '../../../app/ingest/journey-event';

export type { JourneyEvent, JourneyEventName, LineItem, StandardEventName, WaymarkEventName };

/** Body shape the pixel posts (same as the contract's `IngestBatch`). */
export interface PixelBatch {
  shopKey: string;
  events: JourneyEvent[];
}

export const STANDARD_EVENT_NAMES: readonly StandardEventName[] = [
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
];

export const WAYMARK_EVENT_NAMES: readonly WaymarkEventName[] = [
  'waymark:rec_impression',
  'waymark:rec_click',
];

export const MAX_EVENTS_PER_BATCH = 500;
export const MAX_LINES_PER_EVENT = 100;
export const MAX_REC_ITEMS = 50;
export const MAX_BATCH_BYTES = 64 * 1024;
