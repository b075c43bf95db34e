/**
 * After the demo's data (its simulation path: shoppers through POST /ingest, the theme
 * blocks asking the signed app proxy endpoint, the first model after a week, sessionized),
 * the Recommendations page of the real server shows numbers, not its empty state: block
 * views, click-through, attributed sales and the lift over the holdout group, each the
 * report's own figure. A 30% holdout (the shop's setting; the endpoint's assignment decides
 * who is in it) gives the short simulation enough holdout buyers for a lift.
 *
 * Screenshot: tests/artifacts/demo-recommendations.png (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstModel, ingestSimulated, setUpDevShop } from '../../app/demo/cli/demo-pipeline';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { rollupShop } from '../../app/jobs/rollup-job';
import type { PerformanceAnswer } from '../../app/api-contract/recs';
import { artifactPath, chromiumSkipReason } from '../helpers/browser';
import type { TestServer } from '../helpers/server';
import { startAdminSession, type AdminSession } from './admin-session';

const skip = chromiumSkipReason();
/** The number in a shown figure ("$1,234", "8.5%", "+12.0%"). */
const figure = (shown: string) => Number(shown.replace(/[^\d.+-]/g, ''));

/** The demo's simulation path, over a dev shop started afresh, with a 30% holdout. */
async function seedDemoData(s: TestServer): Promise<void> {
  const run = { eventsTarget: 12_000, seed: '7', products: 240, devShop: s.config.devShop!, apiSecret: s.config.shopify.apiSecret };
  const { shop } = await setUpDevShop(s.db, run);
  await s.db.shop.update({ where: { id: shop.id }, data: { holdoutPercent: 30 } });
  const ingested = await ingestSimulated(s.url, shop, run, () => firstModel(s.server, s.db, shop.id));
  expect(ingested.posted.failed).toBe(0);
  await sessionizeShop(s.db, shop.id);
  await rollupShop(s.db, shop.id);
}

describe.skipIf(skip)('the Recommendations page after the demo data', () => {
  let admin: AdminSession;

  beforeAll(async () => {
    admin = await startAdminSession({ server: { provider: 'sqlite' }, seed: seedDemoData });
  }, 240_000);

  afterAll(() => admin?.close());

  it('shows block views, click-through, attributed sales and the lift, as the report computes them', async () => {
    const { page, pageErrors } = admin;
    const perf = (await (await fetch(`${admin.url}/api/recommendations/performance`)).json()) as PerformanceAnswer;
    expect(perf.total.impressions).toBeGreaterThan(0);
    expect(perf.total.attributedOrders).toBeGreaterThan(0);
    expect(perf.lift.enoughData).toBe(true);

    await admin.open('/app/recommendations');
    await page.locator('[data-testid="rec-impressions"]').waitFor({ timeout: 30_000 });
    const text = async (id: string) => (await page.locator(`[data-testid="${id}"]`).innerText()).trim();
    expect(await text('rec-impressions')).toBe(perf.total.impressions.toLocaleString('en-US'));
    const ctr = await text('rec-ctr');
    expect(ctr).toMatch(/%/);
    expect(figure(ctr)).toBeCloseTo(perf.total.ctr * 100, 1);
    expect(figure(ctr)).toBeGreaterThan(0);
    const revenue = await text('rec-revenue');
    expect(revenue).toMatch(/\$/);
    expect(Math.abs(figure(revenue) - perf.total.attributedRevenue)).toBeLessThan(1);
    expect(figure(revenue)).toBeGreaterThan(0);
    const lift = await text('rec-lift');
    expect(lift).toMatch(/%/);
    expect(figure(lift)).toBeCloseTo(perf.lift.relative! * 100, 1);
    const body = await page.locator('body').innerText();
    expect(body).not.toContain('No shopper has seen a Waymark block yet');
    expect(body).toContain(`${perf.lift.holdout.visitors.toLocaleString('en-US')} visitors`);
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: artifactPath('demo-recommendations.png'), fullPage: true });
  });
});
