/**
 * The Insights page's "Reviews and feedback" card in a real Chromium, against a real server
 * (local dev shop): stored reviews and Quick feedback events (through the ingest row mapping and
 * the sessionizer) show as a product finding in plain words and feedback per step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumSkipReason } from '../helpers/browser';
import { seedReviewStore } from '../helpers/review-seed';
import { startAdminSession, type AdminSession } from './admin-session';

const skip = chromiumSkipReason();

describe.skipIf(skip)('admin Insights: reviews and feedback in Chromium', () => {
  let admin: AdminSession;

  beforeAll(async () => {
    admin = await startAdminSession({ seed: (s, shop) => seedReviewStore(s.db, shop) });
  }, 120_000);

  afterAll(() => admin?.close());

  it('shows the product with many views and few add-to-carts, and what its reviews say, in plain words', async () => {
    const { page } = admin;
    await admin.open('/app/insights');
    const jacket = page.locator('[data-testid="review-insight"][data-product="1"]');
    await jacket.waitFor({ timeout: 20_000 });
    const text = await jacket.innerText();
    expect(text).toContain('Trail Jacket: many views, few add-to-carts');
    expect(text).toMatch(/50% of its 8 reviews mention size and fit, mostly negative/);
    expect(text).toContain('rated 3.1 of 5 by 14 shoppers');
    expect(text).toContain('Few add-to-carts');
    // The product to act on comes first.
    expect(await page.locator('[data-testid="review-insight"]').first().getAttribute('data-product')).toBe('1');
    await page.locator('#reviews-feedback').screenshot({ path: artifactPath('admin-review-insights.png') });
  });

  it('shows feedback per step with how many of those shoppers left', async () => {
    const { page, pageErrors } = admin;
    const cart = page.locator('[data-testid="feedback-step"][data-step="cart"]');
    await cart.waitFor();
    const text = await cart.innerText();
    expect(text).toContain('Cart: 3 answers');
    expect(text).toContain('most mention shipping');
    expect(text).toContain('3 of 3 of these shoppers left without buying');
    const product = await page.locator('[data-testid="feedback-step"][data-step="product"]').innerText();
    expect(product).toContain('الشحن بطيء جدا'); // right-to-left answer shown as text
    expect(pageErrors).toEqual([]);
  });

  it('drills down from a product to the journeys through it on the journey map', async () => {
    const { page, pageErrors } = admin;
    await page.locator('[data-testid="review-insight"][data-product="1"]').getByRole('button', { name: 'Show journeys through this product' }).click();
    await page.waitForURL(/focus=product%3A1/);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/');
    expect(url.searchParams.get('detail')).toBe('item');
    expect(pageErrors).toEqual([]);
  });
});
