import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../../app/jobs/retention-job';
import { ensureShop } from '../../app/shops/shop-rows';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { freshDb, type FreshDb } from '../helpers/db';

describe.each(PROVIDERS_UNDER_TEST)('retention on %s', (provider) => {
  let f: FreshDb;
  beforeAll(async () => {
    f = await freshDb(provider);
  });
  afterAll(() => f.cleanup());

  it('deletes events and journeys older than the shop\'s retention period, and only those', async () => {
    const a = await ensureShop(f.db, 'keep-30.myshopify.com');
    const b = await ensureShop(f.db, 'keep-365.myshopify.com');
    await f.db.shop.update({ where: { id: a.id }, data: { retentionDays: 30 } });
    const now = new Date('2026-11-27T12:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    for (const shop of [a, b]) {
      await f.db.event.createMany({
        data: [10, 29, 31, 200].map((d) => ({ shopId: shop.id, eventId: `e${d}`, name: 'page_viewed', ts: daysAgo(d), clientHash: 'h' })),
      });
      await f.db.journey.createMany({
        data: [10, 200].map((d) => ({ id: `j${shop.id}_${d}`, shopId: shop.id, clientHash: 'h', startedAt: daysAgo(d), endedAt: daysAgo(d) })),
      });
    }
    expect(await applyRetention(f.db, a.id, now)).toMatchObject({ events: 2, journeys: 1 });
    const left = await f.db.event.findMany({ where: { shopId: a.id }, orderBy: { ts: 'desc' } });
    expect(left.map((e) => e.eventId)).toEqual(['e10', 'e29']);
    // The other shop keeps a year: nothing of it goes.
    expect(await applyRetention(f.db, b.id, now)).toMatchObject({ events: 0, journeys: 0 });
    expect(await f.db.event.count({ where: { shopId: b.id } })).toBe(4);
    // Idempotent.
    expect(await applyRetention(f.db, a.id, now)).toMatchObject({ events: 0, journeys: 0 });
  });

  it('also deletes old roll-up days, order baskets, retired, challenger and rejected models, data exports and webhook-delivery records', async () => {
    const shop = await ensureShop(f.db, 'keep-everything-30.myshopify.com');
    const other = await ensureShop(f.db, 'keep-everything-365.myshopify.com');
    await f.db.shop.update({ where: { id: shop.id }, data: { retentionDays: 30 } });
    const now = new Date('2026-11-27T12:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const day = (d: number) => daysAgo(d).toISOString().slice(0, 10);
    for (const s of [shop, other]) {
      for (const d of [10, 45]) {
        await f.db.analyticsPathDaily.create({
          data: { shopId: s.id, day: day(d), device: 'desktop', isReturning: false, source: 'direct', landingStep: 'home', kind: 'head', key: 'home', sessions: 1, purchases: 0, orders: 0, revenue: 0 },
        });
        await f.db.analyticsTimingDaily.create({ data: { shopId: s.id, day: day(d), segment: 'all', metric: 'dwell', key: 'home', count: 1, sumMs: 5, histogram: '1:1' } });
        await f.db.analyticsItemFlowDaily.create({ data: { shopId: s.id, day: day(d), anchor: 'start', position: 0, fromNode: 'home', toNode: '', sessions: 1, purchases: 0 } });
        await f.db.analyticsItemDaily.create({ data: { shopId: s.id, day: day(d), kind: 'product', itemId: '1', views: 1, carts: 0, purchases: 0 } });
        await f.db.analyticsSearchDaily.create({ data: { shopId: s.id, day: day(d), device: 'desktop', isReturning: false, source: 'direct', landingStep: 'home', query: `q${d}`, searches: 1, zeroResults: 0, clicked: 0, sessions: 1, purchases: 0 } });
        await f.db.orderBasket.create({ data: { shopId: s.id, orderId: `o${d}`, createdAt: daysAgo(d), productIds: '1,2' } });
        await f.db.dataExport.create({ data: { shopId: s.id, customerId: `c${d}`, status: 'ready', payload: '{}', createdAt: daysAgo(d) } });
      }
      await f.db.modelVersion.createMany({
        data: [
          { shopId: s.id, version: 1, kind: 'pop', status: 'retired', createdAt: daysAgo(20) },
          { shopId: s.id, version: 2, kind: 'pop', status: 'retired', createdAt: daysAgo(3) },
          { shopId: s.id, version: 3, kind: 'pop', status: 'active', createdAt: daysAgo(1) },
          // Challengers and rejected versions hold shoppers' sessions too (app/jobs/activation-policy.ts).
          { shopId: s.id, version: 4, kind: 'pop', status: 'challenger', createdAt: daysAgo(15) },
          { shopId: s.id, version: 5, kind: 'pop', status: 'rejected', createdAt: daysAgo(12) },
          { shopId: s.id, version: 6, kind: 'pop', status: 'challenger', createdAt: daysAgo(2) },
        ],
      });
    }
    await f.db.webhookDelivery.createMany({
      data: [
        { webhookId: 'old', shop: 'x.myshopify.com', topic: 'app/uninstalled', receivedAt: daysAgo(8), handledAt: daysAgo(8) },
        { webhookId: 'recent', shop: 'x.myshopify.com', topic: 'app/uninstalled', receivedAt: daysAgo(6), handledAt: daysAgo(6) },
      ],
    });

    expect(await applyRetention(f.db, shop.id, now)).toEqual({
      events: 0,
      journeys: 0,
      rollupRows: 5,
      orderBaskets: 1,
      retiredModels: 3,
      exports: 1,
      webhookDeliveries: 1,
    });
    const days = async (table: { findMany: (a: object) => Promise<Array<{ day: string }>> }, shopId: number) =>
      (await table.findMany({ where: { shopId }, select: { day: true } })).map((r) => r.day);
    for (const t of [f.db.analyticsPathDaily, f.db.analyticsTimingDaily, f.db.analyticsItemFlowDaily, f.db.analyticsItemDaily, f.db.analyticsSearchDaily]) {
      expect(await days(t as never, shop.id)).toEqual([day(10)]);
      expect((await days(t as never, other.id)).sort()).toEqual([day(45), day(10)]);
    }
    expect((await f.db.orderBasket.findMany({ where: { shopId: shop.id } })).map((o) => o.orderId)).toEqual(['o10']);
    expect((await f.db.modelVersion.findMany({ where: { shopId: shop.id }, orderBy: { version: 'asc' } })).map((m) => m.version)).toEqual([2, 3, 6]);
    // Exports are kept 30 days whatever the shop's setting (the merchant has 30 days to answer).
    expect((await f.db.dataExport.findMany({ where: { shopId: shop.id } })).map((x) => x.customerId)).toEqual(['c10']);
    expect((await f.db.webhookDelivery.findMany()).map((w) => w.webhookId)).toEqual(['recent']);
    // The other shop keeps a year of roll-ups and baskets; its old retired model and old export go.
    expect(await applyRetention(f.db, other.id, now)).toMatchObject({ rollupRows: 0, orderBaskets: 0, retiredModels: 3, exports: 1 });
    expect((await f.db.dataExport.findMany({ where: { shopId: other.id } })).map((x) => x.customerId)).toEqual(['c10']);
  });
});
