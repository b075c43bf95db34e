/**
 * The Settings page's "Customer data requests" card in a real Chromium (local mode, the
 * dev bypass answers the API): each export with its status and dates, what to do with it,
 * and a download that holds the export.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumSkipReason } from '../helpers/browser';
import { startAdminSession, type AdminSession } from './admin-session';

const skip = chromiumSkipReason();

describe.skipIf(skip)('admin: customer data requests', () => {
  let admin: AdminSession;

  beforeAll(async () => {
    admin = await startAdminSession({
      seed: async (s, shop) => {
        await s.db.dataExport.create({
          data: { shopId: shop.id, customerId: '777001', ordersRequested: '["5550001"]', status: 'ready', payload: JSON.stringify({ customerId: '777001', events: [{ eventId: 'evt-777' }] }), completedAt: new Date() },
        });
        await s.db.dataExport.create({ data: { shopId: shop.id, customerId: '777002', ordersRequested: '[]', status: 'pending' } });
      },
    });
  });
  afterAll(() => admin?.close());

  it('lists each request with status and dates, says what to do, and downloads the export', async () => {
    const { page, pageErrors } = admin;
    await admin.open('/app/settings');
    await page.getByText('Customer 777001').waitFor({ timeout: 30_000 });
    const text = await page.locator('body').innerText();
    expect(text).toContain('send it to the customer who asked');
    expect(text).toContain('within 30 days');
    expect(text).toContain('Customer 777002');
    expect(text).toMatch(/Ready/);
    expect(text).toMatch(/Preparing/);
    expect(text).toMatch(/orders 5550001/);
    expect(text).toMatch(/answer the customer by/);
    const buttons = page.getByRole('button', { name: 'Download' });
    expect(await buttons.count()).toBe(2);
    // Newest first: the pending one cannot be downloaded yet.
    expect(await buttons.nth(0).isDisabled()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), buttons.nth(1).click()]);
    const body = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(body).toMatchObject({ customerId: '777001', events: [{ eventId: 'evt-777' }] });
    await page.screenshot({ path: artifactPath('admin-data-requests.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
