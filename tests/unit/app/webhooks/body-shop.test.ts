import { describe, expect, it } from 'vitest';
import { shopNamedByBody } from '../../../../app/webhooks/body-shop';

describe('shopNamedByBody', () => {
  it.each([
    ['shop/redact', { shop_domain: 'A.myshopify.com' }, { shop: 'a.myshopify.com' }],
    ['SHOP_REDACT', { shop_domain: 'a.myshopify.com' }, { shop: 'a.myshopify.com' }],
    ['customers/redact', { shop_domain: 'a.myshopify.com', customer: { id: 1 } }, { shop: 'a.myshopify.com' }],
    ['customers/data_request', {}, { error: 'body: shop_domain is missing' }],
    ['customers/data_request', { shop_domain: { $ne: 1 } }, { error: 'body: shop_domain is missing' }],
    ['app/uninstalled', { domain: 'www.a.example', myshopify_domain: 'a.myshopify.com' }, { shop: 'a.myshopify.com' }],
    ['app/uninstalled', { domain: 'a.myshopify.com' }, { shop: 'a.myshopify.com' }],
    // The store's own domain is not its shop name.
    ['app/uninstalled', { domain: 'www.a.example' }, { error: 'body: myshopify_domain is missing' }],
    ['products/update', { id: 1, title: 'x' }, { shop: null, reason: 'topic names no shop' }],
    ['app/scopes_update', { current: [] }, { shop: null, reason: 'topic names no shop' }],
  ])('%s %j', (topic, body, expected) => {
    expect(shopNamedByBody(topic, body)).toEqual(expected);
  });
});
