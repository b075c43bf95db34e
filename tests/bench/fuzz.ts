/**
 * Hostile-input fuzzing of the public surface, against the real server in its own process
 * with Shopify credentials configured (so no local-mode bypass): POST /ingest,
 * POST /webhooks/*, the app proxy (GET /apps/waymark/recommendations) and /api/*.
 *
 * Each case is generated from a seeded PRNG (same seed, same cases): random bytes,
 * truncated / deeply nested / huge JSON, wrong types, prototype-pollution keys, unicode and
 * NUL, oversized bodies, forged or stale signatures and session tokens, SQL-ish strings,
 * path traversal and header abuse. Expectations: no 5xx, no network error, every 4xx is
 * a JSON body with an `error` string, and the server still answers /healthz at the end.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '../../app/db/client';
import { migrate } from '../../app/db/migrate';
import { ensureShop } from '../../app/shops/shop-rows';
import { seededRandom } from '../../ml/random/seeded';
import { startServerProcess } from './server-process';
import { signedProxyQuery } from './app-proxy-request';
import { startShopifyStandIn, type ShopifyStandIn } from '../helpers/shopify-stand-in';

const API_KEY = 'fuzz-api-key';
const SECRET = 'fuzz-api-secret-0123456789';
const SHOP = 'fuzz-shop.myshopify.com';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

/** The fuzz cases' draws, from the one seeded generator (ml/random/seeded). */
export function prng(seed: number) {
  const next = seededRandom(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    bool: (p = 0.5) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

export interface FuzzCase {
  endpoint: 'ingest' | 'webhooks' | 'proxy' | 'api' | 'other';
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}


/*
 * The server's Shopify is the stand-in (tests/helpers/shopify-stand-in): a correctly signed
 * session token for a shop without a usable offline token (another shop, or the fuzz shop
 * after a fuzzed app/uninstalled webhook) starts a real token exchange, as in production,
 * and any 5xx is a fault.
 */

const HOSTILE_STRINGS = [
  "' OR 1=1 --",
  '"; DROP TABLE "Event"; --',
  "1); DELETE FROM Shop WHERE (1=1",
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%00',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uFFFF\uFFFE',
  '𝕎𝕒𝕪𝕞𝕒𝕣𝕜🧭',
  '\u202Egnp.exe',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:ldap://127.0.0.1/x}',
  '__proto__',
  'constructor',
  'prototype',
  'NaN',
  '-1',
  '1e309',
  '99999999999999999999999999',
  '',
  ' ',
  'x'.repeat(5000),
];

const WRONG_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e309 === Infinity ? 1.7976931348623157e308 : 0,
  -0,
  3.5,
  '',
  'x',
  [],
  [null],
  {},
  { a: 1 },
  '__proto__',
  { __proto__: { polluted: true } },
  Number.MAX_SAFE_INTEGER + 2,
];

function randomBytes(r: Rng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = r.int(256);
  return b;
}

function randomUnicode(r: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const c = r.int(10);
    if (c === 0) s += '\u0000';
    else if (c === 1) s += String.fromCharCode(0xd800 + r.int(0x800)); // lone surrogate
    else if (c === 2) s += String.fromCodePoint(0x1f300 + r.int(500));
    else s += String.fromCharCode(32 + r.int(0x3000));
  }
  return s;
}

function deepNest(depth: number, open: string, close: string, leaf = '1'): string {
  return open.repeat(depth) + leaf + close.repeat(depth);
}

function hostileValue(r: Rng, depth = 0): unknown {
  const c = r.int(depth > 3 ? 3 : 6);
  if (c === 0) return r.pick(HOSTILE_STRINGS);
  if (c === 1) return r.pick(WRONG_VALUES);
  if (c === 2) return randomUnicode(r, 1 + r.int(40));
  if (c === 3) return Array.from({ length: r.int(5) }, () => hostileValue(r, depth + 1));
  if (c === 4) return hostileObject(r, depth + 1);
  return r.int(2 ** 31) * (r.bool() ? -1 : 1);
}

