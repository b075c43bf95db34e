/**
 * The Quick feedback block on the demo storefront in a real Chromium: the extension's own
 * assets/waymark-feedback.js publishes the answer through Shopify.analytics (the demo's pixel
 * stand-in) to the real POST /ingest, where it is stored masked, on the step of its page; with
 * analytics consent withdrawn nothing is sent and the shopper is told so.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertProducts } from '../../app/catalog/products';
import { ensureShop, type ShopRow } from '../../app/shops/shop-rows';
import { createStorefrontRouter } from '../../app/demo/storefront';
import { chromiumSkipReason, launchChromium, openPage, type LaunchedBrowser } from '../helpers/browser';
import { BROWSER_UA, startTestServer, type TestServer } from '../helpers/server';

const skip = chromiumSkipReason();

describe.skipIf(skip)('Quick feedback block on the demo storefront in Chromium', () => {
  let s: TestServer;
  let http: Server;
  let url: string;
  let shop: ShopRow;
  let chrome: LaunchedBrowser;

  async function eventually<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v) return v;
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    s = await startTestServer();
    shop = await ensureShop(s.db, s.config.devShop!);
    const outer = express();
    outer.use(createStorefrontRouter({ db: s.db, shopDomain: s.config.devShop! }));
    outer.use(s.server.app);
    http = await new Promise<Server>((resolve) => {
      const server = outer.listen(0, '127.0.0.1', () => resolve(server));
    });
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    await upsertProducts(s.db, shop.id, [
      { productId: '8200000001', handle: 'rain-shell', title: 'Rain Shell', productType: 'Jackets', vendor: 'Ridgeline', tags: '', price: 150, available: true, status: 'ACTIVE', isGiftCard: false, imageUrl: null },
    ]);
    chrome = await launchChromium({ userAgent: BROWSER_UA, viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await chrome?.close();
    if (http) await new Promise<void>((resolve) => http.close(() => resolve()));
    await s?.close();
  });

  it('sends the answer with consent: stored masked, with the product and the page it was given on', async () => {
    const { page, pageErrors } = await openPage(chrome);
    await page.goto(`${url}/storefront/products/rain-shell`, { waitUntil: 'load' });
    const form = page.locator('form[data-waymark-feedback]');
    await expect(form.locator('label').innerText()).resolves.toBe('Anything stopping you from buying today?');
    expect(Number(await form.locator('textarea').getAttribute('maxlength'))).toBe(300);
    await form.locator('textarea').fill('Runs small, no size chart. Reach me at jo@example.com');
    await form.locator('button').click();
    await expect(form.locator('[role=status]').innerText()).resolves.toContain('Thank you');
    const row = await eventually(() => s.db.event.findFirst({ where: { shopId: shop.id, name: 'waymark:feedback' } }));
    expect(row.query).toBe('Runs small, no size chart. Reach me at [email]');
    expect(row).toMatchObject({ productId: '8200000001', placement: 'feedback:product', path: '/storefront/products/rain-shell' });
    expect(await form.locator('textarea').isDisabled()).toBe(true);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('sends nothing without analytics consent, and says so', async () => {
    const { page, pageErrors } = await openPage(chrome);
    await page.goto(`${url}/storefront/cart`, { waitUntil: 'load' });
    await page.locator('#waymark-consent').uncheck();
    const form = page.locator('form[data-waymark-feedback]');
    expect(await form.getAttribute('data-placement')).toBe('feedback:cart');
    await form.locator('textarea').fill('Shipping is too expensive');
    await form.locator('button').click();
    await expect(form.locator('[role=status]').innerText()).resolves.toContain('Nothing was sent');
    await page.waitForTimeout(1_000);
    expect(await s.db.event.count({ where: { shopId: shop.id, name: 'waymark:feedback', placement: 'feedback:cart' } })).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
