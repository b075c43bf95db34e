/**
 * A product created after the model's training is served without a retrain: a products/create
 * webhook (signed as Shopify signs them) writes it to the catalog, the serving state's version
 * check (app/recs/shop-state.ts, 5 s) reloads, and the content model adds it from its text
 * (app/recs/new-products.ts). Through the real app-proxy recommendations endpoint on SQLite:
 * the new product gets similar products, and an existing product's similar products take it in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTrainableShop } from '../bench/seed-shop';
import { signedProxyQuery } from '../bench/app-proxy-request';
import { trainShop } from '../../app/jobs/train-job';
import { upsertProducts, type ProductInput } from '../../app/catalog/products';
import { decodeBundle } from '../../ml/serve';
import { freshSqliteDb, type FreshDb } from '../helpers/db';
import { BROWSER_UA, installedShop, startTestServer, TEST_API_SECRET, withCredentials, type TestServer } from '../helpers/server';
import { sendWebhook } from '../helpers/shopify-stand-in/webhooks';

const SHOP = 'new-products.myshopify.com';
/** In the catalog at training time, but no session ever viewed it: its similar products come from content. */
const SPORK: ProductInput = {
  productId: '990001',
  handle: 'titanium-spork',
  title: 'Titanium Spork',
  productType: 'Camp Cutlery',
  vendor: 'Forge Works',
  tags: 'titanium,cutlery',
  price: 12,
  available: true,
  status: 'ACTIVE',
  isGiftCard: false,
  imageUrl: null,
};
const NEW_ID = '990002';

describe('a new product from a products/create webhook is served before the next training (SQLite)', () => {
  let fresh: FreshDb;
  let s: TestServer;

  beforeAll(async () => {
    fresh = await freshSqliteDb();
    const shop = await seedTrainableShop(fresh.db, fresh.url, { domain: SHOP, events: 3_000, products: 120, seed: 'new-products' });
    await upsertProducts(fresh.db, shop.id, [SPORK]);
    await installedShop(fresh.db, SHOP);
    await trainShop(fresh.db, shop.id);
    s = await startTestServer({ fresh, env: withCredentials() });
  });

  afterAll(async () => {
    await s?.close();
    await fresh?.cleanup();
  });

  const alsoLike = async (productId: string) => {
    const res = await fetch(`${s.url}/apps/waymark/recommendations?${signedProxyQuery(TEST_API_SECRET, { shop: SHOP, placement: 'also_like', product_id: productId, limit: '8', path_prefix: '/apps/waymark' })}`, {
      headers: { 'user-agent': BROWSER_UA },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { strategy: string; modelVersion: number | null; products: Array<{ id: string; url: string }> };
  };

  it('answers for the new product from its text, and lists it among an existing product\'s similar products', async () => {
    const active = await fresh.db.modelVersion.findFirstOrThrow({ where: { status: 'active' } });
    const content = decodeBundle(active.artifact!).content;
    expect(content?.version).toBe(2);
    expect(content && 'products' in content && content.products).toContain(SPORK.productId);
    expect(content && 'products' in content && content.products).not.toContain(NEW_ID);

    const before = await alsoLike(NEW_ID);
    expect(before.products).toEqual([]);
    expect((await alsoLike(SPORK.productId)).products.map((p) => p.id)).not.toContain(NEW_ID);

    const delivery = await sendWebhook(
      {
        url: `${s.url}/webhooks/products`,
        topic: 'products/create',
        shop: SHOP,
        body: {
          id: Number(NEW_ID),
          handle: 'titanium-spork-long',
          title: 'Titanium Spork Long',
          product_type: 'Camp Cutlery',
          vendor: 'Forge Works',
          tags: 'titanium, cutlery',
          status: 'active',
          variants: [{ price: '15.00', inventory_quantity: 10, inventory_management: 'shopify' }],
        },
      },
      TEST_API_SECRET,
      '2026-10',
    );
    expect(delivery.status).toBe(200);

    // The serving state notices the catalog change at its next version check.
    const deadline = Date.now() + 12_000;
    let answer = await alsoLike(NEW_ID);
    while (answer.products.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      answer = await alsoLike(NEW_ID);
    }
    expect(answer.strategy).toBe('model');
    expect(answer.modelVersion).toBe(active.version); // no retrain
    expect(answer.products[0].id).toBe(SPORK.productId);
    expect(answer.products.map((p) => p.id)).not.toContain(NEW_ID);

    const existing = await alsoLike(SPORK.productId);
    expect(existing.products.map((p) => p.id)).toContain(NEW_ID);
    expect(existing.products.find((p) => p.id === NEW_ID)?.url).toBe('/products/titanium-spork-long');
    expect(await fresh.db.modelVersion.count()).toBe(1);
  }, 60_000);
});
