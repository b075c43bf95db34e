/**
 * Product reviews read through the Admin GraphQL API by the catalog sync, against the Shopify
 * stand-in driven by the real @shopify/shopify-api client: the standard review metafields
 * (reviews.rating, reviews.rating_count) on every product, and review texts from product_review
 * metaobjects, masked, with bad texts (empty, emoji-only, right-to-left, very long) kept safe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, RequestedTokenType, Session, shopifyApi } from '@shopify/shopify-api';
import { startShopifyStandIn, type ShopifyStandIn } from '../helpers/shopify-stand-in';
import type { GraphqlFn } from '../../app/admin-api/admin-graphql';
import { backfillProducts } from '../../app/catalog/backfill';
import { backfillReviewTexts, MAX_REVIEW_TEXT_CHARS } from '../../app/catalog/reviews';
import { ensureShop } from '../../app/shops/shop-rows';
import { freshDb, type FreshDb } from '../helpers/db';

const API_KEY = 'stand-in-api-key';
const API_SECRET = 'stand-in-api-secret-0123456789abcdef';
const SHOP = 'reviews-shop.myshopify.com';
const DENIED_SHOP = 'no-metaobjects.myshopify.com';

describe('product reviews from the Admin API (Shopify stand-in)', () => {
  let standIn: ShopifyStandIn;
  let restore: () => void;
  let fresh: FreshDb;
  const api = shopifyApi({
    apiKey: API_KEY, apiSecretKey: API_SECRET, scopes: ['read_products'], hostName: '127.0.0.1', hostScheme: 'http',
    apiVersion: ApiVersion.October26, isEmbeddedApp: true, logger: { level: LogSeverity.Error, log: async () => {} },
  });
  const graphqlFor = async (shop: string): Promise<GraphqlFn> => {
    const { session } = await api.auth.tokenExchange({ shop, sessionToken: standIn.sessionToken(shop), requestedTokenType: RequestedTokenType.OfflineAccessToken, expiring: true });
    const client = new api.clients.Graphql({ session: new Session({ id: `offline_${shop}`, shop, state: '', isOnline: false, accessToken: session.accessToken }) });
    return async (query, variables) => {
      const res = await client.request(query, { variables });
      return { data: res.data, errors: res.errors };
    };
  };

  beforeAll(async () => {
    const products = Array.from({ length: 260 }, (_, i) => ({ id: i + 1, title: `Product ${i + 1}`, price: '10' }));
    products[0] = { ...products[0], ...{ rating: 4.5, ratingCount: 12 } };
    products[254] = { ...products[254], ...{ rating: 2, ratingMax: 5, ratingCount: 3 } }; // on the second page
    products[5] = { ...products[5], ...{ ratingCount: 0 } };
    standIn = await startShopifyStandIn({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      shops: {
        [SHOP]: {
          products,
          reviews: [
            { id: 1, productId: 1, rating: 5, body: 'Fits perfectly, love it' },
            { id: 2, productId: 1, rating: 2, body: 'Runs small. Mail me at jo@example.com' },
            { id: 3, productId: 255, body: 'المقاس صغير جدا' },
            { id: 4, productId: 255, body: '😡😡' },
            { id: 5, productId: 255, body: '   ' },
            { id: 6, productId: 255, body: 'long '.repeat(3_000) },
            ...Array.from({ length: 300 }, (_, i) => ({ id: 100 + i, productId: 7, rating: 4, body: `Good ${i}` })),
          ],
        },
        [DENIED_SHOP]: { products: products.slice(0, 3), denyMetaobjects: true },
      },
    });
    restore = standIn.routeGlobalFetch();
    fresh = await freshDb('sqlite');
  });
  afterAll(async () => {
    restore?.();
    await fresh?.cleanup();
    await standIn?.close();
  });

  it('stores the standard rating metafields with the catalog, across pages', async () => {
    const row = await ensureShop(fresh.db, SHOP);
    expect(await backfillProducts(fresh.db, row.id, await graphqlFor(SHOP))).toBe(260);
    const reviews = await fresh.db.productReview.findMany({ where: { shopId: row.id }, orderBy: { productId: 'asc' } });
    expect(reviews.map((r) => [r.productId, r.rating, r.ratingMax, r.ratingCount])).toEqual([
      ['1', 4.5, 5, 12],
      ['255', 2, 5, 3],
      ['6', null, null, 0],
    ]);
  });

  it('reads review texts from product_review metaobjects, masked and bounded', async () => {
    const row = await ensureShop(fresh.db, SHOP);
    const result = await backfillReviewTexts(fresh.db, row.id, await graphqlFor(SHOP));
    expect(result).toEqual({ texts: 205, products: 3 });
    const ops = standIn.graphqlRequests(SHOP).filter((r) => r.operationName === 'WaymarkReviewTexts');
    expect(ops.length).toBe(2); // 306 metaobjects: 250 + 56
    const byId = new Map((await fresh.db.productReview.findMany({ where: { shopId: row.id } })).map((r) => [r.productId, JSON.parse(r.texts)]));
    expect(byId.get('1')).toEqual([
      { rating: 5, text: 'Fits perfectly, love it' },
      { rating: 2, text: 'Runs small. Mail me at [email]' },
    ]);
    const p255 = byId.get('255') as Array<{ text: string }>;
    expect(p255.map((t) => t.text.slice(0, 14))).toEqual(['المقاس صغير جدا'.slice(0, 14), '😡😡', 'long long long']);
    expect(p255[2].text.length).toBeLessThanOrEqual(MAX_REVIEW_TEXT_CHARS);
    expect(byId.get('7')).toHaveLength(200);
    // The ratings read with the catalog are kept.
    expect(await fresh.db.productReview.findUnique({ where: { shopId_productId: { shopId: row.id, productId: '1' } } })).toMatchObject({ rating: 4.5, ratingCount: 12 });
  });

  it('skips texts when the app may not read metaobjects, without failing', async () => {
    const row = await ensureShop(fresh.db, DENIED_SHOP);
    const result = await backfillReviewTexts(fresh.db, row.id, await graphqlFor(DENIED_SHOP));
    expect(result).toMatchObject({ texts: 0, products: 0 });
    expect('skipped' in result && result.skipped).toMatch(/read_metaobjects|Access denied/);
    expect(await fresh.db.productReview.count({ where: { shopId: row.id } })).toBe(0);
  });
});