/** JSON text with prototype-pollution keys written literally (JSON.stringify would drop __proto__ as a setter). */
function pollutedJson(r: Rng, inner: string): string {
  const key = r.pick(['__proto__', 'constructor', 'prototype']);
  const payload = key === 'constructor' ? '{"prototype":{"polluted":true,"isAdmin":true}}' : '{"polluted":true,"isAdmin":true,"toString":1}';
  return `{"${key}":${payload},${inner.slice(1)}`;
}

function hostileObject(r: Rng, depth = 0): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = r.int(5);
  for (let i = 0; i < n; i++) o[r.bool(0.3) ? r.pick(HOSTILE_STRINGS) : `k${r.int(100)}`] = hostileValue(r, depth + 1);
  return o;
}

/** A plausible pixel event, then mutated. */
function baseEvent(r: Rng, i: number): Record<string, unknown> {
  return {
    id: `fz-${i}-${r.int(1e9)}`,
    name: r.pick(['page_viewed', 'product_viewed', 'product_added_to_cart', 'checkout_completed', 'search_submitted']),
    ts: Date.now() - r.int(3_600_000),
    clientId: `fz-client-${r.int(50)}`,
    path: '/products/p-1',
    productId: String(1000 + r.int(100)),
    price: 10,
  };
}

function mutateEvent(r: Rng, e: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(e);
  const m = { ...e };
  const times = 1 + r.int(3);
  for (let t = 0; t < times; t++) {
    const op = r.int(5);
    if (op === 0) m[r.pick(keys)] = hostileValue(r);
    else if (op === 1) delete m[r.pick(keys)];
    else if (op === 2) m[r.pick(HOSTILE_STRINGS)] = hostileValue(r);
    else if (op === 3) m.lines = Array.from({ length: r.int(3) ? 2 : 500 }, () => ({ productId: hostileValue(r), quantity: hostileValue(r), price: hostileValue(r) }));
    else m.ts = r.pick([-1, 0, 1e20, '2026-01-01', null, Date.now() + 10 * 86_400_000, 'NaN']);
  }
  return m;
}

interface Ctx {
  shopKey: string;
  r: Rng;
}

