/**
 * The Models page in a merchant's words: a live model whose validation says it beat best
 * sellers (a stored model version, as training writes it) is described as "For 77% of the
 * product views we tested, …", with hit rate / MRR only in the details line.
 *
 * The funnel shows one percentage basis at a time, named in the table's heading and on the
 * chart, computed from the step counts shown (tests/browser/funnel-builder.test.ts switches it).
 *
 * Screenshot: tests/artifacts/models-plain-1440.png (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, chromiumSkipReason } from '../helpers/browser';
import { startDemoAdminSession, type DemoAdminSession } from './admin-session';

const skip = chromiumSkipReason();

describe.skipIf(skip)('models page in plain words', () => {
  let admin: DemoAdminSession;

  beforeAll(async () => {
    admin = await startDemoAdminSession({
      demo: { events: 300, train: false },
      prepare: async (demo) => {
        // Background training may have stored versions already: this one goes live after them.
        await demo.s.db.modelVersion.updateMany({ where: { shopId: demo.shopId, status: 'active' }, data: { status: 'retired' } });
        const last = await demo.s.db.modelVersion.aggregate({ where: { shopId: demo.shopId }, _max: { version: true } });
        await demo.s.db.modelVersion.create({
          data: {
            shopId: demo.shopId,
            version: (last._max.version ?? 0) + 1,
            kind: 'vsknn',
            status: 'active',
            activatedAt: new Date(),
            metrics: JSON.stringify({ hr20: 0.767, mrr20: 0.312, validated: true, validationEvents: 1234 }),
            baseline: JSON.stringify({ hr20: 0.41, mrr20: 0.15 }),
          },
        });
      },
      viewport: { width: 1440, height: 900 },
    });
  }, 240_000);

  afterAll(() => admin?.close());

  it('says what the hit rate means, and keeps the metric names in a details line', async () => {
    const { demo, chrome } = admin;
    const page = await chrome.context.newPage();
    await page.goto(`${demo.url}/app/models`);
    const sentence = page.locator('[data-testid="quality-sentence"]');
    await sentence.waitFor({ timeout: 30_000 });
    expect(await sentence.innerText()).toBe(
      'For 77% of the product views we tested, the product the shopper opened next was among the 20 Waymark would have shown. Best sellers alone get 41%. ' +
        'Waymark also puts that product nearer the top of the list: 2.1× as near as best sellers, on average.',
    );
    expect(await page.locator('[data-testid="metric-hr20"]').innerText()).toBe('0.767');
    const details = await page.getByText(/^Details: hit rate @20/).innerText();
    expect(details).toContain('MRR @20 0.312 (best sellers 0.150)');
    expect(details).toContain('1,234 most recent product-to-product steps');
    // The history table says it in percentages too.
    expect(await page.locator('table').innerText()).toContain('77% (41%)');
    await page.screenshot({ path: artifactPath('models-plain-1440.png') });
  });

  it('the funnel names its percentage basis, on the chart and in the table, and it follows from the counts', async () => {
    const { demo, chrome } = admin;
    const page = await chrome.context.newPage();
    await page.goto(`${demo.url}/`);
    await page.waitForSelector('[data-testid="funnel-card"][data-loading="false"] [data-testid="funnel-purchase"]', { timeout: 30_000 });
    const rows = await page.locator('#funnel table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c as HTMLElement).innerText.trim())),
    );
    const heads = await page.locator('#funnel table thead th').allInnerTexts();
    expect(heads.slice(0, 3)).toEqual(['Step', 'Sessions', '% of first step']);
    const counts = rows.map((r) => Number(r[1].replace(/,/g, '')));
    rows.forEach((r, i) => expect(r[2], `${r[0]} of the first step`).toBe(`${((counts[i] / counts[0]) * 100).toFixed(1)}%`));
    expect(await page.locator('[data-testid="funnel-chart-basis"]').innerText()).toContain('Percentages: % of first step');
  });
});
