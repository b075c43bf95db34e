/**
 * Bad input answers 4xx in one shape, `{ error: { code, message, fields? } }` (app/problem.ts),
 * from every endpoint family: the admin API (its zod-validated queries and bodies, analytics,
 * the JSON parser, unknown ids), OAuth, the app proxy, ingest, webhooks and unknown paths.
 * Local mode with the demo storefront mounted, as `npm run demo` does (the dev bypass answers /api and the app proxy from loopback). Issue #12,
 * finding 9: these used to answer 500; the credentialed cases (/auth, session tokens whose
 * dest is not a URL) are in the fuzzer's fixed regressions (tests/integration/fuzz.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, startTestServer, type TestServer } from '../helpers/server';
import { ensureShop } from '../../app/shops/shop-rows';
import { PROBLEM_CODES } from '../../app/problem';

/** Asserts the one error shape; returns the problem. */
async function problem(res: Response, status: number, code: string, field?: string) {
  expect(res.status, res.url).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; fields?: Array<{ path: string; message: string }> } };
  expect(Object.keys(body.error).every((k) => ['code', 'message', 'fields'].includes(k)), JSON.stringify(body)).toBe(true);
  expect(PROBLEM_CODES).toContain(body.error.code);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  if (field) {
    expect(body.error.fields?.[0]?.path, JSON.stringify(body)).toBe(field);
    expect(body.error.message.startsWith(`${field}: `)).toBe(true);
  }
  return body.error;
}

describe('bad input answers 4xx in one shape, never 5xx', () => {
  let s: TestServer;
  const json = (method: string, body: string) => ({ method, headers: { 'content-type': 'application/json' }, body });
  beforeAll(async () => {
    s = await startTestServer({ storefront: true });
    await ensureShop(s.db, s.config.devShop!);
  });
  afterAll(() => s.close());

  it('a malformed demo cart cookie is an empty cart, not a 500', async () => {
    for (const cookie of ['waymark_demo_cart=%E0%A4%A', 'waymark_demo_cart=%', 'waymark_demo_cart=%ZZ,123']) {
      const res = await fetch(`${s.url}/storefront/cart`, { headers: { cookie } });
      expect(res.status, cookie).toBe(200);
      expect(await res.text()).toContain('</html>');
    }
  });

  it('an impossible date in /api/recommendations/performance is a 400 naming the field', async () => {
    for (const [q, field] of [['from=2024-99-99', 'from'], ['to=2024-02-30', 'to'], ['from=2023-02-29', 'from']]) {
      const err = await problem(await fetch(`${s.url}/api/recommendations/performance?${q}`), 400, 'invalid_input', field);
      expect(err.message).toMatch(/not a valid calendar date/);
    }
    await problem(await fetch(`${s.url}/api/recommendations/performance?from=2024-03-02&to=2024-03-01`), 400, 'invalid_input', 'from');
    expect((await fetch(`${s.url}/api/recommendations/performance?from=2024-02-29&to=2024-03-01`)).status).toBe(200);
  });

  it('the admin API: queries, bodies, path parameters, analytics and the JSON parser', async () => {
    await problem(await fetch(`${s.url}/api/products?limit=0`), 400, 'invalid_input', 'limit');
    await problem(await fetch(`${s.url}/api/settings`, json('PUT', '{"holdoutPercent": 99}')), 400, 'invalid_input', 'holdoutPercent');
    await problem(await fetch(`${s.url}/api/settings`, json('PUT', '{"shop": "x"}')), 400, 'invalid_input', 'body');
    await problem(await fetch(`${s.url}/api/settings`, json('PUT', '{not json')), 400, 'invalid_input');
    await problem(await fetch(`${s.url}/api/data/delete`, json('POST', '{}')), 400, 'invalid_input', 'confirm');
    await problem(await fetch(`${s.url}/api/models/abc/activate`, json('POST', '{}')), 400, 'invalid_input', 'version');
    await problem(await fetch(`${s.url}/api/models/99/activate`, json('POST', '{}')), 404, 'not_found');
    await problem(await fetch(`${s.url}/api/models/cancel`, json('POST', '{}')), 404, 'not_found');
    await problem(await fetch(`${s.url}/api/propensity/train`, json('POST', '{"k": 99}')), 400, 'invalid_input', 'k');
    await problem(await fetch(`${s.url}/api/flow?from=2026-02-01&to=2026-01-01`), 400, 'invalid_input', 'from');
    await problem(await fetch(`${s.url}/api/data-requests/999/download`), 404, 'not_found');
  });

  it('/auth without a shop or with a foreign one is a 400 naming the shop', async () => {
    for (const q of ['', '?shop=evil.com', '?shop=' + encodeURIComponent('https://evil.com')]) {
      const err = await problem(await fetch(`${s.url}/auth${q}`, { redirect: 'manual' }), 400, 'invalid_input', 'shop');
      expect(err.message).toMatch(/myshopify\.com/);
    }
  });

  it('the app proxy, ingest, webhooks and unknown paths', async () => {
    await problem(await fetch(`${s.url}/apps/waymark/recommendations?placement=nowhere`), 400, 'invalid_input', 'placement');
    const post = await fetch(`${s.url}/apps/waymark/recommendations`, { method: 'POST' });
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    await problem(post, 405, 'method_not_allowed');
    await problem(await fetch(`${s.url}/ingest`, { method: 'POST', body: '{not json' }), 400, 'invalid_input', '(root)');
    await problem(await fetch(`${s.url}/ingest`, { method: 'POST', body: JSON.stringify({ shopKey: 'wm_nobody', events: [{ id: 'a', name: 'page_viewed', ts: Date.now(), clientId: 'c' }] }) }), 403, 'forbidden');
    await problem(await postWebhook(s.url, 'app/uninstalled', s.config.devShop!, { id: 1 }, { secret: 'wrong' }), 401, 'unauthorized');
    await problem(await fetch(`${s.url}/no/such/path`), 404, 'not_found');
  });
});