function ingestCase(ctx: Ctx, i: number): FuzzCase {
  const { r } = ctx;
  const key = r.pick([ctx.shopKey, ctx.shopKey, 'nope', '', hostileValue(r)]);
  const events = () => Array.from({ length: 1 + r.int(5) }, (_, k) => mutateEvent(r, baseEvent(r, i * 10 + k)));
  const kinds = [
    'random-bytes',
    'truncated-json',
    'deep-array',
    'deep-object',
    'wrong-types',
    'proto-pollution',
    'unicode-nul',
    'oversized',
    'many-events',
    'sqlish',
    'empty',
    'header-abuse',
  ] as const;
  const kind = r.pick(kinds);
  const headers: Record<string, string> = { 'content-type': 'text/plain', 'user-agent': UA };
  let body: string | Uint8Array;
  switch (kind) {
    case 'random-bytes':
      body = randomBytes(r, 1 + r.int(4000));
      break;
    case 'truncated-json': {
      const full = JSON.stringify({ shopKey: ctx.shopKey, events: events() });
      body = full.slice(0, r.int(full.length));
      break;
    }
    case 'deep-array':
      body = `{"shopKey":${JSON.stringify(ctx.shopKey)},"events":${deepNest(1000 + r.int(20_000), '[', ']')}}`;
      break;
    case 'deep-object':
      body = `{"shopKey":${JSON.stringify(ctx.shopKey)},"events":[${deepNest(1000 + r.int(20_000), '{"a":', '}')}]}`;
      break;
    case 'wrong-types':
      body = JSON.stringify(r.pick([{ shopKey: hostileValue(r), events: hostileValue(r) }, [ctx.shopKey], 'string', 42, null, { shopKey: key, events: { 0: baseEvent(r, i) } }]));
      break;
    case 'proto-pollution':
      body = pollutedJson(r, JSON.stringify({ shopKey: ctx.shopKey, events: events() }));
      break;
    case 'unicode-nul':
      body = JSON.stringify({ shopKey: key, events: events().map((e) => ({ ...e, path: randomUnicode(r, 50), title: randomUnicode(r, 30) })) });
      break;
    case 'oversized':
      body = JSON.stringify({ shopKey: ctx.shopKey, events: [{ ...baseEvent(r, i), path: 'x'.repeat(300_000 + r.int(1_500_000)) }] });
      break;
    case 'many-events':
      body = JSON.stringify({ shopKey: ctx.shopKey, events: Array.from({ length: 501 + r.int(1000) }, (_, k) => ({ id: `m${k}`, name: 'page_viewed' })) });
      break;
    case 'sqlish':
      body = JSON.stringify({ shopKey: r.pick(HOSTILE_STRINGS), events: events().map((e) => ({ ...e, id: r.pick(HOSTILE_STRINGS), productId: r.pick(HOSTILE_STRINGS), clientId: r.pick(HOSTILE_STRINGS) })) });
      break;
    case 'empty':
      body = r.pick(['', '{}', '[]', 'null', '""', ' ']);
      break;
    case 'header-abuse':
      Object.assign(headers, r.pick([
        { 'content-type': 'application/json; charset=utf-1024' },
        { 'content-encoding': 'gzip' },
        { 'content-encoding': 'x-unknown' },
        { 'content-type': 'multipart/form-data; boundary=----x' },
        { 'user-agent': 'x'.repeat(8000) },
        { 'x-forwarded-for': '127.0.0.1, 10.0.0.1', 'x-real-ip': '::1' },
      ]));
      body = JSON.stringify({ shopKey: ctx.shopKey, events: events() });
      break;
  }
  return { endpoint: 'ingest', kind, method: 'POST', path: '/ingest', headers, body };
}

function webhookHmac(body: string | Uint8Array): string {
  return createHmac('sha256', SECRET).update(body).digest('base64');
}

function webhookCase(ctx: Ctx, i: number): FuzzCase {
  const { r } = ctx;
  const topics = ['app/uninstalled', 'products/update', 'products/create', 'products/delete', 'customers/redact', 'customers/data_request', 'shop/redact', 'orders/create', '../../etc', '__proto__', 'constructor'];
  const topic = r.pick(topics);
  const kind = r.pick(['forged-hmac', 'no-hmac', 'valid-hmac-hostile-json', 'valid-hmac-bytes', 'valid-hmac-truncated', 'valid-hmac-proto', 'path-traversal', 'oversized', 'deep-json', 'header-abuse'] as const);
  // products/* with the real shop would upsert garbage: fine, it is what a forged-but-signed payload would do.
  const shop = r.pick([SHOP, SHOP, 'evil.example.com', '', '../x.myshopify.com', 'other-shop.myshopify.com']);
  let body: string | Uint8Array = JSON.stringify(r.bool(0.5) ? hostileObject(r) : { id: hostileValue(r), title: hostileValue(r), variants: hostileValue(r), customer: hostileValue(r), shop_domain: shop });
  let path = `/webhooks/${topic.replace('/', '_')}`;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': UA,
    'x-shopify-topic': topic,
    'x-shopify-shop-domain': shop,
    'x-shopify-api-version': '2026-10',
    'x-shopify-webhook-id': `fz-wh-${i}`,
  };
  let sign = true;
  switch (kind) {
    case 'forged-hmac':
      headers['x-shopify-hmac-sha256'] = r.pick([createHmac('sha256', 'wrong-secret').update(body).digest('base64'), 'AAAA', '', '=====', randomUnicode(r, 5).replace(/[^\x20-\x7e]/g, '?')]);
      sign = false;
      break;
    case 'no-hmac':
      sign = false;
      break;
    case 'valid-hmac-hostile-json':
      break;
    case 'valid-hmac-bytes':
      body = randomBytes(r, 1 + r.int(2000));
      break;
    case 'valid-hmac-truncated':
      body = (body as string).slice(0, r.int((body as string).length));
      break;
    case 'valid-hmac-proto':
      body = pollutedJson(r, JSON.stringify({ id: 1, title: 't', shop_domain: SHOP }));
      break;
    case 'path-traversal':
      path = r.pick(['/webhooks/../../etc/passwd', '/webhooks/..%2f..%2fetc%2fpasswd', '/webhooks/%2e%2e/%2e%2e/', '/webhooks/a/b/c/d/e/f', '/webhooks/%00', '/webhooks/%ff%fe', '/webhooks/' + 'a/'.repeat(500)]);
      break;
    case 'oversized':
      body = JSON.stringify({ id: 1, title: 'x'.repeat(1_100_000 + r.int(500_000)) });
      break;
    case 'deep-json':
      body = deepNest(5_000 + r.int(50_000), '[', ']');
      break;
    case 'header-abuse':
      Object.assign(headers, r.pick([
        { 'x-shopify-topic': '' },
        { 'x-shopify-shop-domain': 'x'.repeat(4000) },
        { 'content-encoding': 'deflate' },
        { 'content-type': 'text/plain; charset=bogus' },
        { 'x-shopify-api-version': '1999-01' },
      ]));
      break;
  }
  if (sign) headers['x-shopify-hmac-sha256'] = webhookHmac(body);
  return { endpoint: 'webhooks', kind, method: 'POST', path, headers, body };
}

