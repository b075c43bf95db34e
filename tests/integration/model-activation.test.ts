/**
 * Champion/challenger on both databases: a retrain goes live only when it beats the live
 * model on the same recent window (sessions neither has trained on) by the margin, or no
 * model is live; otherwise it is kept as a challenger with its reason. One API call rolls
 * back. Empty, one-product and tiny stores never put a broken model live.
 *
 * The stores are simulated, and their events are written in two parts split at one time:
 * the live model is trained on the first part, the new one on everything, so the sessions
 * of the second part are new to the live model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../app/db/client';
import { providerFromUrl } from '../../app/db/url';
import { ensureShop } from '../../app/shops/shop-rows';
import { upsertProducts } from '../../app/catalog/products';
import { createEventStore } from '../../app/ingest/event-store';
import { toRow } from '../../app/ingest/pipeline';
import { hashClientId } from '../../app/ingest/client-hash';
import type { JourneyEvent } from '../../app/api-contract/ingest';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { trainShop } from '../../app/jobs/train-job';
import { simulate, simulatorCatalogs, catalogProductRows } from '../../app/demo/simulator';
import { freshDb, type FreshDb } from '../helpers/db';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { BROWSER_UA, sessionToken, startTestServer, withCredentials, type TestServer } from '../helpers/server';

const PRODUCTS = 80;
const EVENTS = 8_000;
/** small stores: validate and compare on fewer predictions than production's defaults */
const SMALL = { minValidationEvents: 50, minComparisonEvents: 30 } as const;

async function writeEvents(db: Db, url: string, shopId: number, events: Iterable<JourneyEvent>): Promise<void> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const store = createEventStore({ provider: providerFromUrl(url), url });
  let batch = [];
  for (const e of events) {
    batch.push(toRow(shopId, e, hashClientId(shop.salt, e.clientId), 'desktop', new Date()));
    if (batch.length === 500) {
      await store.insert(batch);
      batch = [];
    }
  }
  if (batch.length) await store.insert(batch);
  await store.close();
  await sessionizeShop(db, shopId);
}

/** A simulated shop; returns a function that writes the events before / from `cut` (share of the time span). */
async function simulatedShop(f: FreshDb, domain: string, seed: string) {
  const shop = await ensureShop(f.db, domain);
  const [catalog] = simulatorCatalogs({ seed, products: PRODUCTS });
  const rows = catalogProductRows(catalog);
  await upsertProducts(f.db, shop.id, rows.map((p) => ({ ...p, tags: p.tags.join(',') })));
  const all = [...simulate({ seed, events: EVENTS, products: PRODUCTS, days: 30 })].map((e) => e.event);
  const t0 = Math.min(...all.map((e) => e.ts));
  const t1 = Math.max(...all.map((e) => e.ts));
  const cut = t0 + 0.7 * (t1 - t0);
  return {
    shopId: shop.id,
    firstPart: () => writeEvents(f.db, f.url, shop.id, all.filter((e) => e.ts < cut)),
    secondPart: () => writeEvents(f.db, f.url, shop.id, all.filter((e) => e.ts >= cut)),
  };
}

const versions = (db: Db, shopId: number) =>
  db.modelVersion.findMany({ where: { shopId }, orderBy: { version: 'asc' }, select: { version: true, status: true, metrics: true } });

const reasonOf = (metrics: string) => (JSON.parse(metrics) as { activation?: { reason?: string } }).activation?.reason ?? '';

