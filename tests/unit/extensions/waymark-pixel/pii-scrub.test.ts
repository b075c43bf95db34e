import { describe, expect, it } from 'vitest';
import { decodeRepeatedly, scrubHost, scrubPath, scrubText } from '../../../../extensions/waymark-pixel/src/pii-scrub';

describe('pii-scrub: the masks shared by the pixel and the server', () => {
  it.each([
    ['email', 'john.doe@example.com', '[email]'],
    ['email inside text', 'order for jane+x@mail.co.uk please', 'order for [email] please'],
    ['percent-encoded email', 'john%40example.com', '[email]'],
    ['double-encoded email', 'john%2540example.com', '[email]'],
    ['triple-encoded email', 'john%252540example.com', '[email]'],
    ['US local phone', 'call 555-123-4567', 'call [phone]'],
    ['US phone with area code in parens', '(555) 123-4567', '[phone]'],
    ['AU mobile', '0412 345 678', '[phone]'],
    ['UK international', '+44 20 7946 0958', '[phone]'],
    ['dotted phone', '555.123.4567', '[phone]'],
    ['grouped card', '4111 1111 1111 1111', '[card]'],
    ['dashed card', '4111-1111-1111-1111', '[card]'],
    ['contiguous card passing Luhn', '4111111111111111', '[card]'],
    ['known key: first_name', 'first_name=John', 'first_name=[redacted]'],
    ['known key: last_name in a query', 'x=1&last_name=Doe&y=2', 'x=1&last_name=[redacted]&y=2'],
    ['known key: name with colon', 'name: Jane Roe', 'name: [redacted]'],
    ['known key: address', 'address1=1 Main St', 'address1=[redacted]'],
    ['known key: email, encoded', 'email%3Dfoo', 'email=[redacted]'],
  ])('masks %s', (_label, input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });

  it.each([
    ['a year', 'summer sale 2024'],
    ['an ISO date', '2024-12-06'],
    ['a Shopify product id', '7234567890123'],
    ['a 14-digit variant id', '44123456789012'],
    ['a SKU', 'SKU-12345'],
    ['a price', '19.99'],
    ['an order number', '#1001'],
    ['a utm campaign', 'black_friday_2025'],
    ['a product name key', 'product_name=Shirt'],
    ['a plain search', 'red shoes size 42'],
    ['a UUID', '550e8400-e29b-41d4-a716-446655440000'],
    ['a 16-digit run failing Luhn', '4111111111111112'],
  ])('keeps %s', (_label, input) => {
    expect(scrubText(input)).toBe(input);
  });

  it('refuses text still encoded after the decoding bound', () => {
    const deep = 'a' + '%25'.repeat(1) + '2525252540b';
    expect(decodeRepeatedly('%2540')).toBe('@');
    expect(decodeRepeatedly('%25252525252540')).toBeUndefined();
    expect(scrubText('x%25252525252540y.com')).toBe('[redacted]');
    expect(typeof scrubText(deep)).toBe('string');
  });

  it('leaves malformed percent-encoding as text rather than throwing', () => {
    expect(scrubText('100%')).toBe('100%');
    expect(scrubText('%E0%A4%A')).toBe('%E0%A4%A');
  });

  it.each([
    ['/products/red-shirt', '/products/red-shirt'],
    ['/search?email=a@b.com', '/search'],
    ['/u/john%40example.com/x', '/u/:redacted/x'],
    ['/u/john%252540example.com', '/u/:redacted'],
    ['/call/555-123-4567', '/call/:redacted'],
    ['/p/first_name=John', '/p/:redacted'],
    ['/account/orders/a1b2c3d4e5', '/account/orders/:token'],
    ['/collections/2024-sale', '/collections/2024-sale'],
    ['products/x', '/products/x'],
  ])('scrubs the path %s', (input, expected) => {
    expect(scrubPath(input)).toBe(expected);
  });

  it.each([
    ['https://user:pw@www.Google.com:443/search?q=x', 'www.google.com:443'],
    ['www.google.com', 'www.google.com'],
    ['john@example.com', 'example.com'],
    ['555-123-4567.example', undefined],
    ['example.com/path', undefined],
    ['exa mple.com', undefined],
  ])('reduces the referrer %s to a host', (input, expected) => {
    expect(scrubHost(input)).toBe(expected);
  });
});
