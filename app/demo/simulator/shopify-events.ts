/**
 * Builders for Shopify standard customer events, typed with the official
 * `@shopify/web-pixels-extension` types, as `analytics.subscribe` would hand them
 * to the pixel. Only synthetic, PII-free values (email/phone/address are null).
 */
import type {
  Cart,
  CartLine,
  Checkout,
  CheckoutLineItem,
  Context,
  CustomEvent,
  EventType,
  Location,
  MoneyV2,
  PixelEventsCartViewed,
  PixelEventsCheckoutAddressInfoSubmitted,
  PixelEventsCheckoutCompleted,
  PixelEventsCheckoutContactInfoSubmitted,
  PixelEventsCheckoutShippingInfoSubmitted,
  PixelEventsCheckoutStarted,
  PixelEventsCollectionViewed,
  PixelEventsPageViewed,
  PixelEventsPaymentInfoSubmitted,
  PixelEventsProductAddedToCart,
  PixelEventsProductRemovedFromCart,
  PixelEventsProductViewed,
  PixelEventsSearchSubmitted,
  ProductVariant,
} from '@shopify/web-pixels-extension';
import type { SimCollection, SimProduct } from './catalog';

/** Any event the simulator emits: Shopify's standard events and the blocks' `waymark:*` custom events. */
export type SimPixelEvent =
  | CustomEvent
  | PixelEventsPageViewed
  | PixelEventsProductViewed
  | PixelEventsCollectionViewed
  | PixelEventsSearchSubmitted
  | PixelEventsProductAddedToCart
  | PixelEventsProductRemovedFromCart
  | PixelEventsCartViewed
  | PixelEventsCheckoutStarted
  | PixelEventsCheckoutContactInfoSubmitted
  | PixelEventsCheckoutAddressInfoSubmitted
  | PixelEventsCheckoutShippingInfoSubmitted
  | PixelEventsPaymentInfoSubmitted
  | PixelEventsCheckoutCompleted;

const STANDARD = 'standard' as EventType.Standard;

export interface Envelope {
  id: string;
  clientId: string;
  timestamp: string;
  seq: number;
}

/** Browser facts of one simulated visitor. */
export interface BrowserProfile {
  userAgent: string;
  language: string;
  innerWidth: number;
  innerHeight: number;
  screenWidth: number;
  screenHeight: number;
}

export interface PageInfo {
  host: string;
  path: string;
  /** '' or '?a=b…' */
  search: string;
  referrer: string;
  title: string;
}

export function location(host: string, path: string, search: string): Location {
  const origin = `https://${host}`;
  return { hash: '', host, hostname: host, href: `${origin}${path}${search}`, origin, pathname: path, port: '', protocol: 'https:', search };
}

export function context(page: PageInfo, browser: BrowserProfile): Context {
  const loc = location(page.host, page.path, page.search);
  return {
    document: { characterSet: 'UTF-8', location: loc, referrer: page.referrer, title: page.title },
    navigator: { cookieEnabled: true, language: browser.language, languages: [browser.language, browser.language.split('-')[0]], userAgent: browser.userAgent },
    window: {
      innerHeight: browser.innerHeight,
      innerWidth: browser.innerWidth,
      location: loc,
      origin: loc.origin,
      outerHeight: browser.screenHeight,
      outerWidth: browser.screenWidth,
      pageXOffset: 0,
      pageYOffset: 0,
      screen: { height: browser.screenHeight, width: browser.screenWidth },
      screenX: 0,
      screenY: 0,
      scrollX: 0,
      scrollY: 0,
    },
  };
}

export function money(amount: number, currencyCode: string): MoneyV2 {
  return { amount: Math.round(amount * 100) / 100, currencyCode };
}

/**
 * Variant objects are cached and shared between events (they are immutable
 * payload data; nothing downstream mutates them).
 */
const variantCache = new WeakMap<SimProduct, Map<string, ProductVariant>>();