for (const provider of PROVIDERS_UNDER_TEST) {
  describe(`champion/challenger (${provider})`, () => {
    let f: FreshDb;
    let server: TestServer;

    beforeAll(async () => {
      f = await freshDb(provider);
      server = await startTestServer({ fresh: f, env: withCredentials() });
    });
    afterAll(async () => {
      await server?.close();
      await f?.cleanup();
    });

    it('no live model: the first one goes live; a better one replaces it', async () => {
      const s = await simulatedShop(f, 'better.myshopify.com', 'activation-better');
      await s.firstPart();
      // Live: best sellers only.
      const v1 = await trainShop(f.db, s.shopId, { ...SMALL, candidates: ['pop'] });
      expect(v1.status).toBe('active');
      expect(v1.activation.reason).toMatch(/no model was live/);

      await s.secondPart();
      const v2 = await trainShop(f.db, s.shopId, SMALL);
      const c = v2.result.comparison!;
      expect(c).not.toBeNull();
      expect(c.events).toBeGreaterThanOrEqual(SMALL.minComparisonEvents);
      expect(c.challenger.mrr20).toBeGreaterThan(c.live.mrr20 * 1.02);
      expect(v2.status).toBe('active');
      expect(v2.activation.reason).toMatch(/^Activated: MRR@20 .* against .* for live version 1/);
      const rows = await versions(f.db, s.shopId);
      expect(rows.map((r) => [r.version, r.status])).toEqual([
        [1, 'retired'],
        [2, 'active'],
      ]);
      // Versions keep their metrics.
      expect(JSON.parse(rows[0].metrics).mrr20).toBeGreaterThan(0);
    }, 120_000);

    it('a worse one stays a challenger, with the reason on the version and in the API; one call rolls back', async () => {
      const s = await simulatedShop(f, 'worse.myshopify.com', 'activation-worse');
      await s.firstPart();
      const v1 = await trainShop(f.db, s.shopId, SMALL);
      expect(v1.status).toBe('active');
      await s.secondPart();
      const v2 = await trainShop(f.db, s.shopId, { ...SMALL, candidates: ['pop'] });
      expect(v2.status).toBe('challenger');
      const c = v2.result.comparison!;
      expect(c.challenger.mrr20).toBeLessThan(c.live.mrr20 * 1.02);
      expect(v2.activation.reason).toMatch(/^Kept as challenger: MRR@20 .* live version 1 stays/);
      const rows = await versions(f.db, s.shopId);
      expect(rows.map((r) => [r.version, r.status])).toEqual([
        [1, 'active'],
        [2, 'challenger'],
      ]);
      expect(reasonOf(rows[1].metrics)).toBe(v2.activation.reason);

      // Installed with an offline token, so the API needs no token exchange.
      await f.db.shopifySession.create({
        data: { id: 'offline_worse.myshopify.com', shop: 'worse.myshopify.com', state: '', accessToken: 'shpat_x', refreshToken: 'shprt_x', expires: new Date(Date.now() + 3_600_000), isOnline: false },
      });
      const api = (path: string, method = 'GET') =>
        fetch(`${server.url}/api${path}`, { method, headers: { authorization: `Bearer ${sessionToken('worse.myshopify.com')}`, 'user-agent': BROWSER_UA } });
      const listed = (await (await api('/models')).json()) as { active: { version: number }; history: Array<{ version: number; status: string; decision: string | null; canActivate: boolean }> };
      expect(listed.active.version).toBe(1);
      expect(listed.history.find((h) => h.version === 2)).toMatchObject({ status: 'challenger', decision: v2.activation.reason, canActivate: true });

      // Put the challenger live, then roll back to version 1.
      let res = await api('/models/2/activate', 'POST');
      expect(res.status).toBe(200);
      expect((await versions(f.db, s.shopId)).map((r) => r.status)).toEqual(['retired', 'active']);
      res = await api('/models/1/activate', 'POST');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ active: 1, changed: true });
      expect((await versions(f.db, s.shopId)).map((r) => r.status)).toEqual(['active', 'retired']);
      // Served: the shop state picks up the rolled-back version.
      const served = await fetch(`${server.url}/api/models`, { headers: { authorization: `Bearer ${sessionToken('worse.myshopify.com')}`, 'user-agent': BROWSER_UA } });
      expect(((await served.json()) as { active: { version: number } }).active.version).toBe(1);
      // Unknown versions and other shops' versions are refused.
      expect((await api('/models/9/activate', 'POST')).status).toBe(404);
      expect((await api('/models/abc/activate', 'POST')).status).toBe(400);
    }, 120_000);

    it('empty and one-product stores never put a model live; a tiny store keeps its live model', async () => {
      // Empty: nothing to learn from.
      const empty = await ensureShop(f.db, 'empty.myshopify.com');
      const e1 = await trainShop(f.db, empty.id, SMALL);
      expect(e1.status).toBe('rejected');
      expect(e1.activation.reason).toMatch(/nothing to recommend.*no model is live yet/);
      expect(await f.db.modelVersion.count({ where: { shopId: empty.id, status: 'active' } })).toBe(0);
      expect(reasonOf((await versions(f.db, empty.id))[0].metrics)).toBe(e1.activation.reason);

      // One product, viewed over and over: no session of two products.
      const one = await ensureShop(f.db, 'one-product.myshopify.com');
      const views: JourneyEvent[] = Array.from({ length: 40 }, (_, i) => ({
        id: `one-${i}`,
        name: 'product_viewed',
        ts: Date.UTC(2025, 0, 1) + i * 60_000,
        clientId: `c${i % 5}`,
        productId: '111',
        path: '/products/only',
      }));
      await writeEvents(f.db, f.url, one.id, views);
      const o1 = await trainShop(f.db, one.id, SMALL);
      expect(o1.status).toBe('rejected');
      expect(await f.db.modelVersion.count({ where: { shopId: one.id, status: 'active' } })).toBe(0);

      // Tiny: a live model exists; a retrain on a few more sessions cannot be validated, so it stays a challenger.
      const s = await simulatedShop(f, 'tiny.myshopify.com', 'activation-tiny');
      await s.firstPart();
      const t1 = await trainShop(f.db, s.shopId, SMALL);
      expect(t1.status).toBe('active');
      await s.secondPart();
      const t2 = await trainShop(f.db, s.shopId, { minValidationEvents: 1_000_000 }); // "too small to validate"
      expect(t2.result.validated).toBe(false);
      expect(t2.status).toBe('challenger');
      expect(t2.activation.reason).toMatch(/could not be validated.*live version 1 stays/);
      expect((await versions(f.db, s.shopId)).map((r) => r.status)).toEqual(['active', 'challenger']);
    }, 120_000);
  });
}
