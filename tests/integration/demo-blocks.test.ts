/**
 * The demo's simulation path on a fresh SQLite database: the dev shop and its catalog, the
 * simulated shoppers through POST /ingest with the theme blocks asking the signed app proxy
 * endpoint, the first model after FIRST_MODEL_DAY days, then sessionizing. The
 * Recommendations page's report (app/recs/performance-report.ts) must then show both arms:
 * block impressions, clicks and attributed orders for visitors who saw Waymark's
 * recommendations, and, for the holdout (whose blocks show the theme's own recommendations,
 * with `strategy: 'holdout'`), exposed visitors who bought. The report leaves the holdout's
 * clicks out of the blocks' figures, so its impressions, clicks and attributed orders are
 * counted here with the same attribution rules (computePerformance) over its events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstModel, ingestSimulated, setUpDevShop } from '../../app/demo/cli/demo-pipeline';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { performanceReport } from '../../app/recs/performance-report';
import { computePerformance, type RecEvent } from '../../app/recs/performance';
import type { PerformanceAnswer } from '../../app/api-contract/recs';
import type { LineItem } from '../../app/api-contract/ingest';
import { startTestServer, type TestServer } from '../helpers/server';

const EVENTS = 12_000;
/** A larger holdout than the shop's default 10%, so a short simulation has buyers in both arms. */
const HOLDOUT_PERCENT = 30;

describe('the demo simulation on a fresh SQLite database', () => {
  let s: TestServer;
  let shopId: number;
  let report: PerformanceAnswer;
  let blockRequests: { requests: number; failed: number; groups: Record<string, number> };

  beforeAll(async () => {
    s = await startTestServer({ provider: 'sqlite' });
    const devShop = s.config.devShop!;
    const run = { eventsTarget: EVENTS, seed: '7', products: 240, devShop, apiSecret: s.config.shopify.apiSecret };
    const { shop } = await setUpDevShop(s.db, run);
    shopId = shop.id;
    await s.db.shop.update({ where: { id: shop.id }, data: { holdoutPercent: HOLDOUT_PERCENT } });
    const ingested = await ingestSimulated(s.url, shop, run, () => firstModel(s.server, s.db, shop.id));
    expect(ingested.posted.failed).toBe(0);
    expect(ingested.posted.accepted).toBe(EVENTS);
    blockRequests = ingested.blocks;
    await sessionizeShop(s.db, shop.id);
    const row = await s.db.shop.findUniqueOrThrow({ where: { id: shop.id } });
    const answer = await performanceReport(s.db, row, {});
    if (!answer.ok) throw new Error(JSON.stringify(answer.problem));
    report = answer.value;
  }, 180_000);

  afterAll(async () => {
    await s?.close();
  });

  it('asked the real endpoint, which split visitors into both groups', () => {
    expect(blockRequests.failed).toBe(0);
    expect(blockRequests.groups.treatment).toBeGreaterThan(0);
    expect(blockRequests.groups.holdout).toBeGreaterThan(0);
    // The shop's holdout share, give or take: the endpoint's hash assignment decides.
    const share = blockRequests.groups.holdout / blockRequests.requests;
    expect(share).toBeGreaterThan((HOLDOUT_PERCENT / 100) * 0.6);
    expect(share).toBeLessThan((HOLDOUT_PERCENT / 100) * 1.4);
  });

  it('treatment: impressions, clicks and orders attributed to clicks, on every simulated placement', () => {
    expect(report.total.impressions).toBeGreaterThan(500);
    expect(report.total.clicks).toBeGreaterThan(20);
    expect(report.total.ctr).toBeGreaterThan(0);
    expect(report.total.ctr).toBeLessThan(0.3);
    expect(report.total.attributedOrders).toBeGreaterThan(0);
    expect(report.total.attributedRevenue).toBeGreaterThan(0);
    expect(report.placements.map((p) => p.placement).sort()).toEqual(['also_like', 'bought_together', 'recommended']);
    const pageTypes = Object.fromEntries(report.placements.map((p) => [p.placement, p.pageTypes.map((t) => t.type)]));
    expect(pageTypes).toEqual({ also_like: ['product'], bought_together: ['cart'], recommended: ['home'] });
    expect(report.lift.treatment.visitors).toBeGreaterThan(0);
    expect(report.lift.treatment.purchases).toBeGreaterThan(0);
  });

  it('holdout: exposed visitors who bought, and the theme recommendations they saw, clicked and bought from', async () => {
    expect(report.lift.holdout.visitors).toBeGreaterThan(0);
    expect(report.lift.holdout.purchases).toBeGreaterThan(0);
    expect(report.lift.relative).not.toBeNull();

    const rows = await s.db.event.findMany({
      where: { shopId, OR: [{ name: { in: ['waymark:rec_impression', 'waymark:rec_click'] }, strategy: 'holdout' }, { name: { in: ['product_added_to_cart', 'checkout_completed'] } }] },
      select: { name: true, clientHash: true, journeyId: true, ts: true, placement: true, strategy: true, productId: true, path: true, lines: true },
    });
    // The holdout's events under another strategy name, through the report's own attribution.
    const events: RecEvent[] = rows.map((r) => ({
      ...r,
      name: r.name as RecEvent['name'],
      ts: r.ts.getTime(),
      strategy: r.strategy === 'holdout' ? 'theme' : r.strategy,
      lines: r.lines ? (JSON.parse(r.lines) as LineItem[]) : undefined,
    }));
    const holdout = computePerformance(events, []).total;
    expect(holdout.impressions).toBeGreaterThan(0);
    expect(holdout.clicks).toBeGreaterThan(0);
    expect(holdout.attributedOrders).toBeGreaterThan(0);
    console.info(`[demo-blocks] treatment ${JSON.stringify(report.total)} lift ${JSON.stringify(report.lift)}; holdout theme blocks ${JSON.stringify(holdout)}`);
  });
});