function proxyQuery(params: Record<string, string>, opts: { secret?: string; timestamp?: number; sign?: boolean } = {}): string {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  if (opts.sign === false) return new URLSearchParams({ ...params, timestamp: String(timestamp) }).toString();
  return signedProxyQuery(opts.secret ?? SECRET, params, { timestamp });
}

function proxyCase(ctx: Ctx): FuzzCase {
  const { r } = ctx;
  const hostileStr = () => String(r.bool(0.5) ? r.pick(HOSTILE_STRINGS) : randomUnicode(r, 1 + r.int(30)));
  const params: Record<string, string> = {
    shop: r.pick([SHOP, SHOP, SHOP, 'other.myshopify.com', hostileStr()]),
    path_prefix: '/apps/waymark',
    placement: r.pick(['recommended', 'also_like', 'bought_together', hostileStr()]),
  };
  const kind = r.pick(['valid-hostile-params', 'forged-signature', 'stale-signature', 'no-signature', 'duplicate-params', 'path-traversal', 'huge-query', 'proto-params'] as const);
  if (r.bool()) params.product_id = r.pick(['1001', hostileStr()]);
  if (r.bool()) params.recent = r.pick(['1001,1002', hostileStr(), Array.from({ length: 400 }, (_, k) => String(k)).join(',')]);
  if (r.bool()) params.limit = r.pick(['8', '0', '-5', '1e9', 'NaN', hostileStr()]);
  if (r.bool()) params.visitor = r.pick(['v1', hostileStr()]);
  let qs: string;
  let path = '/apps/waymark/recommendations';
  switch (kind) {
    case 'valid-hostile-params':
      qs = proxyQuery(params);
      break;
    case 'forged-signature':
      qs = proxyQuery(params, { secret: 'not-the-secret' });
      break;
    case 'stale-signature':
      qs = proxyQuery(params, { timestamp: Math.floor(Date.now() / 1000) - 3600 - r.int(1e6) });
      break;
    case 'no-signature':
      qs = proxyQuery(params, { sign: false });
      break;
    case 'duplicate-params':
      qs = `${proxyQuery(params)}&shop=evil.myshopify.com&placement=recommended&signature=${r.pick(['', 'abc', '0'.repeat(64)])}`;
      break;
    case 'path-traversal':
      qs = proxyQuery(params);
      path = r.pick(['/apps/waymark/recommendations/../../etc/passwd', '/apps/waymark/..%2f..%2fapi%2fshop', '/apps/waymark/recommendations%00', '/apps/%2e%2e/api/settings', '/apps/waymark/recommendations/..']);
      break;
    case 'huge-query':
      qs = proxyQuery({ ...params, recent: 'x'.repeat(6000 + r.int(4000)) });
      break;
    case 'proto-params':
      qs = `${proxyQuery(params)}&__proto__[polluted]=1&constructor[prototype][x]=1&hasOwnProperty=1`;
      break;
  }
  return { endpoint: 'proxy', kind, method: 'GET', path: `${path}?${qs}`, headers: { 'user-agent': UA } };
}

