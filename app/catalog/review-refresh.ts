/**
 * Keeps a shop's stored reviews fresh after the install: the `reviews` job (app/jobs/handlers.ts),
 * queued at most daily per shop (app/jobs/follow-ups.ts), re-reads
 * - the standard rating metafields of every product (a light products query: id and the two
 *   metafields), clearing the rating of a product that no longer has one, and
 * - the product_review metaobject texts (backfillReviewTexts, which also empties the texts of
 *   products whose reviews are gone).
 * Why a daily re-read and not webhooks: a review app writes reviews as metaobjects and metafield
 * values, and neither fires products/update reliably (a metaobject that references a product does
 * not change the product); metaobjects/* webhooks need a subscription filtered by type and miss
 * what changed while the app was down. A full re-read (one paginated query each, 250 per page)
 * is cheap, self-healing, and day-fresh is what review insights need.
 */
import type { Db } from '../db/client';
import type { GraphqlFn } from '../admin-api/admin-graphql';
import { backfillReviewTexts, RATING_FIELDS, ratingFromNode, upsertRatings, type ProductRating, type ReviewTextsResult } from './reviews';

/** How often a shop's reviews are re-read. */
export const REVIEWS_INTERVAL_MS = 24 * 3_600_000;

const RATINGS = `query WaymarkRatings($after: String) {
  products(first: 250, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id ${RATING_FIELDS} }
  }
}`;

export interface RatingsResult {
  products: number;
  rated: number;
  /** Products whose stored rating was cleared (no rating metafield any more). */
  cleared: number;
}

export async function refreshRatings(db: Db, shopId: number, graphql: GraphqlFn, maxPages = 200): Promise<RatingsResult> {
  const ratings: ProductRating[] = [];
  let after: string | null = null;
  let products = 0;
  let complete = false;
  for (let page = 0; page < maxPages && !complete; page++) {
    const res = await graphql(RATINGS, { after });
    const conn = res.data?.products;
    if (!conn) throw new Error(`products query failed: ${JSON.stringify(res.errors ?? res.data)}`);
    for (const node of conn.nodes ?? []) {
      products++;
      const r = ratingFromNode(String(node.id).split('/').pop() ?? String(node.id), node);
      if (r) ratings.push(r);
    }
    complete = !conn.pageInfo?.hasNextPage;
    after = conn.pageInfo?.endCursor ?? null;
  }
  await upsertRatings(db, shopId, ratings);
  // Only a complete read can tell that a rating is gone.
  const cleared = complete ? await clearRatingsExcept(db, shopId, new Set(ratings.map((r) => r.productId))) : 0;
  return { products, rated: ratings.length, cleared };
}

async function clearRatingsExcept(db: Db, shopId: number, keep: ReadonlySet<string>): Promise<number> {
  const stored = await db.productReview.findMany({
    where: { shopId, OR: [{ rating: { not: null } }, { ratingCount: { not: null } }] },
    select: { productId: true },
  });
  const gone = stored.map((r) => r.productId).filter((id) => !keep.has(id));
  for (let i = 0; i < gone.length; i += 500) {
    await db.productReview.updateMany({ where: { shopId, productId: { in: gone.slice(i, i + 500) } }, data: { rating: null, ratingMax: null, ratingCount: null } });
  }
  return gone.length;
}

export interface ReviewsRefreshResult {
  ratings: RatingsResult;
  texts: ReviewTextsResult;
  /** Rows left with neither a rating nor a text, deleted. */
  emptied: number;
}

export async function refreshReviews(db: Db, shopId: number, graphql: GraphqlFn): Promise<ReviewsRefreshResult> {
  const ratings = await refreshRatings(db, shopId, graphql);
  const texts = await backfillReviewTexts(db, shopId, graphql);
  const { count } = await db.productReview.deleteMany({ where: { shopId, rating: null, ratingCount: null, texts: '[]' } });
  return { ratings, texts, emptied: count };
}
