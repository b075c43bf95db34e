/**
 * Which jobs follow an install (app/jobs/follow-ups.ts, decideFollowUps) on a real database:
 * a first training only when there is something to learn from (backfilled orders or events).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type FreshDb } from '../helpers/db';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { ensureShop } from '../../app/shops/shop-rows';
import { decideFollowUps } from '../../app/jobs/follow-ups';

describe.each(PROVIDERS_UNDER_TEST)('install follow-ups on %s', (provider) => {
  let fresh: FreshDb;
  beforeAll(async () => {
    fresh = await freshDb(provider);
  });
  afterAll(() => fresh?.cleanup());

  it('a shop with no orders and no events gets no training yet', async () => {
    const shop = await ensureShop(fresh.db, 'empty-install.myshopify.com');
    expect(await decideFollowUps(fresh.db, 'install', shop.id)).toEqual([]);
  });

  it('backfilled orders are enough for a first model', async () => {
    const shop = await ensureShop(fresh.db, 'orders-install.myshopify.com');
    await fresh.db.orderBasket.create({ data: { shopId: shop.id, orderId: 'o-1', createdAt: new Date(), productIds: '1,2' } });
    expect(await decideFollowUps(fresh.db, 'install', shop.id)).toEqual([{ type: 'train', reason: 'first model after install' }]);
  });

  it('so are events that arrived before the install work finished', async () => {
    const shop = await ensureShop(fresh.db, 'events-install.myshopify.com');
    await fresh.db.event.create({ data: { shopId: shop.id, eventId: 'e-1', name: 'page_viewed', ts: new Date(), clientHash: 'h' } });
    expect(await decideFollowUps(fresh.db, 'install', shop.id)).toEqual([{ type: 'train', reason: 'first model after install' }]);
  });
});
