/**
 * Install-time backfill with a fake Admin API: the catalog and past orders arrive, and the
 * first training turns the orders into bought-together recommendations before any shopper
 * has been seen by the pixel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillOrders, backfillProducts } from '../../app/catalog/backfill';
import { ensureShop } from '../../app/shops/shop-rows';
import { trainShop } from '../../app/jobs/train-job';
import { decodeBundle, ServingBundle } from '../../ml/serve';
import type { GraphqlFn } from '../../app/admin-api/admin-graphql';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { freshDb, type FreshDb } from '../helpers/db';

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

/** 30 products over two pages; 60 orders over three pages: 1+2 bought together, 3+4 too. */
function fakeAdmin(): { graphql: GraphqlFn; queries: string[] } {
  const queries: string[] = [];
  const products = Array.from({ length: 30 }, (_, i) => ({
    id: gid('Product', i + 1), handle: `p${i + 1}`, title: `Product ${i + 1}`, productType: i < 15 ? 'Shirts' : 'Socks', vendor: 'Acme',
    tags: ['cotton'], status: 'ACTIVE', isGiftCard: false, featuredMedia: null, priceRangeV2: { minVariantPrice: { amount: '19.5' } },
    totalInventory: 5, tracksInventory: true,
  }));
  const orders = Array.from({ length: 60 }, (_, i) => {
    const pair = i % 3 === 0 ? [1, 2] : i % 3 === 1 ? [3, 4] : [5 + (i % 20)];
    return { id: gid('Order', 1000 + i), createdAt: new Date(Date.now() - i * 3_600_000).toISOString(), lineItems: { nodes: pair.map((p) => ({ product: { id: gid('Product', p) } })) } };
  });
  const page = <T,>(all: T[], size: number, after: string | null) => {
    const start = after ? Number(after) : 0;
    const nodes = all.slice(start, start + size);
    return { nodes, pageInfo: { hasNextPage: start + size < all.length, endCursor: String(start + size) } };
  };
  return {
    queries,
    graphql: async (query, variables) => {
      queries.push(/query (\w+)/.exec(query)![1]);
      const after = (variables?.after as string | null) ?? null;
      if (query.includes('WaymarkProducts')) return { data: { products: page(products, 20, after) } };
      return { data: { orders: page(orders, 25, after) } };
    },
  };
}

describe.each(PROVIDERS_UNDER_TEST)('install backfill on %s', (provider) => {
  let f: FreshDb;
  beforeAll(async () => {
    f = await freshDb(provider);
  });
  afterAll(() => f.cleanup());

  it('loads the catalog and past orders, paginated and idempotent', async () => {
    const shop = await ensureShop(f.db, 'backfill.myshopify.com');
    const admin = fakeAdmin();
    expect(await backfillProducts(f.db, shop.id, admin.graphql)).toBe(30);
    expect(await backfillOrders(f.db, shop.id, admin.graphql)).toBe(60);
    expect(admin.queries).toEqual(['WaymarkProducts', 'WaymarkProducts', 'WaymarkOrders', 'WaymarkOrders', 'WaymarkOrders']);
    // Running it again changes nothing.
    await backfillProducts(f.db, shop.id, admin.graphql);
    await backfillOrders(f.db, shop.id, admin.graphql);
    expect(await f.db.product.count({ where: { shopId: shop.id } })).toBe(30);
    expect(await f.db.orderBasket.count({ where: { shopId: shop.id } })).toBe(60);
    const p1 = await f.db.product.findUniqueOrThrow({ where: { shopId_productId: { shopId: shop.id, productId: '1' } } });
    expect(p1).toMatchObject({ handle: 'p1', price: 19.5, available: true, tags: 'cotton' });
  });

  it('gives bought-together recommendations on day one, from orders alone', async () => {
    const shop = await ensureShop(f.db, 'backfill.myshopify.com');
    const trained = await trainShop(f.db, shop.id);
    expect(trained.result.stats.baskets).toBe(60);
    expect(trained.result.validated).toBe(false); // no browsing yet: says so rather than pretending
    const mv = await f.db.modelVersion.findFirstOrThrow({ where: { shopId: shop.id, status: 'active' } });
    const bundle = await ServingBundle.fromArtifact(decodeBundle(mv.artifact!));
    expect(bundle.boughtTogether(['1'], 3, new Set()).ids[0]).toBe('2');
    expect(bundle.boughtTogether(['3'], 3, new Set()).ids[0]).toBe('4');
  });
});
