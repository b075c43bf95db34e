/**
 * The funnel builder as a merchant uses it, against a real server with simulated shoppers:
 * edit the steps down to the session start, add a product (searched in the catalog by its
 * title) and the "Added to cart" event, apply, and read a chart and a table that agree on the
 * percentage basis, for either basis, with the same counts as GET /api/funnel.
 *
 * Screenshot: tests/artifacts/funnel-builder-1440.png (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousAxeViolations } from '../helpers/axe';
import { artifactPath, chromiumSkipReason, launchChromium } from '../helpers/browser';
import { startDemoAdminSession, type DemoAdminSession } from './admin-session';
import type { FunnelBuilderAnswer } from '../../app/api-contract/funnel';

const skip = chromiumSkipReason();

/** The shares the chart writes and the table's share column, in step order. */
async function shares(page: Page) {
  return page.evaluate(() => ({
    chart: [...document.querySelectorAll('[data-testid="funnel-chart"] [data-testid="funnel-bar-share"]')].map((e) => e.textContent),
    table: [...document.querySelectorAll('#funnel table [data-testid="funnel-table-share"]')].map((e) => e.textContent),
    chartBasis: document.querySelector('[data-testid="funnel-chart-basis"]')?.textContent,
    heading: [...document.querySelectorAll('#funnel table thead th')].map((e) => e.textContent)[2],
  }));
}

const loaded = (page: Page) => page.waitForSelector('[data-testid="funnel-card"][data-loading="false"] [data-testid="funnel-session"]', { timeout: 30_000 });

