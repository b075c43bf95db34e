/**
 * Issue #12, finding 9, in local mode with the demo storefront mounted (as `npm run demo`
 * does): inputs that used to answer 500. The credentialed cases (/auth, session tokens whose
 * dest is not a URL, impossible dates) are in the fuzzer's fixed regressions
 * (tests/integration/fuzz.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { ensureShop } from '../../app/shops/shops';

describe('bad input answers 4xx (or is ignored), never 5xx', () => {
  let s: TestServer;
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
    for (const q of ['from=2024-99-99', 'to=2024-02-30', 'from=2023-02-29']) {
      const res = await fetch(`${s.url}/api/recommendations/performance?${q}`);
      expect(res.status, q).toBe(400);
      const body = await res.json();
      expect(body.error).toMatch(/not a valid calendar date/);
    }
    expect((await fetch(`${s.url}/api/recommendations/performance?from=2024-02-29&to=2024-03-01`)).status).toBe(200);
  });

  it('/auth without a shop or with a foreign one is a 400 with a JSON error', async () => {
    for (const q of ['', '?shop=evil.com', '?shop=' + encodeURIComponent('https://evil.com')]) {
      const res = await fetch(`${s.url}/auth${q}`, { redirect: 'manual' });
      expect(res.status, q).toBe(400);
      expect((await res.json()).error).toMatch(/myshopify\.com/);
    }
  });
});
