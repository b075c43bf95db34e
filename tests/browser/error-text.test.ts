/**
 * Errors in plain words, in a real Chromium against a real server (local dev shop), with no
 * endpoint stubbed: the server itself refuses a segment filter from the address (400), a
 * forged session token (401) and fails on a missing table (500), and the page says what
 * happened and what to do (web/src/error-text.ts), never the server's raw "internal error".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
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
});
