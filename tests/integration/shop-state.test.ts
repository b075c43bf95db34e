/**
 * The serving cache of a shop without a model: sessionizing does not change its version
 * stamp (no reload), yet its best sellers follow new events at the popular interval.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureShop } from '../../app/shops/shop-rows';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { createShopStateCache } from '../../app/recs/shop-state';
import { createEventStore } from '../../app/ingest/event-store';
import { toRow } from '../../app/ingest/pipeline';
import { hashClientId } from '../../app/ingest/client-hash';
import { providerFromUrl } from '../../app/db/url';
import { freshSqliteDb, type FreshDb } from '../helpers/db';

describe('shop state without a model (SQLite)', () => {
  let fresh: FreshDb;
  beforeAll(async () => {
    fresh = await freshSqliteDb();
  });
  afterAll(async () => {
    await fresh?.cleanup();
  });

  it('keeps its stamp across sessionizing and re-reads best sellers from events', async () => {
    const shop = await ensureShop(fresh.db, 'popular-state.myshopify.com');
    const view = async (productId: string, n: number) => {
      const store = createEventStore({ provider: providerFromUrl(fresh.url), url: fresh.url });
      const now = Date.now();
      await store.insert(
        Array.from({ length: n }, (_, i) =>
          toRow(shop.id, { id: `v-${productId}-${i}`, name: 'product_viewed', ts: now - 1000 + i, clientId: `c${i}`, productId, path: '/products/x' }, hashClientId(shop.salt, `c${i}`), 'desktop', new Date()),
        ),
      );
      await store.close();
      await sessionizeShop(fresh.db, shop.id);
    };
    await view('111', 2);
    const states = createShopStateCache(fresh.db, 60_000, 5_000, 0);
    const first = await states.get(shop.id);
    expect(first.bundle).toBeNull();
    expect(first.popular).toEqual(['111']);
    await view('222', 5);
    states.invalidate(shop.id);
    const second = await states.get(shop.id);
    expect(second).toBe(first); // same stamp: no reload
    expect(second.popular).toEqual(['222', '111']);
  });
});
