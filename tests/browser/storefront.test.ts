/**
 * The demo storefront in a real Chromium: the theme extension's blocks reserve their height
 * before data arrives, render cards with catalog titles from the app proxy endpoint, and a
 * click lands in the database as a `waymark:rec_click` event (via Shopify.analytics.publish
 * → the stand-in pixel → POST /ingest).
 *
 * Screenshots go to tests/artifacts/ (git-ignored).
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { upsertProducts, type ProductInput } from '../../app/catalog/products';
import { assignGroup } from '../../app/recs/holdout';
import { ensureShop, type ShopRow } from '../../app/shops/shop-rows';
import { createStorefrontRouter } from '../../app/demo/storefront';
import { artifactPath, chromiumSkipReason, launchChromium, openPage, type LaunchedBrowser } from '../helpers/browser';
import { BROWSER_UA, startTestServer, type TestServer } from '../helpers/server';

const skip = chromiumSkipReason();

const PRODUCTS: Array<Pick<ProductInput, 'productId' | 'handle' | 'title' | 'vendor' | 'price' | 'productType'>> = [
  { productId: '8100000001', handle: 'trail-tent-2p', title: 'Trail Tent 2P', vendor: 'Ridgeline', price: 249, productType: 'Tents' },
  { productId: '8100000002', handle: 'down-sleeping-bag', title: 'Down Sleeping Bag', vendor: 'Ridgeline', price: 189, productType: 'Sleep' },
  { productId: '8100000003', handle: 'camp-stove', title: 'Compact Camp Stove', vendor: 'Ember & Co', price: 59.5, productType: 'Cooking' },
  { productId: '8100000004', handle: 'titanium-mug', title: 'Titanium Mug <450 ml>', vendor: 'Ember & Co', price: 24, productType: 'Cooking' },
  { productId: '8100000005', handle: 'headlamp', title: 'Rechargeable Headlamp', vendor: 'Lumen', price: 39, productType: 'Lighting' },
  { productId: '8100000006', handle: 'trekking-poles', title: 'Carbon Trekking Poles', vendor: 'Ridgeline', price: 119, productType: 'Hiking' },
  { productId: '8100000007', handle: 'sleeping-pad', title: 'Insulated Sleeping Pad', vendor: 'Lumen', price: 99, productType: 'Sleep' },
];

const COLORS = ['#2f6f5e', '#8c4b2f', '#3b5b8c', '#9a7b2f', '#6b3b8c', '#2f7f8c', '#8c2f55'];

describe.skipIf(skip)('demo storefront in Chromium', () => {
  let s: TestServer;
  let http: Server;
  let url: string;
  let shop: ShopRow;
  let chrome: LaunchedBrowser;

  beforeAll(async () => {
    s = await startTestServer();
    const domain = s.config.devShop;
    if (!domain) throw new Error('the test server has no dev shop (local mode expected)');
    shop = await ensureShop(s.db, domain);
    // No holdout for the visitors of these tests: each would otherwise land in it 10% of the
    // time (the key is random per browser). The holdout has its own test below.
    await s.db.shop.update({ where: { id: shop.id }, data: { holdoutPercent: 0 } });

    // The storefront router, in front of the app (the same as the lead mounting it in
    // app/server.ts): /apps/waymark/recommendations and /ingest fall through to the app.
    const outer = express();
    outer.get('/test-images/:n.svg', (req, res) => {
      const color = COLORS[Number(req.params.n) % COLORS.length];
      res
        .type('image/svg+xml')
        .send(`<svg xmlns="http://www.w3.org/2000/svg" width="480" height="480"><rect width="480" height="480" fill="${color}"/></svg>`);
    });
    outer.use(createStorefrontRouter({ db: s.db, shopDomain: domain }));
    outer.use(s.server.app);
    http = await new Promise<Server>((resolve) => {
      const server = outer.listen(0, '127.0.0.1', () => resolve(server));
    });
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

    await upsertProducts(
      s.db,
      shop.id,
      PRODUCTS.map((p, i) => ({
        ...p,
        tags: '',
        available: true,
        status: 'ACTIVE',
        isGiftCard: false,
        imageUrl: `${url}/test-images/${i}.svg`,
      })),
    );

    // Some product views, so the shop has a popularity ranking to serve (no model yet).
    const events = PRODUCTS.flatMap((p, i) =>
      Array.from({ length: PRODUCTS.length - i }, (_, k) => ({
        id: `seed-${p.productId}-${k}`,
        name: 'product_viewed',
        ts: Date.now() - 60_000 * (k + 1),
        clientId: `seed-client-${k}`,
        path: `/products/${p.handle}`,
        productId: p.productId,
        price: p.price,
        currency: 'USD',
      })),
    );
    const res = await fetch(`${url}/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA },
      body: JSON.stringify({ shopKey: shop.shopKey, events }),
    });
    expect(res.status).toBe(200);

    chrome = await launchChromium({ userAgent: BROWSER_UA, viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await chrome?.close();
    if (http) await new Promise<void>((resolve) => http.close(() => resolve()));
    await s?.close();
  });

  /** Holds every recommendations request until release() is called. */
  async function holdRecommendations(page: Page) {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let seen!: () => void;
    const requested = new Promise<void>((resolve) => (seen = resolve));
    const urls: string[] = [];
    await page.route('**/apps/waymark/recommendations?**', async (route) => {
      urls.push(route.request().url());
      seen();
      await gate;
      await route.continue();
    });
    return { release, requested, urls };
  }

  async function eventually<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > until) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('reserves the block height, renders catalog products, records a click', async () => {
    const { page, pageErrors: consoleErrors } = await openPage(chrome);
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    const hold = await holdRecommendations(page);
    const current = PRODUCTS[0]!;

    await page.goto(`${url}/storefront/products/${current.handle}`, { waitUntil: 'load' });
    await hold.requested;
    const block = page.locator('#waymark-product-also-like');
    const before = await block.boundingBox();
    const listBefore = await block.locator('.waymark-recs__list').boundingBox();
    expect(before).not.toBeNull();
    expect(before!.height).toBeGreaterThan(200); // a real reservation, not an empty box
    expect(await block.locator('.waymark-recs__item--skeleton').count()).toBe(4);
    await page.screenshot({ path: artifactPath('storefront-product-skeleton.png'), fullPage: true });

    hold.release();
    const cards = block.locator('.waymark-recs__item:not(.waymark-recs__item--skeleton)');
    await cards.first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForFunction(
      () => [...document.querySelectorAll<HTMLImageElement>('#waymark-product-also-like img')].every((img) => img.complete),
    );
    const after = await block.boundingBox();
    const listAfter = await block.locator('.waymark-recs__list').boundingBox();
    expect(Math.abs(after!.height - before!.height)).toBeLessThan(0.5);
    expect(Math.abs(listAfter!.height - listBefore!.height)).toBeLessThan(0.5);
    expect(Math.abs(after!.y - before!.y)).toBeLessThan(0.5);

    // The request carried the block's context.
    const request = new URL(hold.urls.find((u) => u.includes('placement=also_like'))!);
    expect(request.searchParams.get('product_id')).toBe(current.productId);
    expect(request.searchParams.get('limit')).toBe('4');
    expect(request.searchParams.get('recent')).toBe(current.productId); // from the app embed, consent granted
    expect(request.searchParams.get('visitor')).toMatch(/^[A-Za-z0-9_-]{1,64}$/);

    // Real titles from the catalog (the one with "<...>" proves text is not parsed as HTML).
    const titles = await block.locator('.waymark-card__title').allTextContents();
    const catalogTitles = new Set(PRODUCTS.map((p) => p.title));
    expect(titles.length).toBeGreaterThan(0);
    for (const title of titles) expect(catalogTitles.has(title.trim())).toBe(true);
    expect(titles).not.toContain(current.title);
    expect(await block.getAttribute('data-strategy')).toMatch(/^(model|popular|shopify)$/);
    expect(await block.locator('img').first().getAttribute('loading')).toBe('lazy');
    expect(await block.locator('img').first().getAttribute('width')).toBe('480');
    const prices = await block.locator('.waymark-card__price').allTextContents();
    expect(prices[0]).toMatch(/^\$\d/);
    await page.screenshot({ path: artifactPath('storefront-product.png'), fullPage: true });

    // The impression is published once the list is visible.
    await block.scrollIntoViewIfNeeded();
    const impression = await eventually(() =>
      s.db.event.findFirst({ where: { shopId: shop.id, name: 'waymark:rec_impression', placement: 'also_like' } }),
    );
    expect(JSON.parse(impression.items ?? '[]').length).toBe(titles.length);

    // A click publishes waymark:rec_click, which lands as an Event row.
    const link = block.locator('a.waymark-card__link').first();
    const clickedId = await link.getAttribute('data-product-id');
    await Promise.all([page.waitForURL(/\/storefront\/products\//), link.click()]);
    const click = await eventually(() =>
      s.db.event.findFirst({ where: { shopId: shop.id, name: 'waymark:rec_click', productId: clickedId } }),
    );
    expect(click.placement).toBe('also_like');
    expect(click.strategy).toMatch(/^(model|popular|shopify)$/);
    // The page's own standard events exist too, so journeys can be built.
    expect(await s.db.event.count({ where: { shopId: shop.id, name: 'page_viewed' } })).toBeGreaterThan(0);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('the storefront scripts leave nothing on window but window.Waymark', async () => {
    const { page, pageErrors } = await openPage(chrome);
    await page.goto(`${url}/storefront/products/${PRODUCTS[0]!.handle}`, { waitUntil: 'load' });
    await page.locator('#waymark-product-also-like .waymark-card__title').first().waitFor({ state: 'visible', timeout: 15_000 });
    // Names declared at the top of waymark-recs.js and waymark-embed.js; `typeof` in a new
    // Function runs at global scope, so a global let/const or a leaked function would show.
    const names = ['SIZE', 'LIST', 'started', 'loader', 'sessionContext', 'fromWaymark', 'load', 'render', 'init', 'KEYS'];
    names.push('RECENT_KEY', 'VISITOR_KEY', 'allowed', 'storage', 'readRecent', 'recordView', 'visitorKey', 'forget', 'consentApi', 'ready');
    const leaked = await page.evaluate((list) => list.filter((n) => new Function(`return typeof ${n}`)() !== 'undefined'), names);
    expect(leaked).toEqual([]);
    expect(await page.evaluate(() => typeof (window as { Waymark?: { context?: unknown } }).Waymark?.context)).toBe('function');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('carousel: prev/next buttons and arrow keys move through the cards', async () => {
    const page = await chrome.context.newPage();
    await page.setViewportSize({ width: 700, height: 900 });
    await page.goto(`${url}/storefront/products/${PRODUCTS[1]!.handle}?layout=carousel&count=6&vendor=1`, { waitUntil: 'load' });
    const block = page.locator('#waymark-product-also-like');
    const next = block.locator('[data-waymark-next]');
    await block.locator('a.waymark-card__link').first().waitFor({ state: 'visible', timeout: 15_000 });
    expect(await next.getAttribute('aria-label')).toBe('Next products');
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('#waymark-product-also-like [data-waymark-next]')!.disabled);
    await block.locator('.waymark-card__vendor').first().waitFor();

    const links = block.locator('a.waymark-card__link');
    await links.first().focus();
    await page.keyboard.press('ArrowRight');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-product-id'));
    expect(focused).toBe(await links.nth(1).getAttribute('data-product-id'));

    await next.click();
    await page.waitForFunction(() => document.querySelector('#waymark-product-also-like .waymark-recs__list')!.scrollLeft > 0);
    await page.screenshot({ path: artifactPath('storefront-carousel.png'), fullPage: true });
    await page.close();
  });

  /** Opens a product page with the blocks' fallback setting; records the real endpoint's answers and Shopify's calls. */
  async function openWithFallback(fallback: 'shopify' | 'popular' | 'hide', productIndex = 3, visitor?: string) {
    const page = await chrome.context.newPage();
    if (visitor) await page.addInitScript((vid) => localStorage.setItem('waymark:vid', vid), visitor);
    const answers: Array<{ url: string; body: { group: string; strategy: string; products: unknown[] } }> = [];
    const shopifyCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/recommendations/products.json')) shopifyCalls.push(r.url());
    });
    page.on('response', async (r) => {
      if (r.url().includes('/apps/waymark/recommendations?')) answers.push({ url: r.url(), body: await r.json() });
    });
    await page.goto(`${url}/storefront/products/${PRODUCTS[productIndex]!.handle}?fallback=${fallback}`, { waitUntil: 'load' });
    return { page, answers, shopifyCalls, block: page.locator('#waymark-product-also-like') };
  }

  // No model is trained in this shop: the real endpoint has no model answer, and each
  // choice of "When Waymark has no recommendations" must show.
  it('no model answer, "Show Shopify\'s recommendations": the theme\'s own recommendations', async () => {
    const { page, answers, shopifyCalls, block } = await openWithFallback('shopify');
    await block.locator('a.waymark-card__link').first().waitFor({ timeout: 15_000 });
    expect(await block.getAttribute('data-strategy')).toBe('shopify');
    const answer = answers.find((a) => a.url.includes('placement=also_like'))!;
    expect(answer.body).toMatchObject({ strategy: 'none', products: [] });
    expect(new URL(answer.url).searchParams.has('fallback')).toBe(false);
    const call = new URL(shopifyCalls.find((u) => u.includes('intent=related'))!);
    expect(call.searchParams.get('product_id')).toBe(PRODUCTS[3]!.productId);
    expect(shopifyCalls.some((u) => u.includes('intent=complementary'))).toBe(true); // bought together
    const titles = await block.locator('.waymark-card__title').allTextContents();
    for (const title of titles) expect(PRODUCTS.map((p) => p.title)).toContain(title);
    await page.close();
  });

  it('no model answer, "Show best sellers": the block asks for them and shows them', async () => {
    const { page, answers, shopifyCalls, block } = await openWithFallback('popular');
    await block.locator('a.waymark-card__link').first().waitFor({ timeout: 15_000 });
    expect(await block.getAttribute('data-strategy')).toBe('popular');
    const answer = answers.find((a) => a.url.includes('placement=also_like'))!;
    expect(new URL(answer.url).searchParams.get('fallback')).toBe('popular');
    expect(answer.body.strategy).toBe('popular');
    expect(answer.body.products.length).toBeGreaterThan(0);
    expect(shopifyCalls).toEqual([]);
    await page.close();
  });

  it('no model answer, "Hide the block": hidden, and nothing else is fetched', async () => {
    const { page, answers, shopifyCalls, block } = await openWithFallback('hide');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#waymark-product-also-like')!.hidden);
    expect(await page.locator('#waymark-product-bought-together').isHidden()).toBe(true);
    expect(answers.find((a) => a.url.includes('placement=also_like'))!.body).toMatchObject({ strategy: 'none', products: [] });
    expect(await block.locator('a.waymark-card__link').count()).toBe(0);
    expect(shopifyCalls).toEqual([]);
    await page.close();
  });

  it('cart: "Frequently bought together" recommends around the cart', async () => {
    const page = await chrome.context.newPage();
    const hold = await holdRecommendations(page);
    hold.release();
    await page.goto(`${url}/storefront/products/${PRODUCTS[4]!.handle}`, { waitUntil: 'load' });
    await Promise.all([page.waitForURL(/\/storefront\/cart$/), page.getByRole('button', { name: 'Add to cart' }).click()]);
    const block = page.locator('#waymark-cart-bought-together');
    expect(await block.getAttribute('data-cart')).toBe(PRODUCTS[4]!.productId);
    await block.locator('a.waymark-card__link').first().waitFor({ timeout: 15_000 });
    const request = new URL(hold.urls.filter((u) => u.includes('placement=bought_together')).at(-1)!);
    expect(request.searchParams.get('cart')).toBe(PRODUCTS[4]!.productId);
    expect(request.searchParams.has('product_id')).toBe(false);
    await page.screenshot({ path: artifactPath('storefront-cart.png'), fullPage: true });
    await page.close();
  });

  it('a holdout visitor gets no Waymark ranking: the theme\'s recommendations or a hidden block, and its impressions say "holdout"', async () => {
    await s.db.shop.update({ where: { id: shop.id }, data: { holdoutPercent: 50 } });
    try {
      // A visitor key that this shop assigns to the holdout at 50%, given to the browser
      // before the page loads (the app embed keeps an existing key).
      const visitor = Array.from({ length: 200 }, (_, i) => `holdout-probe-${i}`).find(
        (v) => assignGroup(shop.id, v, 50) === 'holdout',
      )!;
      // Other web processes notice the change within their version check; this one is told.
      s.server.shopStates.invalidate(shop.id);

      // "Show best sellers" asked for: still nothing from Waymark; the block hides itself but
      // reports that its place was seen.
      const hidden = await openWithFallback('popular', 1, visitor);
      await hidden.page.waitForFunction(() => document.querySelector<HTMLElement>('#waymark-product-also-like')?.dataset.strategy === 'holdout');
      expect(await hidden.block.locator('a.waymark-card__link').count()).toBe(0);
      for (const a of hidden.answers) expect(a.body).toMatchObject({ group: 'holdout', strategy: 'holdout', products: [] });
      expect(hidden.answers.length).toBeGreaterThan(0);
      const exposure = await eventually(() =>
        s.db.event.findFirst({ where: { shopId: shop.id, name: 'waymark:rec_impression', placement: 'also_like', strategy: 'holdout' } }),
      );
      expect(JSON.parse(exposure.items ?? '[]')).toEqual([]);
      await hidden.page.close();

      // "Show Shopify's recommendations": the theme's own, tagged holdout.
      const native = await openWithFallback('shopify', 1, visitor);
      await native.block.locator('a.waymark-card__link').first().waitFor({ timeout: 15_000 });
      expect(await native.block.getAttribute('data-strategy')).toBe('holdout');
      for (const a of native.answers) expect(a.body).toMatchObject({ group: 'holdout', strategy: 'holdout', products: [] });
      expect(native.shopifyCalls.length).toBeGreaterThan(0);
      await native.block.scrollIntoViewIfNeeded();
      await eventually(async () =>
        (await s.db.event.findMany({ where: { shopId: shop.id, name: 'waymark:rec_impression', placement: 'also_like', strategy: 'holdout' } })).find(
          (e) => JSON.parse(e.items ?? '[]').length > 0,
        ),
      );
      await native.page.close();
    } finally {
      // Leave no holdout behind for later tests: not in the settings, the serving state, nor
      // the browser's stored visitor key (the context is shared).
      await s.db.shop.update({ where: { id: shop.id }, data: { holdoutPercent: 0 } });
      s.server.shopStates.invalidate(shop.id);
      const cleanup = await chrome.context.newPage();
      await cleanup.goto(`${url}/storefront`, { waitUntil: 'load' });
      await cleanup.evaluate(() => localStorage.removeItem('waymark:vid'));
      await cleanup.close();
    }
  });

  it('withdrawn consent: no session context is sent and nothing is recorded', async () => {
    const page = await chrome.context.newPage();
    await page.goto(`${url}/storefront`, { waitUntil: 'load' });
    await page.locator('#waymark-recommended-for-you, #waymark-home-recommended').first().locator('a.waymark-card__link').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: artifactPath('storefront-home.png'), fullPage: true });
    await page.locator('#waymark-consent').uncheck();
    const hold = await holdRecommendations(page);
    hold.release();
    await page.goto(`${url}/storefront/products/${PRODUCTS[2]!.handle}`, { waitUntil: 'load' });
    await page.locator('#waymark-product-also-like a.waymark-card__link').first().waitFor({ timeout: 15_000 });
    const request = new URL(hold.urls.find((u) => u.includes('placement=also_like'))!);
    expect(request.searchParams.has('recent')).toBe(false);
    expect(request.searchParams.has('visitor')).toBe(false);
    const stored = await page.evaluate(() => [sessionStorage.getItem('waymark:recent'), localStorage.getItem('waymark:vid')]);
    expect(stored).toEqual([null, null]);
    await page.screenshot({ path: artifactPath('storefront-product-no-consent.png') });
    await page.close();
  });
});
