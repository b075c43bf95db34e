/**
 * Drives the real pixel entry point (extensions/waymark-pixel/src/index.ts)
 * through a fake `register`: the package module is mocked so `register`
 * captures the extension callback, which is then called with a fake
 * analytics bus, browser, init, settings and customerPrivacy, while fetch and
 * timers are faked globally.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CustomerPrivacyPayload, ExtensionApi } from '@shopify/web-pixels-extension';
import { ingestBatchSchema, journeyEventSchema, type JourneyEvent } from '../../../../app/api-contract/ingest';
import { toJourneyEvent, type PixelEvent } from '../../../../extensions/waymark-pixel/src/to-journey-event';
import {
  PII_STRINGS,
  STANDARD_FIXTURES,
  otherCustomEvents,
  recClick,
  recImpression,
} from '../../../fixtures/pixel-events';

const harness = vi.hoisted(() => ({ extend: null as null | ((api: unknown) => void), registerCalls: 0 }));

vi.mock('@shopify/web-pixels-extension', () => ({
  register: (extend: (api: unknown) => void) => {
    harness.registerCalls++;
    harness.extend = extend;
  },
}));

const INGEST_URL = 'https://waymark.example.com/ingest';
const SHOP_KEY = 'wm_pk_maple_and_moss_01';

type Handler = (event: unknown) => void;

/** A stand-in for Shopify's pixel event bus. */
class FakeAnalytics {
  readonly handlers = new Map<string, Handler[]>();
  subscribe = (name: string, callback: Handler) => {
    const list = this.handlers.get(name) ?? [];
    list.push(callback);
    this.handlers.set(name, list);
    return () => true;
  };
  /** Delivers like Shopify does: by name, plus the all_* channels. */
  publish(event: PixelEvent): void {
    const channels = [event.name, event.type === 'custom' ? 'all_custom_events' : 'all_standard_events', 'all_events'];
    for (const channel of channels) for (const handler of this.handlers.get(channel) ?? []) handler(event);
  }
}

function fakeStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    api: {
      getItem: async (key: string) => data.get(key) ?? null,
      setItem: async (key: string, value: unknown) => void data.set(key, String(value)),
      removeItem: async (key: string) => void data.delete(key),
      clear: async () => data.clear(),
      key: async (i: number) => [...data.keys()][i] ?? null,
      length: async () => data.size,
    },
  };
}

interface Setup {
  settings?: Record<string, unknown>;
  analyticsAllowed?: boolean;
  storage?: Record<string, string>;
}

function startPixel(setup: Setup = {}) {
  const analytics = new FakeAnalytics();
  const storage = fakeStorage(setup.storage);
  const consentHandlers: Array<(payload: CustomerPrivacyPayload) => void> = [];
  const privacy = (analytics: boolean) => ({
    analyticsProcessingAllowed: analytics,
    marketingAllowed: false,
    preferencesProcessingAllowed: false,
    saleOfDataAllowed: false,
  });
  const api = {
    settings: setup.settings ?? { ingestUrl: INGEST_URL, shopKey: SHOP_KEY },
    analytics,
    browser: {
      cookie: { get: async () => '', set: async () => '' },
      localStorage: fakeStorage().api,
      sessionStorage: storage.api,
      sendBeacon: async () => true,
    },
    init: {
      context: STANDARD_FIXTURES.page_viewed.context,
      data: { customer: null, cart: null, shop: null, purchasingCompany: null },
      customerPrivacy: privacy(setup.analyticsAllowed ?? true),
    },
    customerPrivacy: {
      subscribe: (_name: string, cb: (payload: CustomerPrivacyPayload) => void) => {
        consentHandlers.push(cb);
        return () => true;
      },
    },
    _pixelInfo: {},
  } as unknown as ExtensionApi;
  harness.extend!(api);
  return {
    analytics,
    storage,
    setConsent: (allowed: boolean) => consentHandlers.forEach((cb) => cb({ customerPrivacy: privacy(allowed) })),
  };
}

let fetchMock: ReturnType<typeof vi.fn>;
const bodies = () => fetchMock.mock.calls.map((call) => JSON.parse((call[1] as { body: string }).body) as { shopKey: string; events: JourneyEvent[] });
const sentIds = () => bodies().flatMap((b) => b.events.map((e) => e.id));

beforeAll(async () => {
  await import('../../../../extensions/waymark-pixel/src/index');
});

