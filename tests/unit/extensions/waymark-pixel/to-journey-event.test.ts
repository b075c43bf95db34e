import { describe, expect, it } from 'vitest';
import type { CustomEvent, PixelEventsPageViewed, PixelEventsSearchSubmitted } from '@shopify/web-pixels-extension';
import { journeyEventSchema } from '../../../../app/api-contract/ingest';
import { toJourneyEvent, type PixelEvent } from '../../../../extensions/waymark-pixel/src/to-journey-event';
import {
  CHECKOUT_TOKEN,
  CLIENT_ID,
  ORDER_ID,
  PII_STRINGS,
  STANDARD_FIXTURES,
  context,
  otherCustomEvents,
  recClick,
  recImpression,
} from '../../../fixtures/pixel-events';

const SWEATER = { productId: '7234567890123', variantId: '42876543210987' };
const SOCKS = { productId: '7234567890456', variantId: '42876543299001' };
const CHECKOUT_LINES = [
  { ...SWEATER, qty: 2, price: 129 },
  { ...SOCKS, qty: 3, price: 24.5 },
];

const common = (id: string, iso: string, path: string) => ({
  id,
  ts: Date.parse(iso),
  clientId: CLIENT_ID,
  path,
});

describe('toJourneyEvent: standard events', () => {
  it('page_viewed keeps path, utm and referrer host only', () => {
    expect(toJourneyEvent(STANDARD_FIXTURES.page_viewed)).toStrictEqual({
      ...common('sh-7c1f1c52-1A2B-4C3D-8E9F-0A1B2C3D4E5F', '2026-11-27T18:40:00.000Z', '/'),
      name: 'page_viewed',
      utm: { source: 'newsletter', medium: 'email', campaign: 'black friday' },
      refHost: 'mail.example.net',
    });
  });

  it('product_viewed', () => {
    expect(toJourneyEvent(STANDARD_FIXTURES.product_viewed)).toStrictEqual({
      ...common('sh-7c1f1c53-aa01', '2026-11-27T18:40:12.345Z', '/products/merino-crew-sweater'),
      name: 'product_viewed',
      ...SWEATER,
      price: 129,
      currency: 'CAD',
    });
  });

  it('collection_viewed', () => {
    expect(toJourneyEvent(STANDARD_FIXTURES.collection_viewed)).toStrictEqual({
      ...common('sh-7c1f1c54-aa02', '2026-11-27T18:40:30.000Z', '/collections/winter-knits'),
      name: 'collection_viewed',
      collectionId: '412345678901',
    });
  });

  it('search_submitted keeps query and result count', () => {
    expect(toJourneyEvent(STANDARD_FIXTURES.search_submitted)).toStrictEqual({
      ...common('sh-7c1f1c55-aa03', '2026-11-27T18:41:00.000Z', '/search'),
      name: 'search_submitted',
      query: 'merino socks',
      results: 2,
    });
  });

  it('product_added_to_cart and product_removed_from_cart carry unit price and quantity', () => {
    expect(toJourneyEvent(STANDARD_FIXTURES.product_added_to_cart)).toStrictEqual({
      ...common('sh-7c1f1c56-aa04', '2026-11-27T18:41:20.000Z', '/products/merino-crew-sweater'),
      name: 'product_added_to_cart',
      ...SWEATER,
      price: 129,
      qty: 2,
      currency: 'CAD',
    });
    expect(toJourneyEvent(STANDARD_FIXTURES.product_removed_from_cart)).toStrictEqual({
      ...common('sh-7c1f1c57-aa05', '2026-11-27T18:41:40.000Z', '/cart'),
      name: 'product_removed_from_cart',
      ...SOCKS,
      price: 24.5,
      qty: 1,
      currency: 'CAD',
    });
  });

  it('cart_viewed carries lines and total', () => {
    expect(toJourneyEvent(STANDARD_FIXTURES.cart_viewed)).toStrictEqual({
      ...common('sh-7c1f1c58-aa06', '2026-11-27T18:41:35.000Z', '/cart'),
      name: 'cart_viewed',
      total: 331.5,
      currency: 'CAD',
      lines: CHECKOUT_LINES,
    });
  });

  it('every checkout step carries token, total, currency and lines; the path token is redacted', () => {
    const steps = [
      ['checkout_started', '/checkouts/cn/:token'],
      ['checkout_contact_info_submitted', '/checkouts/cn/:token'],
      ['checkout_address_info_submitted', '/checkouts/cn/:token'],
      ['checkout_shipping_info_submitted', '/checkouts/cn/:token/shipping'],
      ['payment_info_submitted', '/checkouts/cn/:token/payment'],
    ] as const;
    for (const [name, path] of steps) {
      const out = toJourneyEvent(STANDARD_FIXTURES[name]);
      expect(out).toMatchObject({ name, path, checkoutToken: CHECKOUT_TOKEN, total: 389.15, currency: 'CAD', lines: CHECKOUT_LINES });
      expect(out?.orderId).toBeUndefined();
    }
    expect(toJourneyEvent(STANDARD_FIXTURES.checkout_started)?.refHost).toBe('maple-and-moss.myshopify.com');
  });

  it('checkout_completed adds the order id and redacts the order-status key', () => {
    expect(toJourneyEvent(STANDARD_FIXTURES.checkout_completed)).toStrictEqual({
      ...common('sh-7c1f1c5e-aa0c', '2026-11-27T18:44:30.000Z', '/61234567/orders/:token'),
      name: 'checkout_completed',
      checkoutToken: CHECKOUT_TOKEN,
      orderId: ORDER_ID,
      total: 389.15,
      currency: 'CAD',
      lines: CHECKOUT_LINES,
    });
  });

  it('every mapped fixture is valid under the ingest schema', () => {
    for (const event of [...Object.values(STANDARD_FIXTURES), recImpression, recClick]) {
      const out = toJourneyEvent(event);
      expect(out, event.name).not.toBeNull();
      const parsed = journeyEventSchema.safeParse(out);
      expect(parsed.success, `${event.name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });
});

describe('toJourneyEvent: privacy', () => {
  const all: PixelEvent[] = [...Object.values(STANDARD_FIXTURES), recImpression, recClick];

  it('no PII from the fixtures appears anywhere in the output', () => {
    const json = JSON.stringify(all.map((e) => toJourneyEvent(e))).toLowerCase();
    for (const pii of PII_STRINGS) expect(json, pii).not.toContain(pii.toLowerCase());
    // and the raw fixtures do contain them, so the test proves something
    const raw = JSON.stringify(all).toLowerCase();
    for (const pii of PII_STRINGS) expect(raw, pii).toContain(pii.toLowerCase());
  });

  it('only allow-listed keys are ever emitted', () => {
    const allowed = new Set(Object.keys(journeyEventSchema.shape));
    for (const event of all) {
      for (const key of Object.keys(toJourneyEvent(event) ?? {})) expect(allowed.has(key), key).toBe(true);
    }
  });

  it('masks emails and phone numbers typed into the search box', () => {
    const event: PixelEventsSearchSubmitted = {
      ...STANDARD_FIXTURES.search_submitted,
      data: { searchResult: { query: 'order for jo.bloggs@example.org +44 20 7946 0958 red scarf', productVariants: [] } },
    };
    const out = toJourneyEvent(event);
    expect(out?.query).toBe('order for [email] [phone] red scarf');
    expect(out?.results).toBe(0);
  });

  it('strips credentials and paths from the referrer, and emails/tokens from the path', () => {
    const event: PixelEventsPageViewed = {
      ...STANDARD_FIXTURES.page_viewed,
      context: context('/account/reset/6620918273645/9f8e7d6c5b4a-1700000000', 'https://bob:hunter2@Partner.Example.com:8443/x?y=z'),
    };
    const out = toJourneyEvent(event);
    expect(out?.path).toBe('/account/reset/:token/:token');
    expect(out?.refHost).toBe('partner.example.com:8443');
    expect(out?.utm).toBeUndefined();

    const withEmail = toJourneyEvent({ ...event, context: context('/pages/hello/jo%40example.org') });
    expect(withEmail?.path).toBe('/pages/hello/:redacted');
  });
});

describe('toJourneyEvent: the shared PII masks (pii-scrub.ts)', () => {
  it('masks local phone formats and cards in the search box', () => {
    for (const [query, expected] of [
      ['call me 555-123-4567', 'call me [phone]'],
      ['(555) 123-4567 boots', '[phone] boots'],
      ['0412 345 678', '[phone]'],
      ['card 4111 1111 1111 1111', 'card [card]'],
      ['jeans 2024 size 32', 'jeans 2024 size 32'],
    ]) {
      const out = toJourneyEvent({ ...STANDARD_FIXTURES.search_submitted, data: { searchResult: { query, productVariants: [] } } } as PixelEventsSearchSubmitted);
      expect(out?.query).toBe(expected);
    }
  });

  it('masks double-encoded emails in the path and emails or phones in utm values', () => {
    const event: PixelEventsPageViewed = {
      ...STANDARD_FIXTURES.page_viewed,
      context: context('/pages/hello/jo%252540example.org?utm_source=news&utm_campaign=jo%40example.org&utm_medium=sms-555-123-4567'),
    };
    const out = toJourneyEvent(event);
    expect(out?.path).toBe('/pages/hello/:redacted');
    expect(out?.utm).toEqual({ source: 'news', campaign: '[email]', medium: 'sms-[phone]' });
  });
});

describe('toJourneyEvent: custom events', () => {
  it('waymark:rec_impression keeps placement, items (gid reduced to id) and strategy', () => {
    expect(toJourneyEvent(recImpression)).toStrictEqual({
      ...common('sh-custom-0001', '2026-11-27T18:40:13.000Z', '/products/merino-crew-sweater'),
      name: 'waymark:rec_impression',
      placement: 'product-page',
      strategy: 'model',
      items: ['7234567890456', '7234567890789', '7234567890999'],
    });
  });

  it('waymark:rec_click keeps placement, productId and strategy', () => {
    expect(toJourneyEvent(recClick)).toStrictEqual({
      ...common('sh-custom-0002', '2026-11-27T18:40:19.500Z', '/products/merino-crew-sweater'),
      name: 'waymark:rec_click',
      placement: 'product-page',
      strategy: 'model',
      productId: '7234567890456',
    });
  });

  it('caps rec items at the contract limit and drops unusable ones', () => {
    const many: CustomEvent = {
      ...recImpression,
      customData: { placement: 'cart', strategy: 'fallback', items: [null, { productId: 11 }, ...Array.from({ length: 80 }, (_, i) => String(1000 + i))] },
    };
    const out = toJourneyEvent(many);
    expect(out?.items).toHaveLength(50);
    expect(out?.items?.[0]).toBe('11');
  });

  it('waymark:feedback keeps the answer, masked and capped, and the product', () => {
    const feedback: CustomEvent = {
      ...recClick,
      name: 'waymark:feedback',
      customData: { placement: 'feedback:product', productId: '7234567890456', answer: `  Runs small, write me at jo@example.com ${'x'.repeat(900)}` },
    };
    const out = toJourneyEvent(feedback);
    expect(out?.name).toBe('waymark:feedback');
    expect(out?.productId).toBe('7234567890456');
    expect(out?.answer?.startsWith('Runs small, write me at [email]')).toBe(true);
    expect(out?.answer?.length).toBeLessThanOrEqual(500);
    expect(toJourneyEvent({ ...feedback, customData: { answer: 42 } })?.answer).toBeUndefined();
  });

  it('ignores other custom events and unknown waymark names', () => {
    for (const event of otherCustomEvents) expect(toJourneyEvent(event)).toBeNull();
  });

  it('a custom event cannot impersonate a standard one', () => {
    const fake = { ...recClick, name: 'checkout_completed' } as CustomEvent;
    expect(toJourneyEvent(fake)).toBeNull();
  });
});

describe('toJourneyEvent: robustness', () => {
  it('returns null for events outside the journey set', () => {
    const alert = { ...STANDARD_FIXTURES.page_viewed, name: 'alert_displayed' } as unknown as PixelEvent;
    expect(toJourneyEvent(alert)).toBeNull();
  });

  it('returns null without id, clientId or a valid timestamp; ctx.clientId fills in', () => {
    const base = STANDARD_FIXTURES.page_viewed;
    expect(toJourneyEvent({ ...base, id: '' })).toBeNull();
    expect(toJourneyEvent({ ...base, timestamp: 'yesterday' })).toBeNull();
    expect(toJourneyEvent({ ...base, clientId: '' })).toBeNull();
    expect(toJourneyEvent({ ...base, clientId: '' }, { clientId: 'sim-client-1' })?.clientId).toBe('sim-client-1');
  });

  it('never throws on hostile or partial input', () => {
    const junk: unknown[] = [
      null,
      undefined,
      42,
      'page_viewed',
      {},
      { name: 'product_viewed', id: 'x', clientId: 'c', timestamp: '2026-01-01T00:00:00Z' },
      { name: 'cart_viewed', id: 'x', clientId: 'c', timestamp: '2026-01-01T00:00:00Z', data: { cart: { lines: [null, 5, { quantity: -1 }] } } },
      { name: 'checkout_completed', id: 'x', clientId: 'c', timestamp: '2026-01-01T00:00:00Z', data: { checkout: { lineItems: 'nope', totalPrice: { amount: 'NaN' } } } },
      {
        name: 'product_viewed',
        id: 'x',
        clientId: 'c',
        timestamp: '2026-01-01T00:00:00Z',
        get data(): never {
          throw new Error('boom');
        },
      },
    ];
    for (const item of junk) expect(() => toJourneyEvent(item as PixelEvent)).not.toThrow();
    const minimal = toJourneyEvent(junk[5] as PixelEvent);
    expect(minimal).toStrictEqual({ id: 'x', name: 'product_viewed', ts: Date.parse('2026-01-01T00:00:00Z'), clientId: 'c' });
    expect(journeyEventSchema.safeParse(toJourneyEvent(junk[6] as PixelEvent)).success).toBe(true);
  });

  it('caps line items at the contract limit', () => {
    const lines = Array.from({ length: 150 }, () => STANDARD_FIXTURES.cart_viewed.data.cart!.lines[0]);
    const cart = { ...STANDARD_FIXTURES.cart_viewed.data.cart!, lines };
    const out = toJourneyEvent({ ...STANDARD_FIXTURES.cart_viewed, data: { cart } });
    expect(out?.lines).toHaveLength(100);
  });
});