export function productVariant(p: SimProduct, variantIndex: number, currency: string): ProductVariant {
  let byKey = variantCache.get(p);
  if (!byKey) variantCache.set(p, (byKey = new Map()));
  const key = `${variantIndex}:${currency}`;
  let pv = byKey.get(key);
  if (!pv) byKey.set(key, (pv = makeVariant(p, variantIndex, currency)));
  return pv;
}

function makeVariant(p: SimProduct, variantIndex: number, currency: string): ProductVariant {
  const v = p.variants[Math.min(variantIndex, p.variants.length - 1)];
  return {
    id: v.id,
    image: { src: p.imageUrl },
    price: money(p.price, currency),
    product: { id: p.id, title: p.title, type: p.productType, untranslatedTitle: p.title, url: `/products/${p.handle}`, vendor: p.vendor },
    sku: v.sku,
    title: v.title,
    untranslatedTitle: v.title,
  };
}

export interface SimLine {
  product: SimProduct;
  variant: number;
  qty: number;
}

export function cartLine(line: SimLine, currency: string): CartLine {
  return {
    cost: { totalAmount: money(line.product.price * line.qty, currency) },
    merchandise: productVariant(line.product, line.variant, currency),
    quantity: line.qty,
  };
}

export function cart(id: string, lines: readonly SimLine[], currency: string): Cart {
  const cartLines = lines.map((l) => cartLine(l, currency));
  const total = lines.reduce((a, l) => a + l.product.price * l.qty, 0);
  return { attributes: [], cost: { totalAmount: money(total, currency) }, id, lines: cartLines, totalQuantity: lines.reduce((a, l) => a + l.qty, 0) };
}

export interface CheckoutInfo {
  token: string;
  lines: readonly SimLine[];
  currency: string;
  country: string;
  /** Set from the shipping step on. */
  shipping?: number;
  taxRate: number;
  /** Set on checkout_completed. */
  orderId?: string;
  isFirstOrder?: boolean;
}

export function checkoutTotals(info: CheckoutInfo): { subtotal: number; tax: number; total: number } {
  const subtotal = round2(info.lines.reduce((a, l) => a + l.product.price * l.qty, 0));
  const tax = round2(subtotal * info.taxRate);
  return { subtotal, tax, total: round2(subtotal + tax + (info.shipping ?? 0)) };
}

export function checkout(info: CheckoutInfo): Checkout {
  const c = info.currency;
  const { subtotal, tax, total } = checkoutTotals(info);
  const lineItems: CheckoutLineItem[] = info.lines.map((l, k) => ({
    discountAllocations: [],
    finalLinePrice: money(l.product.price * l.qty, c),
    id: `${info.token.slice(0, 8)}-${k + 1}`,
    properties: [],
    quantity: l.qty,
    sellingPlanAllocation: null,
    title: l.product.title,
    variant: productVariant(l.product, l.variant, c),
  }));
  return {
    attributes: [],
    billingAddress: null,
    buyerAcceptsEmailMarketing: false,
    buyerAcceptsSmsMarketing: false,
    currencyCode: c,
    delivery:
      info.shipping === undefined
        ? null
        : {
            selectedDeliveryOptions: [
              {
                cost: money(info.shipping, c),
                costAfterDiscounts: money(info.shipping, c),
                description: null,
                handle: info.shipping === 0 ? 'free-shipping' : 'standard',
                title: info.shipping === 0 ? 'Free shipping' : 'Standard',
                type: 'shipping',
              },
            ],
          },
    discountApplications: [],
    discountsAmount: money(0, c),
    email: null,
    lineItems,
    localization: { country: { isoCode: info.country }, language: { isoCode: 'en' }, market: { handle: info.country.toLowerCase(), id: `gid://shopify/Market/${info.country === 'US' ? 1 : 2}` } },
    order: info.orderId ? { customer: { id: null, isFirstOrder: info.isFirstOrder ?? true }, id: info.orderId } : null,
    phone: null,
    shippingAddress: null,
    shippingLine: info.shipping === undefined ? null : { price: money(info.shipping, c) },
    smsMarketingPhone: null,
    subtotalPrice: money(subtotal, c),
    token: info.token,
    totalPrice: money(total, c),
    totalTax: money(tax, c),
    transactions: info.orderId ? [{ amount: money(total, c), gateway: 'shopify_payments', paymentMethod: { name: 'visa', type: 'creditCard' } }] : [],
  };
}