function b64url(s: string): string {
  return Buffer.from(s).toString('base64url');
}

function jwt(payload: Record<string, unknown>, secret = SECRET, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const h = b64url(JSON.stringify(header));
  const p = b64url(JSON.stringify(payload));
  return `${h}.${p}.${createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')}`;
}

function claims(shop: string, overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return { iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: API_KEY, sub: '1', exp: now + 60, nbf: now - 5, iat: now - 5, jti: 'j', sid: 's', ...overrides };
}

function apiCase(ctx: Ctx): FuzzCase {
  const { r } = ctx;
  const kind = r.pick(['no-token', 'forged-token', 'expired-token', 'alg-none', 'wrong-aud', 'garbage-token', 'other-shop', 'valid-hostile-body', 'valid-hostile-query', 'valid-deep-json', 'valid-oversized', 'path-traversal'] as const);
  const now = Math.floor(Date.now() / 1000);
  let token: string | undefined;
  switch (kind) {
    case 'no-token':
      break;
    case 'forged-token':
      token = jwt(claims(SHOP), 'wrong-secret');
      break;
    case 'expired-token':
      token = jwt(claims(SHOP, { exp: now - 10 - r.int(1e6), nbf: now - 2e6 }));
      break;
    case 'alg-none':
      token = `${b64url('{"alg":"none","typ":"JWT"}')}.${b64url(JSON.stringify(claims(SHOP)))}.`;
      break;
    case 'wrong-aud':
      token = jwt(claims(SHOP, { aud: r.pick(['other-app', '', null, ['x']]) }));
      break;
    case 'garbage-token':
      token = r.pick(['a.b.c', '...', 'x'.repeat(6000), b64url(randomUnicode(r, 40)), `${b64url('{"alg":"HS256"}')}.${b64url('not json')}.sig`]);
      break;
    case 'other-shop':
      token = jwt(claims(r.pick(['other.myshopify.com', 'evil.example.com', '127.0.0.1', `${SHOP}.evil.com`, 'x'.repeat(300)])));
      break;
    default:
      token = jwt(claims(SHOP));
  }
  const gets = ['/api/shop', '/api/settings', '/api/models', '/api/journey-map', '/api/flow', '/api/funnel', '/api/dwell', '/api/paths', '/api/search', '/api/insights', '/api/headline', '/api/recommendations/performance', '/api/nope'];
  const headers: Record<string, string> = { 'user-agent': UA };
  if (token !== undefined) headers.authorization = r.pick([`Bearer ${token}`, `Bearer ${token}`, `bearer  ${token}`, `Basic ${token}`, token]);
  if (kind === 'valid-hostile-body' || kind === 'valid-deep-json' || kind === 'valid-oversized' || ((kind === 'forged-token' || kind === 'no-token') && r.bool())) {
    headers['content-type'] = r.pick(['application/json', 'application/json', 'application/json; charset=latin1', 'text/plain']);
    let body: string;
    if (kind === 'valid-deep-json') body = deepNest(2_000 + r.int(30_000), '{"merchandising":', '}', '{}');
    else if (kind === 'valid-oversized') body = JSON.stringify({ merchandising: { pins: ['x'.repeat(200_000)] } });
    else {
      const obj = r.pick([
        hostileObject(r),
        { sessionGapMinutes: hostileValue(r), retentionDays: hostileValue(r), holdoutPercent: hostileValue(r) },
        { merchandising: { exclusions: hostileValue(r), pins: hostileValue(r) } },
        { confirm: r.pick(HOSTILE_STRINGS) },
      ]);
      body = r.bool(0.3) ? pollutedJson(r, JSON.stringify(obj).startsWith('{') && JSON.stringify(obj) !== '{}' ? JSON.stringify(obj) : '{"a":1}') : r.bool(0.1) ? JSON.stringify(obj).slice(0, 7) : JSON.stringify(obj);
    }
    // data/delete only with a body that cannot confirm; models/retrain and cancel are harmless.
    const path = r.pick(['/api/settings', '/api/settings', '/api/data/delete', '/api/models/retrain', '/api/models/cancel']);
    return { endpoint: 'api', kind, method: path === '/api/settings' ? 'PUT' : 'POST', path, headers, body };
  }
  let path = r.pick(gets);
  if (kind === 'valid-hostile-query') {
    const q = new URLSearchParams();
    for (const k of ['range', 'from', 'to', 'device', 'anchor', 'steps', 'depth', 'limit', 'outcome', 'detail', 'top', 'expand', 'compare', '__proto__', 'constructor']) {
      if (r.bool(0.4)) q.set(k, String(r.bool(0.5) ? r.pick(HOSTILE_STRINGS) : hostileValue(r)));
    }
    path += `?${q.toString()}${r.bool(0.2) ? '&range=7d&range=30d' : ''}`;
  }
  if (kind === 'path-traversal') path = r.pick(['/api/../../etc/passwd', '/api/%2e%2e/%2e%2e/etc/passwd', '/api/..%2f..%2fserver.ts', '/api/shop%00', '/api/' + '../'.repeat(50)]);
  return { endpoint: 'api', kind, method: 'GET', path, headers };
}

