/**
 * The embedded admin page in a real Chromium, against a real server with simulated demo
 * data that went through the real pipeline (POST /ingest → sessionize → analytics
 * roll-up → training), in local mode (no App Bridge: the dev bypass answers the API).
 *
 * Checks content, not just loading: the journey map's headline sessions equal the funnel's
 * first step and the flow chart's total (purchases: the flow chart's equal the headline's, and
 * the closed funnel's ordered purchase step holds at most as many), before and after changing the
 * date range and a segment; insights link to the view that shows them with the same
 * numbers; what predicts a purchase (propensity card: states, ranked behaviors, quality);
 * models, settings, recommendations (with where each block is seen), error, loading and
 * first-day states.
 *
 * Screenshots: tests/artifacts/admin-*.png (git-ignored) and docs/images/admin.png (README).
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureShop } from '../../app/shops/shop-rows';
import { upsertProducts } from '../../app/catalog/products';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { rollupShop } from '../../app/jobs/rollup-job';
import { trainShop } from '../../app/jobs/train-job';
import { catalogProductRows, simulate, simulatorCatalogs } from '../../app/demo/simulator';
import { postEvents } from '../../app/demo/cli/ingest-client';
import { createAnalyticsRouter } from '../../app/routes/api-analytics';
import { REPO_ROOT } from '../../app/server';
import { initialRange } from '../../web/src/landing';
import type { ShopAnswer } from '../../app/api-contract/shop';
import type { InsightsAnswer } from '../../app/api-contract/analytics';
import { PROPENSITY_JOB_TYPE } from '../../app/jobs/propensity-job';
import { trainPropensityModel, type PropensityReport } from '../../ml/propensity/train';
import { simulatedSessions } from '../helpers/simulated-sessions';
import { artifactPath, chromiumSkipReason, launchChromiumPage, type LaunchedBrowser } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

const skip = chromiumSkipReason();

const EVENTS = 10_000;
const DAYS = 56;
const PRODUCTS = 120;
const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Numbers {
  headlineSessions: number;
  headlinePurchases: number;
  funnelFirst: number;
  funnelPurchase: number;
  sankeySessions: number;
  sankeyPurchases: number;
}

/** The numbers the journey map shows, read from the rendered page. */
async function journeyNumbers(page: Page): Promise<Numbers> {
  return page.evaluate(() => {
    const v = (sel: string, attr = 'data-value') => {
      const el = document.querySelector(sel);
      if (!el) throw new Error(`missing ${sel}`);
      return Number(el.getAttribute(attr));
    };
    const text = (sel: string) => Number((document.querySelector(sel)?.textContent ?? '').replace(/[^\d]/g, ''));
    return {
      headlineSessions: v('[data-testid="headline-sessions"]'),
      headlinePurchases: v('[data-testid="headline-purchases"]'),
      funnelFirst: v('[data-testid="funnel-session"]'),
      funnelPurchase: v('[data-testid="funnel-purchase"]'),
      sankeySessions: v('[data-testid="sankey"]', 'data-total-sessions'),
      sankeyPurchases: v('[data-testid="sankey"]', 'data-total-purchases'),
      // The visible text says the same as the attributes.
      ...(text('[data-testid="sankey-sessions"]') !== v('[data-testid="sankey"]', 'data-total-sessions') ? { mismatch: 1 } : {}),
    } as Numbers;
  });
}

/**
 * Same filters → same totals. From entry the flow chart holds every session; anchored at
 * the purchase it holds the purchasing sessions, at the exit the ones that left without buying.
 */
function expectConsistent(n: Numbers, anchor: 'start' | 'purchase' | 'exit' = 'start') {
  expect(n.headlineSessions).toBeGreaterThan(0);
  expect(n.funnelFirst).toBe(n.headlineSessions);
  // The funnel is closed (steps in order), so purchases that skipped a step (buy now) are not in it.
  expect(n.funnelPurchase).toBeLessThanOrEqual(n.headlinePurchases);
  if (anchor === 'start') {
    expect(n.sankeySessions).toBe(n.headlineSessions);
    expect(n.sankeyPurchases).toBe(n.headlinePurchases);
  } else if (anchor === 'purchase') {
    expect(n.sankeySessions).toBe(n.headlinePurchases);
    expect(n.sankeyPurchases).toBe(n.headlinePurchases);
  } else {
    expect(n.sankeySessions).toBe(n.headlineSessions - n.headlinePurchases);
    expect(n.sankeyPurchases).toBe(0);
  }
  expect(n).not.toHaveProperty('mismatch');
}

