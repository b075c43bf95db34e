import { describe, expect, it } from 'vitest';
import { classifyStep, collapseSteps, JOURNEY_STEPS, pathWithLanding, stepFromPath } from '../../../../ml/data/journey-step';
import type { JourneyEvent } from '../../../../app/api-contract/ingest';

const ev = (name: JourneyEvent['name'], path?: string) => ({ name, path });

describe('classifyStep', () => {
  it('maps event names to funnel steps', () => {
    expect(classifyStep(ev('product_viewed'))).toBe('product');
    expect(classifyStep(ev('collection_viewed'))).toBe('collection');
    expect(classifyStep(ev('search_submitted'))).toBe('search');
    expect(classifyStep(ev('product_added_to_cart'))).toBe('cart');
    expect(classifyStep(ev('product_removed_from_cart'))).toBe('cart');
    expect(classifyStep(ev('cart_viewed'))).toBe('cart');
    expect(classifyStep(ev('checkout_started'))).toBe('checkout');
    expect(classifyStep(ev('checkout_contact_info_submitted'))).toBe('checkout_contact');
    expect(classifyStep(ev('checkout_address_info_submitted'))).toBe('checkout_address');
    expect(classifyStep(ev('checkout_shipping_info_submitted'))).toBe('checkout_shipping');
    expect(classifyStep(ev('payment_info_submitted'))).toBe('checkout_payment');
    expect(classifyStep(ev('checkout_completed'))).toBe('purchase');
    expect(classifyStep(ev('waymark:rec_click'))).toBe('other');
  });

  it('classifies page_viewed by Shopify URL scheme, with locale prefixes', () => {
    expect(classifyStep(ev('page_viewed', '/'))).toBe('home');
    expect(stepFromPath('/fr-ca')).toBe('home');
    expect(stepFromPath('/collections/tents')).toBe('collection');
    expect(stepFromPath('/en/collections/tents/products/alpine-tent')).toBe('product');
    expect(stepFromPath('/products/alpine-tent')).toBe('product');
    expect(stepFromPath('/search')).toBe('search');
    expect(stepFromPath('/cart')).toBe('cart');
    expect(stepFromPath('/checkouts/cn/:token/information')).toBe('checkout');
    expect(stepFromPath('/checkouts/cn/:token/thank-you')).toBe('purchase');
    expect(stepFromPath('/pages/about-us')).toBe('other');
    expect(stepFromPath(undefined)).toBe('other');
  });

  it('never returns landing; landing is the synthetic root', () => {
    for (const name of ['page_viewed', 'product_viewed', 'checkout_completed'] as const) expect(classifyStep(ev(name, '/'))).not.toBe('landing');
    expect(JOURNEY_STEPS[0]).toBe('landing');
    expect(pathWithLanding(['product', 'cart'])).toEqual(['landing', 'product', 'cart']);
    expect(collapseSteps(['product', 'product', 'cart', 'product'])).toEqual(['product', 'cart', 'product']);
  });
});
