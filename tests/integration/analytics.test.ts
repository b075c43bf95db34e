/**
 * Journey analytics end to end, on every engine under test: simulated events (real ingest
 * row mapping and event store) → sessionizeShop → rollupShop → the /api analytics
 * endpoints behind the real session-token auth. Checks the numbers against the Journey
 * table, their consistency across views, incremental = full roll-up, and shop isolation.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { installedShop, sessionToken, startTestServer, withCredentials, BROWSER_UA, type TestServer } from '../helpers/server';
import { ensureShop } from '../../app/shops/shop-rows';
import { hashClientId } from '../../app/ingest/client-hash';
import { toRow } from '../../app/ingest/pipeline';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { rollupShop } from '../../app/jobs/rollup-job';
import { createAnalyticsRouter } from '../../app/routes/api-analytics';
import { simulate } from '../../app/demo/simulator';
import type { Db } from '../../app/db/client';
import type { EventRow } from '../../app/ingest/event-store';

const SHOP_A = 'analytics-a.myshopify.com';
const SHOP_B = 'analytics-b.myshopify.com';
const RANGE = 'from=2026-01-01&to=2026-01-10';

/** The analytics router behind the real auth middleware (until server.ts mounts it). */
async function analyticsServer(s: TestServer): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.use('/api', s.server.apiAuth, createAnalyticsRouter({ db: s.db }));
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ error: String(err) });
  });
  const http: Server = await new Promise((resolve) => {
    const srv = app.listen(0, '127.0.0.1', () => resolve(srv));
  });
  // Roll-ups between requests can take longer than the default 5 s keep-alive.
  http.keepAliveTimeout = 120_000;
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => http.close(() => r())),
  };
}

/** Stores rows made by the ingest pipeline's own toRow (Prisma, to stay independent of the event store's driver). */
async function insertSimulated(db: Db, rows: EventRow[]) {
  for (let i = 0; i < rows.length; i += 500) await db.event.createMany({ data: rows.slice(i, i + 500) });
}