/**
 * Fixed regressions (issue #12, finding 9): inputs that once answered 500. Run before the
 * seeded cases, under endpoint 'other'.
 */
export function regressionCases(): FuzzCase[] {
  const get = (kind: string, path: string, headers: Record<string, string> = {}): FuzzCase => ({ endpoint: 'other', kind, method: 'GET', path, headers: { 'user-agent': UA, ...headers } });
  const bearer = (payload: Record<string, unknown>) => ({ authorization: `Bearer ${jwt(payload)}` });
  const noDest = claims(SHOP) as Record<string, unknown>;
  delete noDest.dest;
  return [
    get('perf-impossible-date', '/api/recommendations/performance?from=2024-99-99', bearer(claims(SHOP))),
    get('perf-impossible-date', '/api/recommendations/performance?from=2024-02-30&to=2024-13-01', bearer(claims(SHOP))),
    get('auth-no-shop', '/auth'),
    get('auth-foreign-shop', '/auth?shop=evil.com'),
    get('auth-foreign-shop', '/auth?shop=evil.com&shop=x'),
    get('auth-foreign-shop', '/auth?shop=' + encodeURIComponent('https://evil.com/x')),
    get('token-no-dest', '/api/shop', bearer(noDest)),
    get('token-dest-not-url', '/api/shop', bearer(claims(SHOP, { dest: 'not a url' }))),
    get('token-dest-not-string', '/api/shop', bearer(claims(SHOP, { dest: 12345 }))),
    get('token-dest-not-string', '/api/shop', bearer(claims(SHOP, { dest: { href: `https://${SHOP}` } }))),
  ];
}

