/**
 * The app proxy verifier against @shopify/shopify-api's own `utils.validateHmac` (the
 * oracle): on every query below, valid or not, both must reach the same verdict.
 */
import '@shopify/shopify-api/adapters/node';
import { createHmac } from 'node:crypto';
import { parse as parseQuery, stringify as stringifyQuery } from 'node:querystring';
import { ApiVersion, LogSeverity, shopifyApi } from '@shopify/shopify-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppProxyVerifier, type ProxyQuery } from '../../../../app/auth/app-proxy-signature';
import { seededRandom } from '../../../../ml/random/seeded';

const SECRET = 'proxy-secret-0123456789';
const NOW_MS = Date.UTC(2026, 11, 5, 12, 0, 0);
const NOW_SEC = NOW_MS / 1000;

const shopify = shopifyApi({
  apiKey: 'key',
  apiSecretKey: SECRET,
  hostName: 'waymark.test',
  apiVersion: ApiVersion.October26,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error, log: async () => {} },
});

async function oracle(query: ProxyQuery): Promise<boolean> {
  try {
    return await shopify.utils.validateHmac(query as Record<string, string>, { signator: 'appProxy' });
  } catch {
    return false; // the library throws for malformed queries: a refusal
  }
}

const verify = createAppProxyVerifier(SECRET, () => NOW_MS);

/** Shopify's signing rule, written independently of both verifiers: sorted by code unit. */
function sign(query: ProxyQuery, secret = SECRET, order: (a: string, b: string) => number = (a, b) => (a < b ? -1 : a > b ? 1 : 0)): string {
  const message = Object.keys(query)
    .filter((k) => k !== 'signature' && k !== 'hmac')
    .sort(order)
    .map((k) => {
      const v = query[k];
      return `${k}=${Array.isArray(v) ? v.join(',') : v}`;
    })
    .join('');
  return createHmac('sha256', secret).update(message).digest('hex');
}

const NAMES = ['path_prefix', 'placement', 'product_id', 'recent', 'logged_in_customer_id', 'a', 'B', 'b', '_x', 'a_b', 'a-b', 'aB', 'Ab', 'é', 'z9', '10', '9'];
const VALUES = ['', '1', 'recommended', '/apps/waymark', '12,34', 'a=b', 'x&y', 'äöü', '漢字', ' spaced ', '+', '%41', 'null'];

function randomQuery(r: () => number): ProxyQuery {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const query: ProxyQuery = { shop: 'proxy.myshopify.com', timestamp: String(NOW_SEC - 30 + Math.floor(r() * 60)) };
  const n = 1 + Math.floor(r() * 6);
  for (let i = 0; i < n; i++) {
    const name = pick(NAMES);
    // Some parameters repeat: Shopify joins their values with commas.
    query[name] = r() < 0.2 ? [pick(VALUES), pick(VALUES)] : pick(VALUES);
  }
  return query;
}

/** Ways a query can go wrong, each applied to a correctly signed one. */
const MUTATIONS: Array<[string, (q: ProxyQuery) => ProxyQuery]> = [
  ['unchanged', (q) => q],
  ['a value changed', (q) => ({ ...q, shop: 'other.myshopify.com' })],
  ['a parameter added', (q) => ({ ...q, extra: '1' })],
  ['a parameter removed', (q) => Object.fromEntries(Object.entries(q).filter(([k]) => k !== 'timestamp' && k !== Object.keys(q)[2]))],
  ['signature in upper case', (q) => ({ ...q, signature: String(q.signature).toUpperCase() })],
  ['signature truncated', (q) => ({ ...q, signature: String(q.signature).slice(0, 63) })],
  ['no signature', (q) => Object.fromEntries(Object.entries(q).filter(([k]) => k !== 'signature'))],
  ['empty signature', (q) => ({ ...q, signature: '' })],
  ['signature twice', (q) => ({ ...q, signature: [String(q.signature), String(q.signature)] })],
  ['shop twice', (q) => ({ ...q, shop: ['a.myshopify.com', 'b.myshopify.com'] })],
  ['hmac parameter alongside', (q) => ({ ...q, hmac: 'deadbeef' })],
  ['hmac twice', (q) => ({ ...q, hmac: ['1', '2'] })],
];

describe('app proxy signature verification', () => {
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW_MS);
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  it('accepts what Shopify signs and refuses what it does not, exactly as @shopify/shopify-api does', async () => {
    const r = seededRandom(42); // seeded: a failure names a reproducible case
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      const base = randomQuery(r);
      // Signed with code-unit order, or with localeCompare order (which the library uses): where
      // the two orders differ, exactly one of them is what the library accepts.
      const order = i % 2 ? undefined : (a: string, b: string) => a.localeCompare(b);
      const signed = { ...base, signature: sign(base, SECRET, order) };
      for (const [name, mutate] of MUTATIONS) {
        // Through a real query string, as the request handler sees it.
        const query = parseQuery(stringifyQuery(mutate(signed) as Record<string, string | string[]>)) as ProxyQuery;
        const expected = await oracle(query);
        expect({ case: i, name, query, verdict: verify(query).ok }).toEqual({ case: i, name, query, verdict: expected });
        if (expected) accepted++;
        else refused++;
      }
    }
    // Both outcomes are well represented: the comparison is not between two constant answers.
    expect(accepted).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(3000);
  });

  it.each([
    ['89 s old', NOW_SEC - 89],
    ['90 s old', NOW_SEC - 90],
    ['91 s old', NOW_SEC - 91],
    ['90 s ahead', NOW_SEC + 90],
    ['91 s ahead', NOW_SEC + 91],
    ['an hour old', NOW_SEC - 3600],
    ['not an integer', '1700000000.5'],
    ['not a number', 'soon'],
    ['empty', ''],
  ])('timestamp %s: same verdict as the library', async (_name, timestamp) => {
    const base: ProxyQuery = { shop: 'proxy.myshopify.com', path_prefix: '/apps/waymark', timestamp: String(timestamp) };
    const query = { ...base, signature: sign(base) };
    expect(verify(query).ok).toBe(await oracle(query));
  });

  it('accepts a fresh, correctly signed query and says why it refuses the others', () => {
    const base: ProxyQuery = { shop: 'proxy.myshopify.com', timestamp: String(NOW_SEC), placement: 'recommended' };
    expect(verify({ ...base, signature: sign(base) })).toEqual({ ok: true });
    expect(verify({ ...base, signature: sign(base, 'wrong-secret') })).toEqual({ ok: false, reason: 'invalid signature' });
    expect(verify({ ...base, timestamp: String(NOW_SEC - 600), signature: sign({ ...base, timestamp: String(NOW_SEC - 600) }) })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/tolerance/),
    });
    expect(verify(base)).toMatchObject({ ok: false, reason: expect.stringMatching(/signature/) });
  });
});
