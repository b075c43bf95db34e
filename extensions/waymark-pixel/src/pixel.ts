/**
 * The pixel proper: wires Shopify's pixel API (analytics, browser, init,
 * settings, customerPrivacy) to `toJourneyEvent` and the batcher. `index.ts`
 * only hands it to `register`; tests call it with a fake API.
 */
import type { ExtensionApi } from '@shopify/web-pixels-extension';
import { createBatcher, type Batcher } from './batcher';
import { STANDARD_EVENT_NAMES, type JourneyEventName } from './contract';
import type { OutboxStore } from './outbox';
import type { FetchLike } from './send-batch';
import { isJourneyEventName, toJourneyEvent, type PixelEvent } from './to-journey-event';

/** Events after which the shopper usually navigates: sent at once. */
const URGENT: readonly JourneyEventName[] = [
  'waymark:rec_click',
  'waymark:feedback',
  'product_added_to_cart',
  'product_removed_from_cart',
  'checkout_contact_info_submitted',
  'checkout_address_info_submitted',
  'checkout_shipping_info_submitted',
  'payment_info_submitted',
  'checkout_completed',
];

export interface PixelDeps {
  fetch?: FetchLike;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  random?: () => number;
  now?: () => number;
}

export interface PixelSettings {
  ingestUrl: string;
  shopKey: string;
}

/** The merchant-facing settings, checked again here (never trust config). */
export function readSettings(settings: Record<string, unknown> | null | undefined): PixelSettings | null {
  const ingestUrl = typeof settings?.ingestUrl === 'string' ? settings.ingestUrl.trim() : '';
  const shopKey = typeof settings?.shopKey === 'string' ? settings.shopKey.trim() : '';
  const secure = /^https:\/\/[^\s/?#]+[^\s]*$/i.test(ingestUrl);
  const local = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/[^\s]*)?$/i.test(ingestUrl);
  if (!(secure || local) || ingestUrl.length > 2048) return null;
  if (shopKey.length < 8 || shopKey.length > 64) return null;
  return { ingestUrl, shopKey };
}

type PixelApi = Pick<ExtensionApi, 'analytics' | 'browser' | 'init' | 'settings'> &
  Partial<Pick<ExtensionApi, 'customerPrivacy'>>;

/** Starts the pixel; returns the batcher (or null when settings are unusable). Never throws. */
export function startPixel(api: PixelApi, deps: PixelDeps = {}): Batcher | null {
  try {
    return start(api, deps);
  } catch {
    return null;
  }
}

function start(api: PixelApi, deps: PixelDeps): Batcher | null {
  const config = readSettings(api.settings);
  if (!config) return null;

  const storage = api.browser?.sessionStorage;
  const key = 'waymark:outbox:' + config.shopKey;
  const store: OutboxStore | undefined = storage
    ? {
        load: () => storage.getItem(key),
        save: (value) => (value === null ? storage.removeItem(key) : storage.setItem(key, value)),
      }
    : undefined;

  const batcher = createBatcher({
    url: config.ingestUrl,
    shopKey: config.shopKey,
    fetch: deps.fetch ?? ((url, init) => fetch(url, init)),
    setTimeout: deps.setTimeout ?? ((fn, ms) => setTimeout(fn, ms)),
    clearTimeout: deps.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)),
    random: deps.random,
    now: deps.now,
    store,
  });

  // Shopify only loads the pixel once the visitor allows analytics (see
  // [customer_privacy] in shopify.extension.toml); this also follows changes
  // made on the page without a reload, and forgets queued events on withdrawal.
  let allowed = api.init?.customerPrivacy?.analyticsProcessingAllowed !== false;
  try {
    api.customerPrivacy?.subscribe('visitorConsentCollected', (event) => {
      try {
        const now = event?.customerPrivacy?.analyticsProcessingAllowed;
        if (typeof now !== 'boolean') return;
        if (allowed && !now) batcher.discard();
        allowed = now;
      } catch {
        // never into the page
      }
    });
  } catch {
    // older sandboxes without customerPrivacy: keep the init value
  }

  // Re-send what an earlier page of this tab queued but could not confirm.
  if (allowed) void batcher.restore();

  const handle = (event: PixelEvent): void => {
    try {
      if (!allowed) return;
      const journeyEvent = toJourneyEvent(event);
      if (!journeyEvent) return;
      batcher.add(journeyEvent, { urgent: URGENT.indexOf(journeyEvent.name) !== -1 });
    } catch {
      // never into the page
    }
  };

  for (const name of STANDARD_EVENT_NAMES) {
    try {
      api.analytics.subscribe(name, handle as (event: unknown) => void);
    } catch {
      // one failed subscription must not stop the others
    }
  }
  // Theme blocks publish `waymark:*` custom events; one subscription catches
  // them all and anything else custom is ignored by name.
  try {
    api.analytics.subscribe('all_custom_events', (event) => {
      if (event && isJourneyEventName(event.name)) handle(event);
    });
  } catch {
    // ignore
  }

  return batcher;
}
