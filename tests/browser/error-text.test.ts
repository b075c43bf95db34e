/**
 * Errors in plain words, in a real Chromium against a real server (local dev shop), with no
 * endpoint stubbed: the server itself refuses a segment filter from the address (400), a
 * forged session token (401) and fails on a missing table (500), also under the product search
 * while the merchant types, and the page says what happened and what to do
 * (web/src/error-text.ts), never the server's raw "internal error".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { upsertProducts } from '../../app/catalog/products';
import { seriousAxeViolations } from '../helpers/axe';
import { artifactPath, chromiumSkipReason, openPage } from '../helpers/browser';
import { startAdminSession, type AdminSession } from './admin-session';

const skip = chromiumSkipReason();

/** Raw server words or code text that must never reach the merchant. */
const RAW = /internal error|invalid or expired session token|ZodError|PrismaClient|no such table|\bat \S+ \(/;

/** The API answers the page got while `action` ran, with their status and problem body. */
async function apiAnswers(page: Page, action: () => Promise<void>): Promise<Array<{ path: string; status: number; body: { error?: { code: string; reference?: string } } }>> {
  const seen: Response[] = [];
  const record = (r: Response) => void (new URL(r.url()).pathname.startsWith('/api/') && seen.push(r));
  page.on('response', record);
  try {
    await action();
  } finally {
    page.off('response', record);
  }
  return Promise.all(seen.map(async (r) => ({ path: new URL(r.url()).pathname, status: r.status(), body: await r.json().catch(() => ({})) })));
}

describe.skipIf(skip)('admin: errors in plain words from the real server', () => {
  let admin: AdminSession;

  beforeAll(async () => {
    admin = await startAdminSession();
  }, 120_000);

  afterAll(() => admin?.close());

  it('a segment filter the server refuses (400): names the filter and what to choose, on the page and in each card', async () => {
    const { page, pageErrors } = admin;
    const answers = await apiAnswers(page, async () => {
      await admin.open('/app/insights?device=spaceship');
      await page.locator('[data-testid="error-notice"]').nth(2).waitFor({ timeout: 30_000 });
    });
    const refused = answers.filter((a) => ['/api/insights', '/api/reviews/insights', '/api/search/clusters'].includes(a.path));
    expect(refused.map((a) => [a.status, a.body.error?.code])).toEqual(refused.map(() => [400, 'invalid_input']));
    expect(refused.length).toBe(3);

    const body = await page.locator('body').innerText();
    expect(body).toContain('Insights could not be loaded');
    expect(body).toContain('Reviews and feedback could not be loaded.');
    expect(body).toContain('Searches could not be loaded.');
    expect(body.split('Waymark could not use the segment filter you chose.').length - 1).toBe(3);
    expect(body).toContain('Choose one of the options in the segment menus, or clear the segments.');
    // The server's own sentence stays available as a details line.
    expect(body).toMatch(/Details: device: /);
    expect(body).not.toMatch(RAW);
    await page.locator('#reviews-feedback').screenshot({ path: artifactPath('admin-error-segment.png') });
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('a forged session token (401): the session has expired, reload the page to sign in again', async () => {
    const forged = await openPage(admin.chrome);
    // What App Bridge would hand the page; the server cannot verify it.
    await forged.page.addInitScript(() => {
      (window as unknown as { shopify: unknown }).shopify = { idToken: async () => 'eyJhbGciOiJIUzI1NiJ9.eyJkZXN0IjoiaHR0cHM6Ly94Lm15c2hvcGlmeS5jb20ifQ.forged' };
    });
    const answers = await apiAnswers(forged.page, async () => {
      await forged.page.goto(`${admin.url}/app/settings`);
      await forged.page.getByText('Your session has expired.').waitFor({ timeout: 30_000 });
    });
    expect(answers.find((a) => a.path === '/api/shop')).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    const body = await forged.page.locator('body').innerText();
    expect(body).toContain("Waymark could not load your store's data");
    expect(body).toContain('Reload the page to sign in again.');
    expect(body).not.toMatch(RAW);
    expect(await forged.page.getByRole('button', { name: 'Reload the page' }).count()).toBe(1);
    await forged.page.screenshot({ path: artifactPath('admin-error-session.png') });
    expect(forged.pageErrors).toEqual([]);
    await forged.page.close();
  });

  it('a fault on the server (500): data is safe, try again, and the reference the server logged (in French too)', async () => {
    const { page, pageErrors } = admin;
    await admin.s.db.$executeRawUnsafe('DROP TABLE "ProductReview"');
    const answers = await apiAnswers(page, async () => {
      await admin.open('/app/insights');
      await page.locator('#reviews-feedback [data-testid="error-notice"]').waitFor({ timeout: 30_000 });
    });
    const fault = answers.find((a) => a.path === '/api/reviews/insights');
    expect(fault?.status).toBe(500);
    const reference = fault!.body.error!.reference!;
    expect(reference).toMatch(/^[0-9a-f]{8}$/);
    const card = await page.locator('#reviews-feedback').innerText();
    expect(card).toContain('Something went wrong on our side; your data is safe.');
    expect(card).toContain(`Try again in a minute; if it keeps happening, contact support (reference: ${reference}).`);
    expect(card).not.toMatch(RAW);
    expect(await page.locator('#reviews-feedback').getByRole('button', { name: 'Try again' }).count()).toBe(1);
    await page.locator('#reviews-feedback').screenshot({ path: artifactPath('admin-error-fault.png') });

    await admin.open('/app/insights?locale=fr');
    await page.locator('#reviews-feedback [data-testid="error-notice"]').waitFor({ timeout: 30_000 });
    const french = await page.locator('#reviews-feedback').innerText();
    expect(french).toContain('Un problème est survenu de notre côté ; vos données ne risquent rien.');
    expect(french).toMatch(/\(référence : [0-9a-f]{8}\)/);
    expect(french).not.toMatch(RAW);
    expect(pageErrors).toEqual([]);
  });

  it("the product search's type-ahead fails (500): says so under the field, and Try again searches again", async () => {
    // A page of its own: the one above keeps French for its session.
    const { page, pageErrors } = await openPage(admin.chrome);
    await upsertProducts(admin.s.db, admin.shop.id, [
      { productId: '8300000001', handle: 'alpine-tent', title: 'Alpine Tent', productType: 'Tents', vendor: 'Ridgeline', tags: '', price: 199, available: true, status: 'ACTIVE', isGiftCard: false, imageUrl: null },
    ]);
    await page.goto(`${admin.url}/app/settings`);
    const pins = page.locator('[data-testid="pins"]');
    const search = pins.getByRole('combobox', { name: 'Search products to add to “Always show first”' });
    await search.waitFor({ timeout: 30_000 });
    // The catalog's table is out of the server's reach while the shopper types: a fault on the server.
    await admin.s.db.$executeRawUnsafe('ALTER TABLE "Product" RENAME TO "ProductAway"');
    let answers: Awaited<ReturnType<typeof apiAnswers>>;
    try {
      answers = await apiAnswers(page, async () => {
        await search.fill('alpine');
        await pins.locator('[data-testid="error-notice"]').waitFor({ timeout: 30_000 });
      });
    } finally {
      await admin.s.db.$executeRawUnsafe('ALTER TABLE "ProductAway" RENAME TO "Product"');
    }
    const faults = answers.filter((a) => a.path === '/api/products');
    expect(faults.length).toBeGreaterThan(0);
    expect(faults.map((a) => a.status)).toEqual(faults.map(() => 500));
    const notice = await pins.locator('[data-testid="error-notice"]').innerText();
    expect(notice).toContain('Products could not be searched.');
    expect(notice).toContain('Something went wrong on our side; your data is safe.');
    // The reference of the search that failed, as the server logged it.
    const reference = /\(reference: ([0-9a-f]{8})\)/.exec(notice)?.[1];
    expect(faults.map((a) => a.body.error?.reference)).toContain(reference);
    expect(notice).not.toMatch(RAW);
    await pins.screenshot({ path: artifactPath('admin-error-product-search.png') });

    // The table is back: Try again searches again, the error goes and the product is offered.
    await pins.getByRole('button', { name: 'Try again' }).click();
    await pins.locator('[data-testid="error-notice"]').waitFor({ state: 'detached', timeout: 10_000 });
    await search.click();
    await page.getByRole('option', { name: 'Alpine Tent', exact: true }).waitFor({ timeout: 10_000 });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