function base(env: Envelope, ctx: Context) {
  return { clientId: env.clientId, context: ctx, id: env.id, seq: env.seq, timestamp: env.timestamp, type: STANDARD };
}

export const build = {
  pageViewed: (env: Envelope, ctx: Context): PixelEventsPageViewed => ({ ...base(env, ctx), name: 'page_viewed', data: {} }),
  productViewed: (env: Envelope, ctx: Context, p: SimProduct, variant: number, currency: string): PixelEventsProductViewed => ({
    ...base(env, ctx),
    name: 'product_viewed',
    data: { productVariant: productVariant(p, variant, currency) },
  }),
  collectionViewed: (env: Envelope, ctx: Context, c: SimCollection, products: readonly SimProduct[], currency: string): PixelEventsCollectionViewed => ({
    ...base(env, ctx),
    name: 'collection_viewed',
    data: { collection: { id: c.id, title: c.title, productVariants: products.map((p) => productVariant(p, 0, currency)) } },
  }),
  searchSubmitted: (env: Envelope, ctx: Context, query: string, results: readonly SimProduct[], currency: string): PixelEventsSearchSubmitted => ({
    ...base(env, ctx),
    name: 'search_submitted',
    data: { searchResult: { query, productVariants: results.map((p) => productVariant(p, 0, currency)) } },
  }),
  addedToCart: (env: Envelope, ctx: Context, line: SimLine, currency: string): PixelEventsProductAddedToCart => ({
    ...base(env, ctx),
    name: 'product_added_to_cart',
    data: { cartLine: cartLine(line, currency) },
  }),
  removedFromCart: (env: Envelope, ctx: Context, line: SimLine, currency: string): PixelEventsProductRemovedFromCart => ({
    ...base(env, ctx),
    name: 'product_removed_from_cart',
    data: { cartLine: cartLine(line, currency) },
  }),
  cartViewed: (env: Envelope, ctx: Context, c: Cart | null): PixelEventsCartViewed => ({ ...base(env, ctx), name: 'cart_viewed', data: { cart: c } }),
  checkoutStarted: (env: Envelope, ctx: Context, c: Checkout): PixelEventsCheckoutStarted => ({ ...base(env, ctx), name: 'checkout_started', data: { checkout: c } }),
  contactSubmitted: (env: Envelope, ctx: Context, c: Checkout): PixelEventsCheckoutContactInfoSubmitted => ({
    ...base(env, ctx),
    name: 'checkout_contact_info_submitted',
    data: { checkout: c },
  }),
  addressSubmitted: (env: Envelope, ctx: Context, c: Checkout): PixelEventsCheckoutAddressInfoSubmitted => ({
    ...base(env, ctx),
    name: 'checkout_address_info_submitted',
    data: { checkout: c },
  }),
  shippingSubmitted: (env: Envelope, ctx: Context, c: Checkout): PixelEventsCheckoutShippingInfoSubmitted => ({
    ...base(env, ctx),
    name: 'checkout_shipping_info_submitted',
    data: { checkout: c },
  }),
  paymentSubmitted: (env: Envelope, ctx: Context, c: Checkout): PixelEventsPaymentInfoSubmitted => ({ ...base(env, ctx), name: 'payment_info_submitted', data: { checkout: c } }),
  checkoutCompleted: (env: Envelope, ctx: Context, c: Checkout): PixelEventsCheckoutCompleted => ({ ...base(env, ctx), name: 'checkout_completed', data: { checkout: c } }),
};

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