/** The deterministic case list for a seed. */
export function* fuzzCases(seed: number, count: number, shopKey: string): Generator<FuzzCase> {
  const r = prng(seed);
  const ctx = { shopKey, r };
  for (let i = 0; i < count; i++) {
    const which = i % 4;
    if (which === 0) yield ingestCase(ctx, i);
    else if (which === 1) yield webhookCase(ctx, i);
    else if (which === 2) yield proxyCase(ctx);
    else yield apiCase(ctx);
  }
}

export interface FuzzFailure {
  index: number;
  endpoint: string;
  kind: string;
  method: string;
  path: string;
  status: number | 'network';
  problem: string;
  body: string;
}

export interface FuzzResult {
  seed: number;
  cases: number;
  seconds: number;
  byStatus: Record<string, number>;
  byEndpoint: Record<string, Record<string, number>>;
  byKind: Record<string, number>;
  serverErrors: number;
  /** 503 + Retry-After because the token exchange could not reach Shopify (see UPSTREAM_UNAVAILABLE) */
  networkErrors: number;
  non4xxJson: number;
  failures: FuzzFailure[];
  healthyAtEnd: boolean;
  processAlive: boolean;
  serverRssMb: number;
  /** the server's stderr tail when it died */
  serverStderr?: string;
}

