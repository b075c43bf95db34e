/**
 * Minimal Shopify-shaped events for datasets that carry product/price data
 * (REES46, UCI): built with the official web-pixels types, then mapped by the
 * pixel's own `toJourneyEvent`. Page context is synthesised (no referrer; the
 * path is `/products/<id>` or the checkout path); it only makes the shapes
 * complete, it is not data from the dataset.
 */
import type {
  Checkout,
  CheckoutLineItem,
  Context,
  EventType,
  PixelEventsCheckoutCompleted,
  PixelEventsProductAddedToCart,
  PixelEventsProductRemovedFromCart,
  PixelEventsProductViewed,
  ProductVariant,
} from '@shopify/web-pixels-extension';
import { context } from '../simulator/shopify-events';

const STANDARD = 'standard' as EventType.Standard;
const BROWSER = { userAgent: 'Mozilla/5.0 (replay)', language: 'en-US', innerWidth: 1280, innerHeight: 720, screenWidth: 1280, screenHeight: 800 };

export interface ReplayProduct {
  id: string;
  title: string;
  type?: string;
  vendor?: string;
  price: number;
}

export function replayContext(host: string, path: string): Context {
  return context({ host, path, search: '', referrer: '', title: '' }, BROWSER);
}

export function variantOf(p: ReplayProduct, currency: string): ProductVariant {
  return {
    id: p.id,
    image: null,
    price: { amount: p.price, currencyCode: currency },
    product: { id: p.id, title: p.title, type: p.type ?? null, untranslatedTitle: p.title, url: null, vendor: p.vendor ?? '' },
    sku: null,
    title: null,
    untranslatedTitle: null,
  };
}

interface Env {
  id: string;
  clientId: string;
  ts: number;
  host: string;
}

function envelope(e: Env, path: string) {
  return { id: e.id, clientId: e.clientId, timestamp: new Date(e.ts).toISOString(), seq: 0, type: STANDARD, context: replayContext(e.host, path) };
}

export function productViewed(e: Env, p: ReplayProduct, currency: string): PixelEventsProductViewed {
  return { ...envelope(e, `/products/${p.id}`), name: 'product_viewed', data: { productVariant: variantOf(p, currency) } };
}

export function cartChanged(e: Env, p: ReplayProduct, qty: number, currency: string, removed: boolean): PixelEventsProductAddedToCart | PixelEventsProductRemovedFromCart {
  const cartLine = { cost: { totalAmount: { amount: Math.round(p.price * qty * 100) / 100, currencyCode: currency } }, merchandise: variantOf(p, currency), quantity: qty };
  const base = envelope(e, `/products/${p.id}`);
  return removed ? { ...base, name: 'product_removed_from_cart', data: { cartLine } } : { ...base, name: 'product_added_to_cart', data: { cartLine } };
}

export function checkoutCompleted(e: Env, orderId: string, token: string, lines: Array<{ product: ReplayProduct; qty: number }>, currency: string): PixelEventsCheckoutCompleted {
  const money = (amount: number) => ({ amount: Math.round(amount * 100) / 100, currencyCode: currency });
  const total = lines.reduce((a, l) => a + l.product.price * l.qty, 0);
  const lineItems: CheckoutLineItem[] = lines.map((l, k) => ({
    discountAllocations: [],
    finalLinePrice: money(l.product.price * l.qty),
    id: String(k + 1),
    properties: [],
    quantity: l.qty,
    sellingPlanAllocation: null,
    title: l.product.title,
    variant: variantOf(l.product, currency),
  }));
  const checkout: Checkout = {
    attributes: [],
    billingAddress: null,
    buyerAcceptsEmailMarketing: false,
    buyerAcceptsSmsMarketing: false,
    currencyCode: currency,
    delivery: null,
    discountApplications: [],
    discountsAmount: null,
    email: null,
    lineItems,
    localization: { country: { isoCode: null }, language: { isoCode: 'en' }, market: { handle: null, id: null } },
    order: { customer: null, id: orderId },
    phone: null,
    shippingAddress: null,
    shippingLine: null,
    smsMarketingPhone: null,
    subtotalPrice: money(total),
    token,
    totalPrice: money(total),
    totalTax: money(0),
    transactions: [],
  };
  return { ...envelope(e, `/checkouts/cn/${token}/thank-you`), name: 'checkout_completed', data: { checkout } };
}
