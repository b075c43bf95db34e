/**
 * Install-time backfill through the Admin GraphQL API, so a new store has recommendations
 * on day one: the catalog (products, with their review ratings: app/catalog/reviews.ts) and
 * the last `orderDays` days of orders' baskets (product ids only) for bought-together. Paginated, bounded, idempotent (upserts).
 */
import type { Db } from '../db/client';
import type { GraphqlFn } from '../admin-api/admin-graphql';
import { upsertProducts, type ProductInput } from './products';
import { RATING_FIELDS, ratingFromNode, upsertRatings, type ProductRating } from './reviews';

const PRODUCTS = `query WaymarkProducts($after: String) {
  products(first: 250, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id handle title productType vendor tags status isGiftCard
      featuredMedia { preview { image { url } } }
      priceRangeV2 { minVariantPrice { amount } }
      totalInventory tracksInventory
      ${RATING_FIELDS}
    }
  }
}`;

const ORDERS = `query WaymarkOrders($after: String, $query: String) {
  orders(first: 100, after: $after, query: $query, sortKey: CREATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { id createdAt lineItems(first: 50) { nodes { product { id } } } }
  }
}`;

const numericId = (gid: string) => gid.split('/').pop() ?? gid;

export interface BackfillResult {
  products: number;
  orders: number;
}

export async function backfillProducts(db: Db, shopId: number, graphql: GraphqlFn, maxPages = 200): Promise<number> {
  let after: string | null = null;
  let total = 0;
  for (let page = 0; page < maxPages; page++) {
    const res = await graphql(PRODUCTS, { after });
    const conn = res.data?.products;
    if (!conn) throw new Error(`products query failed: ${JSON.stringify(res.errors ?? res.data)}`);
    const rows: ProductInput[] = conn.nodes.map((p: any) => ({
      productId: numericId(p.id),
      handle: p.handle,
      title: p.title,
      productType: p.productType ?? '',
      vendor: p.vendor ?? '',
      tags: (p.tags ?? []).join(','),
      price: Number(p.priceRangeV2?.minVariantPrice?.amount ?? 0),
      available: !p.tracksInventory || (p.totalInventory ?? 0) > 0,
      status: String(p.status ?? 'ACTIVE').toUpperCase(),
      isGiftCard: Boolean(p.isGiftCard),
      imageUrl: p.featuredMedia?.preview?.image?.url ?? null,
    }));
    total += await upsertProducts(db, shopId, rows);
    await upsertRatings(db, shopId, conn.nodes.map((p: any) => ratingFromNode(numericId(p.id), p)).filter((r: ProductRating | null): r is ProductRating => r !== null));
    if (!conn.pageInfo?.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  return total;
}

export async function backfillOrders(
  db: Db,
  shopId: number,
  graphql: GraphqlFn,
  opts: { days?: number; maxOrders?: number; now?: Date } = {},
): Promise<number> {
  const since = new Date((opts.now ?? new Date()).getTime() - (opts.days ?? 90) * 86_400_000);
  const query = `created_at:>=${since.toISOString().slice(0, 10)}`;
  const maxOrders = opts.maxOrders ?? 10_000;
  let after: string | null = null;
  let total = 0;
  while (total < maxOrders) {
    const res = await graphql(ORDERS, { after, query });
    const conn = res.data?.orders;
    if (!conn) throw new Error(`orders query failed: ${JSON.stringify(res.errors ?? res.data)}`);
    const baskets = conn.nodes
      .map((o: any) => ({
        orderId: numericId(o.id),
        createdAt: new Date(o.createdAt),
        productIds: [...new Set<string>(o.lineItems.nodes.map((l: any) => l.product?.id).filter(Boolean).map(numericId))],
      }))
      .filter((b: { productIds: string[] }) => b.productIds.length > 0);
    await db.$transaction(
      baskets.map((b: { orderId: string; createdAt: Date; productIds: string[] }) =>
        db.orderBasket.upsert({
          where: { shopId_orderId: { shopId, orderId: b.orderId } },
          create: { shopId, orderId: b.orderId, createdAt: b.createdAt, productIds: b.productIds.join(',') },
          update: { productIds: b.productIds.join(',') },
        }),
      ),
    );
    total += conn.nodes.length;
    if (!conn.pageInfo?.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  return total;
}