export async function runFuzz(opts: { count?: number; seed?: number; concurrency?: number; log?: (m: string) => void } = {}): Promise<FuzzResult> {
  const count = opts.count ?? 10_000;
  const seed = opts.seed ?? 20261127;
  const log = opts.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'waymark-fuzz-'));
  const url = `file:${join(dir, 'fuzz.sqlite')}`;
  let standIn: ShopifyStandIn | undefined;
  try {
    await migrate({ url });
    const db = createDb({ url });
    const shop = await ensureShop(db, SHOP);
    // Installed with a usable expiring offline token, as a live shop is: valid session tokens
    // then need no token exchange (Shopify is unreachable from here: that would be a 503).
    await db.shopifySession.create({
      data: { id: `offline_${SHOP}`, shop: SHOP, state: '', accessToken: 'shpat_fuzz', refreshToken: 'shprt_fuzz', expires: new Date(Date.now() + 24 * 3_600_000), isOnline: false },
    });
    await db.$disconnect();
    standIn = await startShopifyStandIn({ apiKey: API_KEY, apiSecret: SECRET });
    const server = await startServerProcess({
      ...standIn.childEnv(),
      DATABASE_URL: url,
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: SECRET,
      HOST: 'https://waymark.fuzz',
      LOG_LEVEL: process.env.WAYMARK_FUZZ_LOG_LEVEL ?? 'fatal',
    });
    let stderr = '';
    server.child.stderr!.on('data', (d) => (stderr += String(d)).length > 20_000 && (stderr = stderr.slice(-10_000)));
    const byStatus: Record<string, number> = {};
    const byEndpoint: Record<string, Record<string, number>> = {};
    const byKind: Record<string, number> = {};
    const failures: FuzzFailure[] = [];
    let serverErrors = 0;
    let networkErrors = 0;
    let non4xxJson = 0;
    const t0 = performance.now();
    try {
      const it = (function* () {
        yield* regressionCases();
        yield* fuzzCases(seed, count, shop.shopKey);
      })();
      let index = 0;
      const worker = async () => {
        for (;;) {
          const n = it.next();
          if (n.done) return;
          const c = n.value;
          const i = index++;
          byKind[`${c.endpoint}:${c.kind}`] = (byKind[`${c.endpoint}:${c.kind}`] ?? 0) + 1;
          let status: number | 'network';
          let text = '';
          try {
            const res = await fetch(`${server.url}${c.path}`, {
              method: c.method,
              headers: c.headers,
              body: c.body as BodyInit | undefined,
              redirect: 'manual',
              signal: AbortSignal.timeout(30_000),
            });
            status = res.status;
            text = await res.text();
          } catch (e) {
            status = 'network';
            text = String((e as Error).cause ?? e);
          }
          const key = String(status);
          byStatus[key] = (byStatus[key] ?? 0) + 1;
          (byEndpoint[c.endpoint] ??= {})[key] = (byEndpoint[c.endpoint][key] ?? 0) + 1;
          let problem = '';
          if (status === 'network') {
            networkErrors++;
            problem = 'network error';
          } else if (status >= 500) {
            serverErrors++;
            problem = '5xx';
          } else if (status >= 400) {
            try {
              const j = JSON.parse(text) as { error?: { message?: unknown } };
              if (typeof j?.error?.message !== 'string' || !j.error.message) problem = '4xx without an error message';
            } catch {
              problem = '4xx body is not JSON';
            }
            if (problem) non4xxJson++;
          }
          if (problem && failures.length < 50) {
            failures.push({ index: i, endpoint: c.endpoint, kind: c.kind, method: c.method, path: c.path.slice(0, 200), status, problem, body: text.slice(0, 300) });
          }
          if (i % 2000 === 1999) log(`${i + 1} / ${count} cases`);
        }
      };
      await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
      const seconds = (performance.now() - t0) / 1000;
      let healthyAtEnd = false;
      try {
        const h = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
        healthyAtEnd = h.ok && (await h.json()).ok === true;
      } catch {
        healthyAtEnd = false;
      }
      const processAlive = server.child.exitCode === null && server.child.signalCode === null;
      const serverRssMb = processAlive ? Math.round(server.rssBytes() / 2 ** 20) : 0;
      return { seed, cases: count + regressionCases().length, seconds: Math.round(seconds * 10) / 10, byStatus, byEndpoint, byKind, serverErrors, networkErrors, non4xxJson, failures, healthyAtEnd, processAlive, serverRssMb, serverStderr: processAlive && !process.env.WAYMARK_FUZZ_LOG_LEVEL ? undefined : stderr.slice(-6000) };
    } finally {
      await server.stop();
    }
  } finally {
    await standIn?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function fuzzMarkdown(r: FuzzResult): string {
  const statuses = Object.keys(r.byStatus).sort();
  const header = `| endpoint | ${statuses.join(' | ')} | total |`;
  const sep = `|---|${statuses.map(() => '---').join('|')}|---|`;
  const rows = Object.entries(r.byEndpoint).map(([ep, s]) => `| ${ep} | ${statuses.map((k) => (s[k] ?? 0).toLocaleString('en-US')).join(' | ')} | ${Object.values(s).reduce((a, b) => a + b, 0).toLocaleString('en-US')} |`);
  return [
    `${r.cases.toLocaleString('en-US')} seeded cases (seed ${r.seed}) in ${r.seconds} s, 8 concurrent clients, server in its own process with Shopify credentials (no local bypass). ` +
      `**5xx: ${r.serverErrors}; network errors: ${r.networkErrors}; 4xx without a JSON \`error\`: ${r.non4xxJson}; /healthz at the end: ${r.healthyAtEnd ? 'ok' : 'FAILED'}; process alive: ${r.processAlive ? 'yes' : 'NO'}** (server RSS at the end ${r.serverRssMb} MB).`,
    '',
    'Responses by endpoint and status:',
    '',
    header,
    sep,
    ...rows,
    '',
    `Case kinds (count): ${Object.entries(r.byKind)
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}.`,
    ...(r.failures.length ? ['', 'First failures:', '', ...r.failures.slice(0, 10).map((f) => `- #${f.index} ${f.endpoint}/${f.kind} ${f.method} ${f.path.slice(0, 80)} → ${f.status}: ${f.problem} (${f.body.slice(0, 120).replace(/\|/g, '\\|')})`)] : []),
  ].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const count = Number(process.env.WAYMARK_FUZZ_CASES ?? 10_000);
  runFuzz({ count, log: (m) => console.error(m) }).then((r) => {
    console.log(fuzzMarkdown(r));
    if (r.failures.length) console.log(JSON.stringify(r.failures.slice(0, 8), null, 2));
    if (r.serverStderr) console.log(r.serverStderr);
  });
}