beforeEach(() => {
  vi.useFakeTimers();
  fetchMock = vi.fn(async () => ({ status: 202, headers: new Headers() }));
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('pixel entry point', () => {
  it('registers once and subscribes to every standard event and to custom events', () => {
    expect(harness.registerCalls).toBe(1);
    const { analytics } = startPixel();
    expect([...analytics.handlers.keys()].sort()).toEqual(
      [...Object.keys(STANDARD_FIXTURES), 'all_custom_events'].sort(),
    );
  });

  it('streams a whole shopper journey: mapped, batched, PII-free, valid for ingest', async () => {
    const { analytics } = startPixel();
    const journey: PixelEvent[] = [
      STANDARD_FIXTURES.page_viewed,
      STANDARD_FIXTURES.collection_viewed,
      STANDARD_FIXTURES.product_viewed,
      recImpression,
      ...otherCustomEvents,
      recClick,
      STANDARD_FIXTURES.search_submitted,
      STANDARD_FIXTURES.product_added_to_cart,
      STANDARD_FIXTURES.cart_viewed,
      STANDARD_FIXTURES.product_removed_from_cart,
      STANDARD_FIXTURES.checkout_started,
      STANDARD_FIXTURES.checkout_contact_info_submitted,
      STANDARD_FIXTURES.checkout_address_info_submitted,
      STANDARD_FIXTURES.checkout_shipping_info_submitted,
      STANDARD_FIXTURES.payment_info_submitted,
      STANDARD_FIXTURES.checkout_completed,
    ];
    for (const event of journey) analytics.publish(event);
    await vi.advanceTimersByTimeAsync(5000);

    const expected = journey.map((e) => toJourneyEvent(e)).filter((e): e is JourneyEvent => e !== null);
    expect(expected).toHaveLength(15);
    expect(bodies().flatMap((b) => b.events)).toEqual(expected);

    for (const body of bodies()) {
      expect(ingestBatchSchema.safeParse(body).success).toBe(true);
      expect(body.shopKey).toBe(SHOP_KEY);
      for (const e of body.events) expect(journeyEventSchema.safeParse(e).success).toBe(true);
    }
    const wire = fetchMock.mock.calls.map((c) => (c[1] as { body: string }).body).join('\n').toLowerCase();
    for (const pii of PII_STRINGS) expect(wire, pii).not.toContain(pii.toLowerCase());
    expect(wire).not.toContain('someone@example.org');
    for (const call of fetchMock.mock.calls) {
      expect(call[0]).toBe(INGEST_URL);
      expect(call[1]).toMatchObject({ method: 'POST', keepalive: true });
    }
  });

  it('batches a page burst into one request after 2 s, but sends a rec click at once', async () => {
    const { analytics } = startPixel();
    analytics.publish(STANDARD_FIXTURES.page_viewed);
    analytics.publish(STANDARD_FIXTURES.product_viewed);
    analytics.publish(recImpression);
    await vi.advanceTimersByTimeAsync(1999);
    expect(fetchMock).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(bodies()[0].events).toHaveLength(3);

    analytics.publish(recClick);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(sentIds().at(-1)).toBe(recClick.id);
  });

  it('checkout_completed flushes immediately', async () => {
    const { analytics } = startPixel();
    analytics.publish(STANDARD_FIXTURES.checkout_started);
    analytics.publish(STANDARD_FIXTURES.checkout_completed);
    await vi.advanceTimersByTimeAsync(0);
    expect(sentIds()).toEqual([STANDARD_FIXTURES.checkout_started.id, STANDARD_FIXTURES.checkout_completed.id]);
  });

  it('does nothing with missing or unsafe settings', async () => {
    for (const settings of [
      {},
      { ingestUrl: 'http://waymark.example.com/ingest', shopKey: SHOP_KEY },
      { ingestUrl: 'javascript:alert(1)', shopKey: SHOP_KEY },
      { ingestUrl: INGEST_URL, shopKey: 'short' },
    ]) {
      const { analytics } = startPixel({ settings });
      expect(analytics.handlers.size).toBe(0);
    }
    const local = startPixel({ settings: { ingestUrl: 'http://localhost:3000/ingest', shopKey: SHOP_KEY } });
    expect(local.analytics.handlers.size).toBe(14);
  });

  it('follows consent: nothing without analytics consent, resumes when given, forgets on withdrawal', async () => {
    const pixel = startPixel({ analyticsAllowed: false });
    pixel.analytics.publish(STANDARD_FIXTURES.page_viewed);
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetchMock).not.toHaveBeenCalled();

    pixel.setConsent(true);
    pixel.analytics.publish(STANDARD_FIXTURES.product_viewed);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sentIds()).toEqual([STANDARD_FIXTURES.product_viewed.id]);

    pixel.analytics.publish(STANDARD_FIXTURES.collection_viewed);
    pixel.setConsent(false);
    pixel.analytics.publish(STANDARD_FIXTURES.search_submitted);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sentIds()).toEqual([STANDARD_FIXTURES.product_viewed.id]);
  });

  it('a throwing or failing fetch never escapes into the page', async () => {
    fetchMock.mockImplementation(() => {
      throw new TypeError('Failed to fetch');
    });
    const { analytics } = startPixel();
    expect(() => {
      analytics.publish(STANDARD_FIXTURES.page_viewed);
      analytics.publish(recClick);
      analytics.publish(STANDARD_FIXTURES.checkout_completed);
    }).not.toThrow();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fetchMock.mock.calls.length).toBeGreaterThan(1);
    expect(fetchMock.mock.calls.length).toBeLessThanOrEqual(10); // bounded attempts
  });

  it('survives hostile events on the bus', async () => {
    const { analytics } = startPixel();
    const handler = analytics.handlers.get('page_viewed')![0];
    for (const junk of [null, undefined, 1, 'x', { name: 'page_viewed' }]) expect(() => handler(junk)).not.toThrow();
    const custom = analytics.handlers.get('all_custom_events')![0];
    for (const junk of [null, { name: 'waymark:rec_click' }]) expect(() => custom(junk)).not.toThrow();
    await vi.advanceTimersByTimeAsync(5000);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('re-sends events an earlier page of the tab left unsent (sessionStorage outbox)', async () => {
    const left = toJourneyEvent({ ...STANDARD_FIXTURES.page_viewed, timestamp: new Date(Date.now() - 5000).toISOString() })!;
    const pixel = startPixel({ storage: { [`waymark:outbox:${SHOP_KEY}`]: JSON.stringify([left]) } });
    await vi.advanceTimersByTimeAsync(0);
    pixel.analytics.publish(STANDARD_FIXTURES.product_viewed);
    await vi.advanceTimersByTimeAsync(2000);
    expect(sentIds()).toEqual([left.id, STANDARD_FIXTURES.product_viewed.id]);
    expect(pixel.storage.data.has(`waymark:outbox:${SHOP_KEY}`)).toBe(false);
  });
});
