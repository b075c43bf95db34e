/**
 * Settings with Shopify's native controls, in local mode (no App Bridge: the look-alike
 * fallbacks): pick a product to pin by searching its title, the contextual save bar
 * appears, Save stores it and a toast says so; Discard puts the form back; a bad value is
 * a field error and an error toast; GET /api/products only ever answers the session's shop.
 * axe-core finds no critical or serious violation with the save bar and the picker open.
 *
 * Screenshots: tests/artifacts/settings-*.png (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureShop } from '../../app/shops/shop-rows';
import { upsertProducts } from '../../app/catalog/products';
import { seriousAxeViolations } from '../helpers/axe';
import { artifactPath, chromiumSkipReason } from '../helpers/browser';
import { startDemoAdminSession, type DemoAdminSession } from './admin-session';

const skip = chromiumSkipReason();

describe.skipIf(skip)('settings with native controls (local fallbacks)', () => {
  let admin: DemoAdminSession;
  const settings = async () => (await (await fetch(`${admin.url}/api/settings`)).json()) as { sessionGapMinutes: number; merchandising: { pins: string[]; exclusions: string[] } };

  beforeAll(async () => {
    admin = await startDemoAdminSession({
      demo: { events: 300, train: false },
      prepare: async (demo) => {
        // Another shop's product, with a title no dev-shop product has.
        const other = await ensureShop(demo.s.db, 'other-shop.myshopify.com');
        await upsertProducts(demo.s.db, other.id, [{ productId: '990001', handle: 'zebra-lamp', title: 'Zebra Lamp Of Another Shop', productType: '', vendor: '', tags: '', price: 10, available: true, status: 'ACTIVE', isGiftCard: false, imageUrl: null }] as never);
      },
      viewport: { width: 1440, height: 900 },
    });
  }, 240_000);

  afterAll(() => admin?.close());

  it('the product search answers for the session shop only', async () => {
    const { demo } = admin;
    const res = await fetch(`${demo.url}/api/products?query=zebra%20lamp`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { products: unknown[] }).products).toEqual([]);
    const bad = await fetch(`${demo.url}/api/products?ids=abc`);
    expect(bad.status).toBe(400);
    const byId = (await (await fetch(`${demo.url}/api/products?ids=990001`)).json()) as { products: unknown[] };
    expect(byId.products).toEqual([]);
  });

  it('pick a product by title, the save bar appears, save, toast, and the setting is stored', async () => {
    const { demo, page, pageErrors } = admin;
    const product = await demo.s.db.product.findFirstOrThrow({ where: { shopId: demo.shopId, status: 'ACTIVE' }, orderBy: { title: 'asc' } });
    expect((await settings()).merchandising.pins).not.toContain(product.productId);

    await page.goto(`${demo.url}/app/settings`);
    const search = page.getByRole('combobox', { name: 'Search products to add to “Always show first”' });
    await search.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="save-bar"]').count()).toBe(0);
    // Save is no longer a page-header action: it lives in the save bar only.
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);

    // Search by a word of the title, choose it from the list.
    const word = product.title.split(' ').slice(-1)[0];
    await search.click();
    await search.fill(word.toLowerCase());
    const option = page.getByRole('option', { name: product.title, exact: true });
    await option.waitFor({ timeout: 10_000 });
    await page.screenshot({ path: artifactPath('settings-picker-1440.png') });
    await option.click();
    const bar = page.locator('[data-testid="save-bar"]');
    await bar.waitFor({ timeout: 5_000 });
    expect(await bar.innerText()).toContain('Unsaved changes');
    expect(await page.locator(`[data-testid="pins"] li[data-product="${product.productId}"]`).innerText()).toContain(product.title);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.screenshot({ path: artifactPath('settings-save-bar-1440.png') });

    await bar.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-testid="toast"]', { hasText: 'Settings saved' }).waitFor({ timeout: 10_000 });
    await bar.waitFor({ state: 'detached', timeout: 5_000 });
    expect((await settings()).merchandising.pins).toEqual([product.productId]);
    await page.screenshot({ path: artifactPath('settings-saved-1440.png') });

    // Reloaded, the pin shows by its title (from GET /api/products?ids=).
    await page.reload();
    await page.locator(`[data-testid="pins"] li[data-product="${product.productId}"]`, { hasText: product.title }).waitFor({ timeout: 30_000 });

    // Remove it, then Discard: the form is back and nothing is stored.
    await page.getByRole('button', { name: `Remove ${product.title}` }).click();
    await bar.waitFor();
    await bar.getByRole('button', { name: 'Discard' }).click();
    await bar.waitFor({ state: 'detached' });
    expect(await page.locator(`[data-testid="pins"] li[data-product="${product.productId}"]`).count()).toBe(1);
    expect((await settings()).merchandising.pins).toEqual([product.productId]);

    // A value the server refuses: a field error and an error toast; nothing stored.
    const gap = page.getByLabel('Session gap');
    const before = (await settings()).sessionGapMinutes;
    await gap.fill('2');
    await bar.getByRole('button', { name: 'Save' }).click();
    await page.locator('[data-testid="toast"]', { hasText: 'not saved' }).waitFor({ timeout: 10_000 });
    await page.waitForSelector('text=Use a whole number of minutes from 5 to 240.');
    expect((await settings()).sessionGapMinutes).toBe(before);
    expect(pageErrors).toEqual([]);
  });
});