describe.skipIf(skip)('funnel builder', () => {
  let admin: DemoAdminSession;
  let product: { id: string; title: string };

  beforeAll(async () => {
    admin = await startDemoAdminSession({
      demo: { events: 2500, train: false },
      prepare: async (demo) => {
        // The most viewed product that someone added to the cart.
        const views = await demo.s.db.event.groupBy({ by: ['productId'], where: { shopId: demo.shopId, name: 'product_viewed', productId: { not: null } }, _count: { _all: true } });
        views.sort((a, b) => b._count._all - a._count._all);
        const top = await demo.s.db.product.findFirst({ where: { shopId: demo.shopId, productId: views[0].productId! } });
        product = { id: top!.productId, title: top!.title };
      },
      viewport: { width: 1440, height: 900 },
    });
  }, 240_000);

  afterAll(() => admin?.close());

  it('builds a funnel with a product step and an event step; chart and table agree on the basis', async () => {
    const { demo, chrome } = admin;
    const page = await chrome.context.newPage();
    await page.goto(`${demo.url}/`);
    await loaded(page);
    await page.locator('#funnel').scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: 'Edit steps' }).click();
    for (const label of ['Product page', 'Cart', 'Checkout', 'Purchase']) await page.getByRole('button', { name: `Remove ${label}` }).click();
    // A product, found by a word of its title.
    await page.getByLabel('Add a step').selectOption('product');
    await page.getByLabel('Search products to add to “Funnel steps”').fill(product.title.split(' ')[0]);
    await page.getByRole('option', { name: product.title, exact: true }).click();
    // An event.
    await page.getByLabel('Add a step').selectOption('event');
    await page.getByLabel('Event').selectOption('add_to_cart');
    await page.getByRole('button', { name: 'Add step' }).click();
    expect(await page.locator('[data-testid="funnel-draft"] li').allInnerTexts()).toEqual([
      expect.stringContaining('Session start'),
      expect.stringContaining(product.title),
      expect.stringContaining('Added to cart'),
    ]);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((u) => u.searchParams.get('steps') === `page:session,product:${product.id},event:add_to_cart`);
    await page.waitForSelector(`[data-testid="funnel-card"][data-loading="false"] [data-testid="funnel-event-add_to_cart"]`, { timeout: 30_000 });

    // The page shows what the API counts for the same filters and steps.
    const q = new URL(page.url()).searchParams;
    const res = await fetch(`${demo.url}/api/funnel?from=${q.get('from') ?? ''}&to=${q.get('to') ?? ''}&steps=${q.get('steps')}`.replace(/from=&to=&/, ''));
    const answer = (await res.json()) as FunnelBuilderAnswer;
    const counts = await page.locator('#funnel table tbody tr td:nth-child(2) span').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(counts).toEqual(answer.steps.map((s) => s.sessions));
    expect(answer.steps.map((s) => s.label)).toEqual(['Session start', product.title, 'Added to cart']);
    expect(counts[1]).toBeGreaterThan(0);
    expect(counts[2]).toBeGreaterThan(0);
    expect(counts[2]).toBeLessThanOrEqual(counts[1]);
    expect(await page.locator('#funnel table tbody').innerText()).toContain(product.title);

    // Basis 1: of the first step, on the chart and in the table.
    const first = await shares(page);
    expect(first.chartBasis).toContain('% of first step');
    expect(first.heading).toBe('% of first step');
    expect(first.chart).toEqual(first.table);
    expect(first.table).toEqual(counts.map((c) => `${((c / counts[0]) * 100).toFixed(1)}%`));
    await page.screenshot({ path: artifactPath('funnel-builder-1440.png'), fullPage: true });

    // Basis 2: of the previous step; both change together.
    await page.getByRole('button', { name: '% of previous step' }).click();
    await page.waitForURL((u) => u.searchParams.get('basis') === 'previous');
    const previous = await shares(page);
    expect(previous.chartBasis).toContain('% of previous step');
    expect(previous.heading).toBe('% of previous step');
    expect(previous.chart).toEqual(previous.table);
    expect(previous.table).toEqual(counts.map((c, i) => `${((i ? c / counts[i - 1] : 1) * 100).toFixed(1)}%`));
    expect(previous.table).not.toEqual(first.table);

    // Open funnel and a 5 min window: the counts follow the API's.
    await page.getByLabel('Counting').selectOption('open');
    await page.getByLabel('Conversion window').selectOption('5m');
    await page.waitForURL((u) => u.searchParams.get('mode') === 'open' && u.searchParams.get('window') === '5m');
    await page.waitForSelector('[data-testid="funnel-card"][data-loading="false"] [data-testid="funnel-event-add_to_cart"]', { timeout: 30_000 });
    const openRes = await fetch(`${demo.url}/api/funnel?steps=${q.get('steps')}&mode=open&window=5m`);
    const open = (await openRes.json()) as FunnelBuilderAnswer;
    const openCounts = await page.locator('#funnel table tbody tr td:nth-child(2) span').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(openCounts).toEqual(open.steps.map((s) => s.sessions));
    expect(await page.locator('#funnel table thead').innerText()).toContain('Entered here');
    const openShares = await shares(page);
    expect(openShares.chart).toEqual(openShares.table);
  }, 180_000);

  it('the step editor and the open funnel are axe-clean and fit a phone', async () => {
    const { demo } = admin;
    const phone = await launchChromium({ viewport: { width: 390, height: 844 } });
    try {
      const page = await phone.context.newPage();
      await page.goto(`${demo.url}/?mode=open&window=30m&basis=previous&steps=session,product:${product.id},event:add_to_cart`);
      await page.waitForSelector('[data-testid="funnel-card"][data-loading="false"] [data-testid="funnel-event-add_to_cart"]', { timeout: 30_000 });
      await page.getByRole('button', { name: 'Edit steps' }).click();
      await page.getByLabel('Add a step').selectOption('collection');
      await page.getByLabel('Which collection').waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => !document.querySelector('.Polaris-Spinner, .Polaris-SkeletonBodyText'), undefined, { timeout: 30_000 });
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // The bars' rows do not overlap each other.
      const rows = await page.locator('[data-testid="funnel-chart"] [data-testid="funnel-bar-share"]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
      rows.slice(1).forEach((top, i) => expect(top).toBeGreaterThan(rows[i] + 10));
      await page.screenshot({ path: artifactPath('funnel-builder-390.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  }, 120_000);

  it('a collections list that fails to load (500) says so in plain words, and Try again loads it', async () => {
    const { demo, chrome } = admin;
    const page = await chrome.context.newPage();
    await page.goto(`${demo.url}/`);
    await loaded(page);
    await page.getByRole('button', { name: 'Edit steps' }).click();
    const editor = page.locator('#funnel');
    // The collections' roll-up is out of the server's reach when the editor asks for the list.
    await demo.s.db.$executeRawUnsafe('ALTER TABLE "AnalyticsItemDaily" RENAME TO "AnalyticsItemDailyAway"');
    try {
      await page.getByLabel('Add a step').selectOption('collection');
      await editor.locator('[data-testid="error-notice"]').waitFor({ timeout: 30_000 });
    } finally {
      await demo.s.db.$executeRawUnsafe('ALTER TABLE "AnalyticsItemDailyAway" RENAME TO "AnalyticsItemDaily"');
    }
    const notice = await editor.locator('[data-testid="error-notice"]').innerText();
    expect(notice).toContain('Collections could not be loaded.');
    expect(notice).toContain('Something went wrong on our side; your data is safe.');
    expect(notice).toMatch(/contact support \(reference: [0-9a-f]{8}\)/);
    expect(notice).not.toContain('No collection has been viewed yet.');
    await editor.getByRole('button', { name: 'Try again' }).click();
    await page.getByLabel('Which collection').waitFor({ timeout: 30_000 });
    expect(await editor.locator('[data-testid="error-notice"]').count()).toBe(0);
    await page.close();
  });
});
