/**
 * One date model: the API's default window (what the demo's summary reads, GET
 * /api/journey-map without dates), the journey map's and the Recommendations page's are the
 * same 30 days, ending today in the shop's time zone (here UTC+14, so "today" there is
 * often not today in UTC); the page says so; comparison is off by default when the
 * previous period has no full data (42 days of shoppers < 2 × 30).
 *
 * Screenshot: tests/artifacts/date-model-1440.png (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumSkipReason, openPage } from '../helpers/browser';
import { startDemoAdminSession, type DemoAdminSession } from './admin-session';

const skip = chromiumSkipReason();
const TZ = 'Pacific/Kiritimati';
const DAY = 86_400_000;
const dayIn = (ms: number, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
const minusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * DAY).toISOString().slice(0, 10);
const us = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

describe.skipIf(skip)('one date model in Chromium', () => {
  let admin: DemoAdminSession;

  beforeAll(async () => {
    admin = await startDemoAdminSession({
      demo: { events: 4000, days: 42, train: false, timezone: TZ },
      viewport: { width: 1440, height: 900 },
    });
  }, 240_000);

  afterAll(() => admin?.close());

  it('the summary, the journey map and the Recommendations page use the same window, in the shop time zone', async () => {
    const { demo, chrome } = admin;
    const today = dayIn(Date.now(), TZ);
    const from = minusDays(today, 29);
    const shop = (await (await fetch(`${demo.url}/api/shop`)).json()) as { timezone: string; today: string; defaultRange: { from: string; to: string; compare: boolean } };
    expect(shop).toMatchObject({ timezone: TZ, today, defaultRange: { from, to: today, compare: false } });

    // As the demo's summary reads it.
    const summary = (await (await fetch(`${demo.url}/api/journey-map`)).json()) as { range: { from: string; to: string }; headline: { current: { sessions: number } } };
    expect(summary.range).toEqual({ from, to: today });
    const sessions = summary.headline.current.sessions;
    expect(sessions).toBeGreaterThan(0);

    const { page, pageErrors: errors } = await openPage(chrome);
    await page.goto(`${demo.url}/`);
    await page.waitForSelector('[data-testid="headline-sessions"]', { timeout: 30_000 });
    expect(Number(await page.locator('[data-testid="headline-sessions"]').getAttribute('data-value'))).toBe(sessions);
    expect(await page.getByLabel('Date range').inputValue()).toBe('30');
    const text = await page.locator('main').innerText();
    expect(text).toContain(`${us(from)} – ${us(today)}`);
    expect(text).toContain(`days in ${TZ.replace(/_/g, ' ')}`);
    // No comparison against a period without (full) data: no "New" / "Was 0".
    expect(await page.getByLabel('Compare with the previous period').isChecked()).toBe(false);
    expect(text).not.toMatch(/\bWas \d/);
    await page.screenshot({ path: artifactPath('date-model-1440.png') });

    // Asked for, the comparison shows the previous period.
    await page.getByLabel('Compare with the previous period').check();
    await page.waitForFunction(() => /Was \d/.test(document.querySelector('main')?.textContent ?? ''), undefined, { timeout: 30_000 });
    expect(page.url()).toContain('compare=on');

    // Recommendations: the same window.
    await page.goto(`${demo.url}/app/recommendations`);
    await page.waitForFunction((t) => (document.querySelector('main')?.textContent ?? '').includes(t), `${us(from)} – ${us(today)}`, { timeout: 30_000 });
    expect(errors).toEqual([]);
  });
});
