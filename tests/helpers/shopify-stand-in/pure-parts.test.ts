/**
 * The stand-in's pure parts: its app proxy signer against Waymark's own verifier, its
 * session-token check, and how it recognizes the operations Waymark sends.
 */
import { describe, expect, it } from 'vitest';
import { createAppProxyVerifier } from '../../../app/auth/app-proxy-signature';
import { buildAppProxyUrl } from './app-proxy';
import { mintSessionToken, verifySessionToken } from './session-token';
import { parseOperation } from './admin-graphql';
import { parse } from 'node:querystring';

const SECRET = 'unit-secret';
const SHOP = 'unit-shop.myshopify.com';

describe('stand-in app proxy URLs', () => {
  const verify = createAppProxyVerifier(SECRET);
  const query = (url: string) => parse(new URL(url).search.slice(1)) as Record<string, string | string[]>;

  it('are accepted by Waymark verifier, with repeated parameters and a logged-in customer', () => {
    const url = buildAppProxyUrl('http://127.0.0.1:1/apps/waymark', '/recs', { shop: SHOP, loggedInCustomerId: 9, extraParams: { ids: ['3', '1'], Zed: 'x', a: 'y' } }, SECRET);
    expect(verify(query(url))).toEqual({ ok: true });
    expect(new URL(url).pathname).toBe('/apps/waymark/recs');
  });

  it('are refused when signed with another secret or stale', () => {
    expect(verify(query(buildAppProxyUrl('http://h', '/r', { shop: SHOP, secret: 'other' }, SECRET)))).toMatchObject({ ok: false });
    expect(verify(query(buildAppProxyUrl('http://h', '/r', { shop: SHOP, timestamp: 1 }, SECRET)))).toMatchObject({ ok: false });
  });
});

describe('stand-in session tokens', () => {
  const now = Math.floor(Date.now() / 1000);
  it('verify when minted right, and name what is wrong otherwise', () => {
    expect(verifySessionToken(mintSessionToken(SHOP, 'key', SECRET), 'key', SECRET, now)).toMatchObject({ ok: true, claims: { dest: `https://${SHOP}` } });
    expect(verifySessionToken(mintSessionToken(SHOP, 'key', SECRET, { secret: 'x' }), 'key', SECRET, now)).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(verifySessionToken(mintSessionToken(SHOP, 'key', SECRET, { expiresInSec: -60 }), 'key', SECRET, now)).toEqual({ ok: false, reason: 'expired' });
    expect(verifySessionToken(mintSessionToken(SHOP, 'key', SECRET, { aud: 'other' }), 'key', SECRET, now)).toEqual({ ok: false, reason: 'audience mismatch' });
    expect(verifySessionToken(mintSessionToken(SHOP, 'key', SECRET, { alg: 'none' }), 'key', SECRET, now)).toEqual({ ok: false, reason: 'unsupported alg' });
    expect(verifySessionToken(mintSessionToken(SHOP, 'key', SECRET, { nbf: now + 600 }), 'key', SECRET, now)).toEqual({ ok: false, reason: 'not yet valid' });
  });
});

describe('stand-in operation recognition', () => {
  it('finds the operation name and root field of named and anonymous documents', () => {
    expect(parseOperation('query WaymarkPixel { webPixel { id settings } }')).toEqual({ operationName: 'WaymarkPixel', rootField: 'webPixel', kind: 'query' });
    expect(parseOperation('mutation WaymarkPixelUpdate($id: ID!, $webPixel: WebPixelInput!) {\n  webPixelUpdate(id: $id, webPixel: $webPixel) { webPixel { id } }\n}'))
      .toEqual({ operationName: 'WaymarkPixelUpdate', rootField: 'webPixelUpdate', kind: 'mutation' });
    expect(parseOperation('{ products(first: 1) { nodes { id } } }')).toEqual({ operationName: 'products', rootField: 'products', kind: 'query' });
    expect(parseOperation('query { p: products(first: 1) { nodes { id } } }', 'Named')).toEqual({ operationName: 'Named', rootField: 'products', kind: 'query' });
  });
});