describe.each(PROVIDERS_UNDER_TEST)('journey analytics API on %s', (provider) => {
  let s: TestServer;
  let api: { url: string; close(): Promise<void> };
  let shopA: number;
  let lateRows: EventRow[];

  const get = async (path: string, shop = SHOP_A) => {
    const res = await fetch(`${api.url}/api${path}`, { headers: { authorization: `Bearer ${sessionToken(shop)}`, 'user-agent': BROWSER_UA } });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    s = await startTestServer({ provider, env: withCredentials() });
    const a = await installedShop(s.db, SHOP_A);
    const b = await installedShop(s.db, SHOP_B);
    shopA = a.id;
    const received = new Date();
    const rowsA: EventRow[] = [];
    const rowsB: EventRow[] = [];
    for (const e of simulate({ seed: 11, shops: 2, days: 10, events: 9_000 })) {
      const shop = e.shop === 0 ? a : b;
      const row = toRow(shop.id, e.event, hashClientId(shop.salt, e.event.clientId), e.device, received);
      (e.shop === 0 ? rowsA : rowsB).push(row);
    }
    // Hold back a slice of shop A's events (every 7th), delivered late after the first roll-up.
    lateRows = rowsA.filter((_, i) => i % 7 === 3);
    await insertSimulated(s.db, rowsA.filter((_, i) => i % 7 !== 3));
    await insertSimulated(s.db, rowsB);
    for (const id of [a.id, b.id]) {
      await sessionizeShop(s.db, id);
      await rollupShop(s.db, id);
    }
    api = await analyticsServer(s);
  });
  afterAll(async () => {
    await api?.close();
    await s?.close();
  });

  it('answers from roll-ups with numbers equal to the journeys, consistent across views', async () => {
    const filterSets = ['', '&device=mobile', '&returning=true', '&source=search&device=desktop', '&landing=product'];
    for (const f of filterSets) {
      const { status, body } = await get(`/journey-map?${RANGE}${f}`);
      expect(status).toBe(200);
      const h = body.headline.current;
      expect(h.sessions).toBeGreaterThan(0);
      expect(body.flow.totals.sessions).toBe(h.sessions);
      expect(body.funnel.steps[0].sessions).toBe(h.sessions);
      expect(body.flow.totals.purchases).toBe(h.purchases);
      expect(body.funnel.steps.at(-1).step).toBe('purchase');
      expect(body.funnel.steps.at(-1).sessions).toBe(h.purchases);
      // Ground truth: the Journey table with the same filters.
      const params = new URLSearchParams(f.slice(1));
      const where = {
        shopId: shopA,
        startedAt: { gte: new Date('2026-01-01T00:00:00Z'), lt: new Date('2026-01-11T00:00:00Z') },
        ...(params.get('device') ? { device: params.get('device')! } : {}),
        ...(params.get('returning') ? { isReturning: params.get('returning') === 'true' } : {}),
        ...(params.get('source') ? { source: params.get('source')! } : {}),
        ...(params.get('landing') ? { landingStep: params.get('landing')! } : {}),
      };
      expect(h.sessions).toBe(await s.db.journey.count({ where }));
      expect(h.purchases).toBe(await s.db.journey.count({ where: { ...where, purchased: true } }));
      // Paths to purchase and to exit split the same sessions.
      const toPurchase = await get(`/flow?${RANGE}${f}&anchor=purchase`);
      const toExit = await get(`/flow?${RANGE}${f}&anchor=exit`);
      expect(toPurchase.body.totals.sessions).toBe(h.purchases);
      expect(toPurchase.body.totals.sessions + toExit.body.totals.sessions).toBe(h.sessions);
    }
  });

  it('serves the flow with grouped, expandable nodes and the detail level with product titles', async () => {
    const { body } = await get(`/flow?${RANGE}&top=2`);
    const col1 = body.nodes.filter((n: any) => n.position === 1 && n.kind !== 'exit');
    expect(col1.some((n: any) => n.kind === 'other' && n.expandable)).toBe(true);
    const expanded = await get(`/flow?${RANGE}&top=2&expand=1`);
    expect(expanded.body.nodes.filter((n: any) => n.position === 1 && n.kind === 'step').length).toBeGreaterThan(2);
    // Links out of a node plus its exits account for every session (before the last column).
    for (const n of body.nodes.filter((x: any) => x.position === 0)) {
      const out = body.links.filter((l: any) => l.source === n.id).reduce((a: number, l: any) => a + l.sessions, 0);
      expect(out).toBe(n.sessions);
    }
    const detail = await get(`/flow?${RANGE}&detail=item&top=5`);
    expect(detail.status).toBe(200);
    expect(detail.body.detail).toBe('item');
    const h = (await get(`/headline?${RANGE}`)).body.current;
    expect(detail.body.totals.sessions).toBe(h.sessions);
    const product = detail.body.nodes.find((n: any) => n.step === 'product' && n.itemId);
    expect(product).toBeTruthy();
    expect(product.label).not.toBe(product.node);
  });

  it('serves funnel, dwell, paths, search and insights', async () => {
    const funnel = await get(`/funnel?${RANGE}&steps=session,collection,product,cart,purchase`);
    expect(funnel.status).toBe(200);
    const counts = funnel.body.steps.map((x: any) => x.sessions);
    expect([...counts].sort((x: number, y: number) => y - x)).toEqual(counts);
    expect(funnel.body.steps[1].timeFromPrevious.medianMs).toBeGreaterThan(0);
    const dwell = await get(`/dwell?${RANGE}`);
    expect(dwell.body.steps.find((d: any) => d.step === 'product').visits).toBeGreaterThan(0);
    const paths = await get(`/paths?${RANGE}&outcome=purchase&limit=5`);
    expect(paths.body.paths.length).toBeGreaterThan(0);
    expect(paths.body.paths[0].steps.at(-1)).toBe('purchase');
    const search = await get(`/search?${RANGE}`);
    expect(search.body.zeroResults.length).toBeGreaterThan(0);
    const insights = await get(`/insights?${RANGE}&limit=50`);
    expect(insights.status).toBe(200);
    expect(insights.body.insights.length).toBeGreaterThan(0);
    for (const i of insights.body.insights) {
      expect(i.title).toBeTruthy();
      expect(i.revenueAtStake).toBeGreaterThanOrEqual(0);
      expect(i.link.view).toBeTruthy();
      // How sure, from the significance tests corrected over the answer's comparisons.
      expect(i.certainty.label).toMatch(/^(Very likely real|Likely real) \(\d{2}%\)$|^Counted, not estimated$/);
      if (i.certainty.level !== 'counted') expect(i.certainty.adjustedPValue).toBeLessThan(0.05);
      // Overlaps name other listed findings, with sessions read from the roll-up.
      for (const o of i.overlaps) {
        expect(insights.body.insights.map((x: any) => x.id)).toContain(o.id);
        expect(o.sharedSessions).toBeGreaterThan(0);
      }
    }
    expect((await get(`/funnel?${RANGE}&steps=session,nope`)).status).toBe(400);
    expect((await get(`/flow?from=2026-02-01&to=2026-01-01`)).status).toBe(400);
  });

  it('incremental roll-up after late events equals a full rebuild', async () => {
    await insertSimulated(s.db, lateRows);
    await sessionizeShop(s.db, shopA);
    const inc = await rollupShop(s.db, shopA);
    expect(inc.days.length).toBeGreaterThan(0);
    const incremental = await get(`/journey-map?${RANGE}`);
    const incPaths = await get(`/paths?${RANGE}&outcome=exit&limit=50`);
    await rollupShop(s.db, shopA, { full: true });
    const full = await get(`/journey-map?${RANGE}`);
    expect(incremental.body).toEqual(full.body);
    expect(incPaths.body).toEqual((await get(`/paths?${RANGE}&outcome=exit&limit=50`)).body);
    expect(full.body.headline.current.sessions).toBe(
      await s.db.journey.count({ where: { shopId: shopA, startedAt: { gte: new Date('2026-01-01T00:00:00Z'), lt: new Date('2026-01-11T00:00:00Z') } } }),
    );
    // Nothing new: nothing rebuilt beyond the watermark margin's recent journeys.
    const again = await rollupShop(s.db, shopA);
    expect(again.journeys).toBeLessThanOrEqual(inc.journeys + full.body.headline.current.sessions);
  });

  it("keeps shops apart: shop B's session sees only shop B's analytics", async () => {
    const a = await get(`/headline?${RANGE}`, SHOP_A);
    const b = await get(`/headline?${RANGE}`, SHOP_B);
    expect(b.status).toBe(200);
    const countB = await s.db.journey.count({
      where: { shop: { domain: SHOP_B }, startedAt: { gte: new Date('2026-01-01T00:00:00Z'), lt: new Date('2026-01-11T00:00:00Z') } },
    });
    expect(b.body.current.sessions).toBe(countB);
    expect(b.body.current.sessions).not.toBe(a.body.current.sessions);
    // No parameter selects another shop; unauthenticated requests are refused.
    const sneaky = await get(`/headline?${RANGE}&shop=${SHOP_A}&shopId=${shopA}`, SHOP_B);
    expect(sneaky.body.current.sessions).toBe(countB);
    const anon = await fetch(`${api.url}/api/headline?${RANGE}`, { headers: { 'user-agent': BROWSER_UA } });
    expect(anon.status).toBe(401);
  });
});