/** Waits until the journey map shows an answer for the current URL (and nothing is loading). */
async function settled(page: Page, previousSessions?: number) {
  await page.waitForSelector('[data-testid="headline-sessions"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="sankey"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="funnel-purchase"]', { timeout: 30_000 });
  if (previousSessions !== undefined) {
    await page.waitForFunction(
      (prev) => Number(document.querySelector('[data-testid="headline-sessions"]')?.getAttribute('data-value')) !== prev,
      previousSessions,
      { timeout: 30_000 },
    );
  }
  await page.waitForFunction(() => !document.querySelector('.Polaris-Spinner'), undefined, { timeout: 30_000 });
  // The funnel card asks GET /api/funnel for the same URL; its ids show once that answer is in.
  await page.waitForSelector('[data-testid="funnel-card"][data-loading="false"] [data-testid="funnel-purchase"]', { timeout: 30_000 });
}

describe.skipIf(skip)('admin page in Chromium', () => {
  let s: TestServer;
  let http: Server;
  let url: string;
  let shopDomain: string;
  let chrome: LaunchedBrowser;
  let page: Page;
  let pageErrors: string[];
  const timings: Record<string, number> = {};

  /** The propensity card says what the report says: ranked behaviors with their numbers, and the model's quality. */
  const expectPropensityCard = async (r: PropensityReport) => {
    const card = page.locator('[data-testid="propensity"]');
    const text = await card.innerText();
    expect(text).toContain(`Behaviors in the first ${r.k} steps of a visit`);
    expect(text).toContain(`your ${r.sessions.eligible.toLocaleString('en-US')} most recent visits that reached ${r.k} steps`);

    // Ranked behaviors, in the report's order within each direction, each with its multiplier and buy rates.
    const rows = card.locator('[data-testid="propensity-driver"]');
    expect(await rows.count()).toBe(r.drivers.length);
    if (r.drivers.length === 0) expect(text).toContain(`With ${r.positives.eligible.toLocaleString('en-US')} buying visits so far, no single early behavior stands out`);
    const shown = await rows.evaluateAll((els) => els.map((e) => ({ feature: e.getAttribute('data-feature'), text: (e as HTMLElement).innerText })));
    const ordered = [...r.drivers.filter((d) => d.direction === 'more_likely'), ...r.drivers.filter((d) => d.direction === 'less_likely')];
    expect(shown.map((x) => x.feature)).toEqual(ordered.map((d) => d.feature));
    const rank = { more_likely: 0, less_likely: 0 };
    for (let i = 0; i < ordered.length; i++) {
      const d = ordered[i];
      const row = shown[i].text;
      expect(row.startsWith(`${++rank[d.direction]}. ${d.behaviour}`)).toBe(true);
      expect(row).toContain(`${(d.rateWith * 100).toFixed(1)}% of these visits bought, against ${(d.rateWithout * 100).toFixed(1)}% of the others`);
      expect(row).toContain(`${d.sessionsWith.toLocaleString('en-US')} of ${r.sessions.eligible.toLocaleString('en-US')} visits`);
      if (d.direction === 'more_likely') expect(row).toMatch(d.effect < 10 ? `${d.effect.toFixed(1)}× as likely to buy` : /\d+× as likely to buy|Only these visits bought/);
      else expect(row).toMatch(d.effect > 0.1 ? `${(1 / d.effect).toFixed(1)}× less likely to buy` : /\d+× less likely to buy|None of these visits bought/);
      if (d.oddsRatio > 0 && d.oddsRatio < 999) expect(row).toContain(`odds ×${d.oddsRatio.toFixed(1)}`);
    }
    if (rank.more_likely) expect(text).toContain('Make buying more likely');
    if (rank.less_likely) expect(text).toContain('Make buying less likely');

    // Quality, against guessing and the base rate, for the model that was selected.
    const sel = r.selected === 'mlp' ? r.mlp! : r.logistic!;
    expect(Number(await card.locator('[data-testid="propensity-auc"]').getAttribute('data-value'))).toBeCloseTo(sel.auc!, 10);
    expect(text).toContain(`AUC ${sel.auc!.toFixed(2)}; 0.50 is guessing`);
    expect(text).toContain(`Tested on your ${r.sessions.test.toLocaleString('en-US')} most recent visits`);
    expect(text).toContain(`${r.positives.test.toLocaleString('en-US')} of those visits bought (base rate ${(r.testBaseRate! * 100).toFixed(1)}%)`);
    if (r.positives.test < 30) expect(text).toContain(`Only ${r.positives.test} of the test visits bought, so this score is rough`);
    expect(text).toContain(`Model: ${r.selected === 'mlp' ? 'neural network' : 'logistic regression'}`);
    const verdict = await card.locator('[data-testid="propensity-quality"]').innerText();
    // (Polaris badges also carry their tone, "Info" / "Warning", for screen readers)
    expect(verdict.split('\n').pop()).toBe(sel.auc! < 0.55 ? 'No better than guessing' : sel.auc! < 0.65 ? 'Weak signal' : sel.auc! < 0.75 ? 'Moderate signal' : sel.auc! < 0.85 ? 'Good signal' : 'Strong signal');
    expect(text).toContain('not proof of cause');
  };

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}/api${path}`);
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    const t0 = performance.now();
    s = await startTestServer({ backgroundJobs: true }); // the page's retrain button runs a real job
    shopDomain = s.config.devShop!;
    const shop = await ensureShop(s.db, shopDomain);
    const [catalog] = simulatorCatalogs({ seed: 7, products: PRODUCTS });
    await upsertProducts(
      s.db,
      shop.id,
      catalogProductRows(catalog).map((p) => ({ ...p, tags: p.tags.join(',') })),
    );

    // The analytics API in front of the app when server.ts does not mount it (yet).
    const outer = express();
    const probe = await fetch(`${s.url}/api/headline`);
    if (probe.status === 404) {
      outer.use('/api', s.server.apiAuth, createAnalyticsRouter({ db: s.db }));
    }
    outer.use(s.server.app);
    outer.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).json({ error: String(err) });
    });
    http = await new Promise<Server>((resolve) => {
      const srv = outer.listen(0, '127.0.0.1', () => resolve(srv));
    });
    http.keepAliveTimeout = 120_000;
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

    // Simulated shoppers over the last 8 weeks (so "last 30 days" has a previous period),
    // through the real ingest endpoint, then the real pipeline.
    const start = Date.parse(`${dayOf(Date.now() - (DAYS - 1) * DAY_MS)}T00:00:00Z`);
    const posted = await postEvents({
      baseUrl: url,
      shopKey: shop.shopKey,
      perClient: true,
      concurrency: 4,
      events: (function* () {
        let n = 0;
        for (const e of simulate({ seed: 7, events: EVENTS, products: PRODUCTS, days: DAYS - 0.5, startDate: start })) {
          yield { event: e.event, userAgent: e.userAgent };
          // The "You may also like" block on product pages, as the theme block reports it:
          // a view on most product pages, a click on some of them.
          if (e.event.name === 'product_viewed' && e.event.productId && n++ % 4 !== 0) {
            const base = { clientId: e.event.clientId, path: e.event.path, placement: 'also_like', strategy: n % 10 === 0 ? 'fallback' : 'model' };
            yield { event: { ...base, id: `${e.event.id}-ri`, name: 'waymark:rec_impression' as const, ts: e.event.ts + 400, items: [e.event.productId] }, userAgent: e.userAgent };
            if (n % 7 === 0) {
              yield { event: { ...base, id: `${e.event.id}-rc`, name: 'waymark:rec_click' as const, ts: e.event.ts + 900, productId: e.event.productId }, userAgent: e.userAgent };
            }
          }
        }
      })(),
    });
    expect(posted.failed).toBe(0);
    // Background jobs started by ingestion finish first, so nothing changes the numbers
    // while the page is being checked against the API.
    await s.server.jobs.idle();
    await sessionizeShop(s.db, shop.id);
    await rollupShop(s.db, shop.id);
    await s.server.jobs.idle();
    await trainShop(s.db, shop.id);
    timings.setupSeconds = Math.round((performance.now() - t0) / 100) / 10;

    ({ chrome, page, pageErrors } = await launchChromiumPage({ viewport: { width: 1280, height: 900 } }));
  }, 180_000);

  afterAll(async () => {
    console.info(`admin browser test timings: ${JSON.stringify(timings)}`);
    await chrome?.close();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    await s?.close();
  });

  it('journey map: first render under 2 s, and headline, funnel and flow chart agree', async () => {
    // Navigation start → headline numbers and the flow chart on screen (warm HTTP cache,
    // as for a merchant opening the app again; the cold load is logged too).
    const firstRender = async () => {
      await page.goto(`${url}/`, { waitUntil: 'commit' });
      await page.waitForSelector('[data-testid="sankey"] [data-node]', { timeout: 30_000 });
      await page.waitForSelector('[data-testid="headline-sessions"]');
      return page.evaluate(() => performance.now());
    };
    timings.coldFirstRenderMs = Math.round(await firstRender());
    const warm = await firstRender();
    timings.firstRenderMs = Math.round(warm);
    // The 2 s goal is measured by `npm run bench -- --only journey-map` on a quiet machine;
    // here, on a shared runner, only a gross regression fails (a timed test is no benchmark).
    timings.loadPerCore = Math.round((loadavg()[0] / cpus().length) * 10) / 10;
    expect(warm).toBeLessThan(15_000);
    await settled(page);

    expect(await page.locator('h1').innerText()).toBe('Journey map');
    const n = await journeyNumbers(page);
    expectConsistent(n);

    // The same numbers as the API, for the page's default range (the last 30 days that have data).
    const { from, to: today } = initialRange(await api<ShopAnswer>('/shop'));
    const map = await api<{ headline: { current: { sessions: number; purchases: number; revenue: number } } }>(`/journey-map?from=${from}&to=${today}`);
    expect(n.headlineSessions).toBe(map.headline.current.sessions);
    expect(n.headlinePurchases).toBe(map.headline.current.purchases);
    const body = await page.locator('body').innerText();
    expect(body).toContain(map.headline.current.sessions.toLocaleString('en-US'));
    expect(body).toMatch(/Conversion rate\s+\d+\.\d\d%/);
    expect(body).toContain('How shoppers move through your store');
    expect(body).toMatch(/Product page/);
    // The 8 weeks of data do not cover the whole previous 30 days, so no comparison by default
    // (it would read as growth from a period Waymark only partly recorded); asked for, it shows.
    expect(body).not.toMatch(/Was [\d,]+/);
    await page.getByLabel('Compare with the previous period').check();
    await page.waitForFunction(() => /Was [\d,]+/.test(document.body.innerText), undefined, { timeout: 30_000 });
    // Funnel table: default steps, conversion and median times.
    for (const step of ['Sessions', 'Product page', 'Cart', 'Checkout', 'Purchase']) expect(body).toContain(step);
    expect(body).toContain('Median time from previous step');
    // Top paths to purchase list real paths.
    await page.waitForSelector('[data-testid="paths-purchase"]');
    expect(await page.locator('[data-testid="paths-purchase"]').innerText()).toMatch(/→ Purchase|→ …/);

    await page.screenshot({ path: artifactPath('admin-journey-map.png'), fullPage: true });
    // The README's picture: the top of the journey map (filters, headline, flow chart),
    // with the setup checklist dismissed as a merchant would after setting up.
    const dismiss = page.getByRole('button', { name: 'Dismiss' });
    if (await dismiss.count()) await dismiss.click();
    await page.waitForFunction(() => !document.body.innerText.includes('Set up Waymark'));
    const readme = join(REPO_ROOT, 'docs/images/admin.png');
    await page.screenshot({ path: readme, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1010 } });
    expect(statSync(readme).size).toBeLessThan(400_000);
    await page.evaluate(() => localStorage.clear());
  }, 120_000);

  it('changing the date range and a segment changes the numbers, which still agree across views', async () => {
    await page.goto(`${url}/`);
    await settled(page);
    const all = await journeyNumbers(page);

    await page.getByLabel('Date range').selectOption('7');
    await settled(page, all.headlineSessions);
    const week = await journeyNumbers(page);
    expectConsistent(week);
    expect(week.headlineSessions).toBeLessThan(all.headlineSessions);
    expect(page.url()).toContain(`from=${dayOf(Date.now() - 6 * DAY_MS)}`);

    await page.getByLabel('Device').selectOption('mobile');
    await settled(page, week.headlineSessions);
    const mobile = await journeyNumbers(page);
    expectConsistent(mobile);
    expect(mobile.headlineSessions).toBeLessThan(week.headlineSessions);
    expect(await page.locator('body').innerText()).toContain('Segment: Mobile');
    await page.screenshot({ path: artifactPath('admin-journey-map-7d-mobile.png'), fullPage: true });

    // The API agrees for the same filters.
    const q = new URL(page.url()).searchParams;
    const funnel = await api<{ steps: Array<{ step: string; sessions: number }> }>(`/funnel?from=${q.get('from')}&to=${q.get('to')}&device=mobile`);
    expect(funnel.steps[0].sessions).toBe(mobile.headlineSessions);

    // Anchored at the purchase: the flow chart holds exactly the purchasing sessions.
    await page.getByRole('button', { name: 'To purchase' }).click();
    await page.waitForFunction(() => document.body.innerText.includes('How shoppers get to a purchase'));
    await settled(page);
    const toPurchase = await journeyNumbers(page);
    expectConsistent(toPurchase, 'purchase');
    expect(toPurchase.sankeySessions).toBe(mobile.headlinePurchases);
    expect(toPurchase.headlineSessions).toBe(mobile.headlineSessions);
    expect(await page.locator('body').innerText()).toContain(`${mobile.headlinePurchases.toLocaleString('en-US')} sessions that purchased`);

    // Back to all devices: the numbers return.
    await page.getByLabel('Device').selectOption('');
    await settled(page, mobile.headlineSessions);
    expect((await journeyNumbers(page)).headlineSessions).toBe(week.headlineSessions);
  });

  it('flow chart: "Other" groups expand, and the level of detail switches to products', async () => {
    await page.goto(`${url}/?top=4`);
    await settled(page);
    const nodes = await page.locator('[data-testid="sankey"] [data-node]').count();
    const other = page.locator('[data-testid="sankey"] [data-node$=":other"] rect').first();
    expect(await page.locator('[data-testid="sankey"] [data-node$=":other"]').count()).toBeGreaterThan(0);
    await other.click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="sankey"] [data-node]').length > n, nodes);
    expect(page.url()).toContain('expand=');
    expectConsistent(await journeyNumbers(page));

    await page.getByLabel('Level of detail').selectOption('item');
    await page.waitForFunction(() => document.querySelector('[data-testid="sankey"] [data-node*=":product:"]') !== null, undefined, { timeout: 30_000 });
    await settled(page);
    // Product titles from the catalog label the nodes.
    const labels = await page.locator('[data-testid="sankey"] text').allTextContents();
    expect(labels.join(' ')).toMatch(/[A-Z][a-z]+ [A-Z][a-z]+/);
    await page.screenshot({ path: artifactPath('admin-journey-map-products.png'), fullPage: true });
  });

  it('funnel steps are the admin\'s choice', async () => {
    await page.goto(`${url}/?steps=session,collection,cart,purchase`);
    await settled(page);
    const n = await journeyNumbers(page);
    expectConsistent(n);
    const cart = Number(await page.locator('[data-testid="funnel-cart"]').getAttribute('data-value'));
    const collection = Number(await page.locator('[data-testid="funnel-collection"]').getAttribute('data-value'));
    expect(collection).toBeLessThanOrEqual(n.funnelFirst);
    expect(cart).toBeLessThanOrEqual(collection);
    expect(await page.locator('[data-testid="funnel-product"]').count()).toBe(0);
  });

  it('insights: ranked findings with sessions and money at stake, each opening the view that shows it', async () => {
    await page.goto(`${url}/app/insights`);
    await page.waitForSelector('[data-testid="insight"], .Polaris-EmptyState', { timeout: 30_000 });
    const { from, to: today } = initialRange(await api<ShopAnswer>('/shop'));
    const { insights } = await api<InsightsAnswer>(`/insights?from=${from}&to=${today}&limit=20`);
    expect(insights.length).toBeGreaterThan(0);
    const body = await page.locator('body').innerText();
    expect(body).toContain(insights[0].title);
    expect(body).toMatch(/\$[\d,.]+\s*at stake/);
    // Ranked by money at stake.
    for (let i = 1; i < insights.length; i++) expect(insights[i - 1].revenueAtStake).toBeGreaterThanOrEqual(insights[i].revenueAtStake);
    // Each finding says how sure it is in words, with the numbers in a details line, and
    // names the findings about largely the same sessions.
    const cards = page.locator('[data-testid="insight"]');
    expect(await cards.count()).toBe(insights.length);
    for (const [n, insight] of insights.entries()) {
      const card = cards.nth(n);
      const certainty = card.locator('[data-testid="insight-certainty"]');
      expect(await certainty.getAttribute('data-level')).toBe(insight.certainty.level);
      const words = await certainty.innerText();
      expect(words).toContain(insight.certainty.label);
      expect(insight.certainty.label).toMatch(/^(Very likely real|Likely real) \(\d{2}%\)$|^Counted, not estimated$/);
      expect(words).toContain(`Details: ${insight.certainty.details}`);
      if (insight.certainty.level !== 'counted') expect(insight.certainty.adjustedPValue!).toBeLessThan(0.05);
      const overlaps = card.locator('[data-testid="insight-overlaps"]');
      expect(await overlaps.count()).toBe(insight.overlaps.length ? 1 : 0);
      for (const o of insight.overlaps) expect(await overlaps.innerText()).toContain(`“${o.title}” (${o.sharedSessions.toLocaleString('en-US')} sessions in both`);
      if (insight.overlaps.length) expect(await overlaps.innerText()).toContain("don't add them up");
    }
    await page.screenshot({ path: artifactPath('admin-insights.png'), fullPage: true });

    // A segment finding opens the journey map filtered to that segment, showing its sessions.
    const seg = insights.find((i) => i.kind === 'segment_conversion');
    if (seg) {
      const card = page.locator('[data-testid="insight"]').filter({ hasText: seg.title });
      await card.getByRole('button').click();
      await settled(page);
      const n = await journeyNumbers(page);
      expect(n.headlineSessions).toBe(seg.sessionsAtStake);
      expectConsistent(n, 'exit');
      const q = new URL(page.url()).searchParams;
      for (const [k, v] of Object.entries(seg.link.params)) if (k !== 'anchor') expect(q.get(k)).toBe(v);
      expect(await page.locator('body').innerText()).toContain('How shoppers get to leaving');
    }
  });

  it('insights: what predicts a purchase (error, not estimated, estimating, then the real report with an honest quality)', async () => {
    // The card's own states, from a stubbed GET: an error with a retry, then "not estimated yet".
    let stub: 'error' | 'not_trained' | null = 'error';
    await page.route('**/api/propensity', async (route) => {
      if (!stub || route.request().method() !== 'GET') return route.fallback();
      if (stub === 'error') return route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"database unavailable"}}' });
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ status: 'not_trained', message: 'not yet', training: null, lastError: null }) });
    });
    // The real training request, slowed down so the progress state is on screen for a moment.
    await page.route('**/api/propensity/train', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.fallback();
    });
    const card = page.locator('[data-testid="propensity"]');
    await page.goto(`${url}/app/insights`);
    await page.waitForSelector('[data-testid="propensity"][data-state="error"]', { timeout: 30_000 });
    expect(await card.innerText()).toContain('Purchase predictions could not be loaded');
    // The fault in plain words, never the server's own message.
    expect(await card.innerText()).toContain('Something went wrong on our side; your data is safe.');
    expect(await card.innerText()).not.toContain('database unavailable');
    stub = 'not_trained';
    await card.getByRole('button', { name: 'Try again' }).click();
    await page.waitForSelector('[data-testid="propensity"][data-state="not_trained"]', { timeout: 30_000 });
    expect(await card.innerText()).toContain('What predicts a purchase');
    expect(await card.innerText()).toContain('has not looked for the early signs of buying');
    await card.screenshot({ path: artifactPath('admin-insights-propensity-not-trained.png') });

    // The button trains on the store's real visits: progress first, then the report.
    stub = null;
    await card.getByRole('button', { name: 'Find out now' }).click();
    await page.waitForSelector('[data-testid="propensity-progress"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="propensity"][data-state="ok"], [data-testid="propensity"][data-state="insufficient_data"]', { timeout: 180_000 });
    await page.unroute('**/api/propensity');
    await page.unroute('**/api/propensity/train');

    const { status, report: r } = await api<{ status: string; report: PropensityReport }>('/propensity');
    expect(status).toBe('ready');
    // ~1,000 simulated visits, about 50 of them buying after 3 steps: enough to test a model
    expect(r.status).toBe('ok');
    await expectPropensityCard(r);
    await card.screenshot({ path: artifactPath('admin-insights-propensity-small-store.png') });
  }, 240_000);

  it('insights: what predicts a purchase, ranked behaviors with their numbers (a store with 5,000 visits)', async () => {
    // The test store is small: its behaviors are too weak to name (the card says so). This
    // report is the real pipeline's (ml/propensity) on a larger simulated history, stored as
    // the propensity job stores it, so the card shows a store where behaviors stand out.
    const { sessions } = simulatedSessions({ seed: 11, sessions: 5000, days: 30 });
    const report = await trainPropensityModel(sessions, { k: 3 });
    expect(report.status).toBe('ok');
    expect(report.drivers.length).toBeGreaterThan(1);
    const shop = await ensureShop(s.db, shopDomain);
    await s.db.job.create({
      data: { shopId: shop.id, type: PROPENSITY_JOB_TYPE, status: 'succeeded', progress: 1, message: 'trained', startedAt: new Date(), finishedAt: new Date(), result: JSON.stringify(report) },
    });
    const { report: r } = await api<{ report: PropensityReport }>('/propensity');
    expect(r.sessions.eligible).toBe(report.sessions.eligible);

    const card = page.locator('[data-testid="propensity"]');
    await page.goto(`${url}/app/insights`);
    await page.waitForSelector('[data-testid="propensity"][data-state="ok"] [data-testid="propensity-driver"]', { timeout: 30_000 });
    await expectPropensityCard(r);
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: artifactPath('admin-insights-propensity.png') });
    await page.screenshot({ path: artifactPath('admin-insights-with-propensity.png'), fullPage: true });
  }, 120_000);

  it('models: active model against best sellers, history, retrain', async () => {
    await page.goto(`${url}/app/models`);
    await page.waitForSelector('text=Training history', { timeout: 30_000 });
    const models = await api<{ active: { version: number; metrics: { hr20?: number; mrr20?: number } } | null; history: unknown[] }>('/models');
    expect(models.active).not.toBeNull();
    let body = await page.locator('body').innerText();
    expect(body).toContain('Active model');
    expect(body).toContain(`Version ${models.active!.version}`);
    if (typeof models.active!.metrics.hr20 === 'number') {
      expect(await page.locator('[data-testid="metric-hr20"]').innerText()).toBe(models.active!.metrics.hr20.toFixed(3));
      expect(body).toMatch(/vs best sellers/);
      // In a merchant's words first; the metric names only in the details line.
      const sentence = await page.locator('[data-testid="quality-sentence"]').innerText();
      expect(sentence).toContain(`For ${Math.round(models.active!.metrics.hr20 * 100)}% of the product views we tested, the product the shopper opened next was among the 20 Waymark would have shown.`);
      expect(sentence).not.toMatch(/HR|MRR|@20/);
    }
    await page.screenshot({ path: artifactPath('admin-models.png'), fullPage: true });

    // Retrain: a new version appears (progress shows while it runs). Retrained on the same
    // sessions it cannot beat the live one on new ones, so it waits as a challenger and the
    // page says why; one click puts it live, and the previous version shows as replaced.
    const next = models.active!.version + 1;
    await page.getByRole('button', { name: 'Retrain now' }).click();
    await page.waitForFunction((v) => document.body.innerText.includes(`v${v}`), next, { timeout: 60_000 }).catch(async (e) => {
      throw new Error(`${(e as Error).message}\n${await page.locator('body').innerText()}`);
    });
    type Listed = { active: { version: number }; training: unknown; history: Array<{ version: number; status: string; decision: string | null }> };
    let after = await api<Listed>('/models');
    for (const until = Date.now() + 30_000; after.training && Date.now() < until; after = await api<Listed>('/models')) await new Promise((r) => setTimeout(r, 200));
    const latest = after.history[0];
    const live = models.active!.version;
    expect(latest.version).toBeGreaterThanOrEqual(next);
    expect(latest.decision).toBeTruthy();
    if (latest.status === 'challenger') {
      await page.waitForFunction((v) => document.body.innerText.includes(`Version ${v} is not live`), latest.version, { timeout: 15_000 });
      expect(await page.locator('body').innerText()).toContain(latest.decision!);
      await page.getByRole('button', { name: 'Make live' }).first().click();
    }
    await page.waitForFunction(
      ([v, old]) => document.body.innerText.includes(`Version ${v} ·`) && document.body.innerText.includes(`Roll back to v${old}`),
      [latest.version, live],
      { timeout: 15_000 },
    );
    body = await page.locator('body').innerText();
    expect(body).toContain('Replaced');
    // One click rolls back.
    await page.getByRole('button', { name: `Roll back to v${live}` }).click();
    await page.waitForFunction((v) => document.body.innerText.includes(`Version ${v} ·`), live, { timeout: 15_000 });
    expect((await api<Listed>('/models')).active.version).toBe(live);
  });

  it('recommendations: block results with the attribution window stated, and theme-editor links', async () => {
    await page.goto(`${url}/app/recommendations`);
    await page.waitForFunction(() => /Block views|not available yet|has seen a Waymark block/.test(document.body.innerText), undefined, {
      timeout: 30_000,
    });
    const res = await fetch(`${url}/api/recommendations/performance`);
    const body = await page.locator('body').innerText();
    if (res.status === 404) {
      expect(body).toContain('Recommendation results are not available yet');
    } else {
      const perf = (await res.json()) as { total: { impressions: number }; windowDays: number };
      if (perf.total.impressions === 0) {
        // The simulated store has no block traffic: say so and show how to add the blocks.
        expect(body).toContain('No shopper has seen a Waymark block yet');
        expect(body).toContain('holdout group');
      } else {
        expect(await page.locator('[data-testid="rec-impressions"]').innerText()).toBe(perf.total.impressions.toLocaleString('en-US'));
        expect(body).toContain(`within ${perf.windowDays} days of the click`);
        expect(body).toContain('Lift over the holdout group');
        // Where each block was seen: the simulated "You may also like" block is on product pages.
        const placements = (perf as unknown as { placements: Array<{ placement: string; pageTypes: Array<{ type: string; impressions: number }>; pages: number; lastSeen: string | null }> }).placements;
        const also = placements.find((p) => p.placement === 'also_like')!;
        expect(also.pageTypes.map((t) => t.type)).toEqual(['product']);
        expect(also.pages).toBeGreaterThan(10);
        expect(also.lastSeen).not.toBeNull();
        const seen = page.locator('[data-testid="placement-seen"][data-placement="also_like"]');
        expect(await seen.getAttribute('data-page-types')).toBe('product');
        const seenText = await seen.innerText();
        expect(seenText).toContain('Product pages');
        expect(seenText).toContain(`${also.pages.toLocaleString('en-US')} pages`);
        expect(seenText).toMatch(/last seen (just now|\d+ (min|h) ago|\d+ days? ago)/);
        expect(body).toContain('Seen on');
      }
    }
    // Blocks no shopper has seen yet get a link that adds them in the theme editor.
    const href = await page.getByRole('link', { name: 'Add “Frequently bought together”' }).first().getAttribute('href');
    expect(href).toBe(`https://${shopDomain}/admin/themes/current/editor?template=product&addAppBlockId=waymark/bought-together&target=newAppsSection`);
    await page.screenshot({ path: artifactPath('admin-recommendations.png'), fullPage: true });
  });

  it('loading skeletons, then a merchant-facing error with a retry', async () => {
    let fail = true;
    await page.route('**/api/journey-map?*', async (route) => {
      await new Promise((r) => setTimeout(r, 800));
      if (fail) await route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"internal error"}}' });
      else await route.continue();
    });
    await page.goto(`${url}/?from=2020-01-01&to=2020-01-07`);
    await page.waitForSelector('[class*="Polaris-SkeletonDisplayText"]', { timeout: 10_000 });
    await page.waitForSelector('text=The journey map could not be loaded', { timeout: 30_000 });
    // In plain words (web/src/error-text.ts), not the server's raw message.
    const failed = await page.locator('body').innerText();
    expect(failed).toContain('Something went wrong on our side; your data is safe.');
    expect(failed).not.toContain('internal error');
    fail = false;
    await page.getByRole('button', { name: 'Try again' }).click();
    // A range without data: guidance instead of empty charts.
    await page.waitForSelector('text=/No sessions between Jan 1, 2020 and Jan 7, 2020/', { timeout: 30_000 });
    expect(await page.locator('body').innerText()).toContain('try a wider date range');
    await page.unroute('**/api/journey-map?*');
  });

  it('settings: saves the session gap, explains consent, and deletes data behind a confirmation', async () => {
    await page.goto(`${url}/app/settings`);
    const gap = page.getByLabel('Session gap');
    await gap.waitFor({ timeout: 30_000 });
    expect(await page.locator('body').innerText()).toContain('Shopify tells Waymark whether each shopper allows analytics');
    await gap.fill('45');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('[data-testid="toast"] >> text=Settings saved');
    expect((await api<{ sessionGapMinutes: number }>('/settings')).sessionGapMinutes).toBe(45);

    // Out-of-range values come back as a field error from the server, shown as what the field allows.
    await gap.fill('2');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForSelector('text=Use a whole number of minutes from 5 to 240.');
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.screenshot({ path: artifactPath('admin-settings.png'), fullPage: true });

    await page.getByRole('button', { name: 'Delete collected data…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Delete data' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type ${shopDomain} to confirm`).fill(shopDomain);
    expect(await confirm.isDisabled()).toBe(false);
    await page.screenshot({ path: artifactPath('admin-settings-delete.png') });
    await confirm.click();
    await page.waitForSelector('text=/Deleted [\\d,]+ events/');

    // First-day state: the journey map explains what happens next instead of empty charts.
    await page.goto(`${url}/`);
    await page.waitForSelector('text=Your journey map fills in as shoppers arrive', { timeout: 30_000 });
    expect(await page.locator('body').innerText()).toContain('Set up Waymark');
    await page.screenshot({ path: artifactPath('admin-first-day.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

});
