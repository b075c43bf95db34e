import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../../app/jobs/retention-job';
import { ensureShop } from '../../app/shops/shops';
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
    expect(await applyRetention(f.db, a.id, now)).toEqual({ events: 2, journeys: 1 });
    const left = await f.db.event.findMany({ where: { shopId: a.id }, orderBy: { ts: 'desc' } });
    expect(left.map((e) => e.eventId)).toEqual(['e10', 'e29']);
    // The other shop keeps a year: nothing of it goes.
    expect(await applyRetention(f.db, b.id, now)).toEqual({ events: 0, journeys: 0 });
    expect(await f.db.event.count({ where: { shopId: b.id } })).toBe(4);
    // Idempotent.
    expect(await applyRetention(f.db, a.id, now)).toEqual({ events: 0, journeys: 0 });
  });
});
