/**
 * Freshness without a retrain, on real SQLite (and PostgreSQL when available): a shop is trained, then visitors view two
 * products together that no training session holds; once the sessionizer has written their
 * journeys, one shop-state version check (app/recs/shop-state.ts) adds them to the cached
 * bundle's kNN pool, and the storefront ranking (app/recs/recommend.ts) recommends the one
 * with the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTrainableShop } from '../bench/seed-shop';
import { trainShop } from '../../app/jobs/train-job';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { createShopStateCache } from '../../app/recs/shop-state';
import { recommend } from '../../app/recs/recommend';
import { createEventStore } from '../../app/ingest/event-store';
import { toRow } from '../../app/ingest/pipeline';
import { hashClientId } from '../../app/ingest/client-hash';
import { providerFromUrl } from '../../app/db/url';
import { freshPostgresDb, freshSqliteDb, pgTestMode, type FreshDb } from '../helpers/db';

const pg = await pgTestMode();

describe.each([
  { name: 'SQLite', run: true, open: freshSqliteDb },
  { name: 'PostgreSQL', run: pg.run, open: freshPostgresDb },
])('late sessions join the served kNN pool within one version check ($name)', ({ run, open }) => {
  let fresh: FreshDb;
  let shop: Awaited<ReturnType<typeof seedTrainableShop>>;

  beforeAll(async () => {
    if (!run) return;
    fresh = await open();
    shop = await seedTrainableShop(fresh.db, fresh.url, { domain: 'fresh-knn.myshopify.com', events: 3_000, products: 120, seed: 'fresh-knn' });
    const trained = await trainShop(fresh.db, shop.id, { candidates: ['vstan'] });
    expect(trained.status).toBe('active');
  }, 120_000);

  afterAll(async () => {
    await fresh?.cleanup();
  });

  it.skipIf(!run)('recommends a product first seen with another one after training', async () => {
    const states = createShopStateCache(fresh.db, 60_000);
    const state = await states.get(shop.id);
    const bundle = state.bundle!;
    expect(bundle.takesLateSessions).toBe(true);
    const ask = (productId: string) => recommend(state, { placement: 'also_like', productId, cart: [], recent: [], limit: 12 });
    const eligible = [...state.catalog.values()].filter((p) => p.available && p.status.toLowerCase() === 'active' && !p.isGiftCard && bundle.itemIds.includes(p.id));
    const modelIds = (id: string) => {
      const r = bundle.alsoLike(id, 500, new Set());
      return r.ids.filter((_, i) => r.sources[i] === 'model');
    };
    // a product the model pairs with a few others (a rarely viewed one), and one it never pairs with it
    const paired = eligible.map((p) => ({ p, n: modelIds(p.id).length })).filter((x) => x.n > 0);
    paired.sort((x, y) => x.n - y.n);
    const a = paired[0]?.p;
    expect(a).toBeDefined();
    const before = modelIds(a.id);
    const answered = ask(a.id).products.map((p) => p.id);
    const b = eligible.find((p) => p.id !== a.id && !before.includes(p.id) && !answered.includes(p.id))!;
    expect(b, 'every product already pairs with a').toBeDefined();

    // five visitors view a then b, after the training data ended
    const store = createEventStore({ provider: providerFromUrl(fresh.url), url: fresh.url });
    const t0 = Date.now() + 60_000;
    const rows = [0, 1, 2, 3, 4].flatMap((v) =>
      [a, b].map((p, k) =>
        toRow(
          shop.id,
          { id: `late-${v}-${k}`, name: 'product_viewed', ts: t0 + v * 1000 + k * 100, clientId: `late-visitor-${v}`, path: `/products/${p.handle}`, productId: p.id, price: 10 },
          hashClientId(shop.salt, `late-visitor-${v}`),
          'desktop',
          new Date(),
        ),
      ),
    );
    await store.insert(rows);
    await store.close();
    await sessionizeShop(fresh.db, shop.id);
    expect(await fresh.db.journey.count({ where: { shopId: shop.id, startedAt: { gte: new Date(t0) } } })).toBe(5);

    // not yet: the cached state has not checked
    expect(ask(a.id).products.map((p) => p.id)).not.toContain(b.id);
    // one version check (the model version is unchanged: no retrain, no reload)
    states.invalidate(shop.id);
    const after = await states.get(shop.id);
    expect(after).toBe(state);
    expect(after.fresh?.added).toBe(5);
    expect(modelIds(a.id)).toContain(b.id);
    expect(ask(a.id).products.map((p) => p.id)).toContain(b.id);

    // a second check reads nothing new and adds nothing twice
    states.invalidate(shop.id);
    await states.get(shop.id);
    expect(after.fresh?.added).toBe(5);
  }, 60_000);
});
