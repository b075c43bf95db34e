/**
 * Product reviews from the Admin GraphQL API, stored in ProductReview.
 *
 * - Ratings: Shopify's standard product review metafields, `reviews.rating` (type rating:
 *   `{"value":"4.5","scale_min":"1.0","scale_max":"5.0"}`) and `reviews.rating_count`
 *   (integer), read with the catalog (app/catalog/backfill.ts asks for them on every product).
 * - Texts: metaobjects of type `product_review` with fields `product` (product reference),
 *   `rating` (rating) and `body` (text), where the store keeps reviews that way. Shopify has no
 *   standard review-text object, so this is the convention Waymark reads; a store without such
 *   metaobjects, or an app without the `read_metaobjects` scope, simply has no texts.
 * Texts are PII-masked (the shared pii-scrub module) and cut before they are stored.
 */
import type { Db } from '../db/client';
import type { GraphqlFn } from '../admin-api/admin-graphql';
import { scrubText } from '../../extensions/waymark-pixel/src/pii-scrub';
import { ReauthRequiredError } from '../errors';

export const REVIEW_TEXT_TYPE = 'product_review';
export const MAX_REVIEW_TEXT_CHARS = 5_000;
export const MAX_REVIEW_TEXTS_PER_PRODUCT = 200;

/** The metafield selections added to the catalog query's product nodes. */
export const RATING_FIELDS = `rating: metafield(namespace: "reviews", key: "rating") { value }
      ratingCount: metafield(namespace: "reviews", key: "rating_count") { value }`;

export interface ProductRating {
  productId: string;
  rating: number | null;
  ratingMax: number | null;
  ratingCount: number | null;
}

export interface ReviewText {
  rating: number | null;
  text: string;
}

const finite = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};

/** A rating metafield's value (the rating type's JSON, or a bare number) → value and scale maximum. */
export function parseRating(value: unknown): { rating: number; max: number | null } | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = value;
    }
  }
  if (parsed && typeof parsed === 'object') {
    const o = parsed as Record<string, unknown>;
    const rating = finite(o.value);
    return rating === null ? null : { rating, max: finite(o.scale_max) };
  }
  const rating = finite(parsed);
  return rating === null ? null : { rating, max: null };
}

/** The review metafields of one product node of the catalog query, or null when it has none. */
export function ratingFromNode(productId: string, node: { rating?: { value?: unknown } | null; ratingCount?: { value?: unknown } | null }): ProductRating | null {
  const r = parseRating(node.rating?.value);
  const count = finite(node.ratingCount?.value);
  if (!r && count === null) return null;
  return { productId, rating: r?.rating ?? null, ratingMax: r?.max ?? null, ratingCount: count === null ? null : Math.max(0, Math.round(count)) };
}

export async function upsertRatings(db: Db, shopId: number, ratings: ProductRating[]): Promise<number> {
  if (!ratings.length) return 0;
  await db.$transaction(
    ratings.map(({ productId, ...data }) =>
      db.productReview.upsert({ where: { shopId_productId: { shopId, productId } }, create: { shopId, productId, ...data }, update: data }),
    ),
  );
  return ratings.length;
}

/** One review text as stored: masked, trimmed, cut; null when nothing is left. */
export function cleanReviewText(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const clean = scrubText(text.slice(0, MAX_REVIEW_TEXT_CHARS * 2)).trim().slice(0, MAX_REVIEW_TEXT_CHARS);
  return clean || null;
}

export async function storeReviewTexts(db: Db, shopId: number, byProduct: Map<string, ReviewText[]>): Promise<void> {
  const rows = [...byProduct].map(([productId, texts]) => ({ productId, texts: JSON.stringify(texts.slice(0, MAX_REVIEW_TEXTS_PER_PRODUCT)) }));
  for (let i = 0; i < rows.length; i += 200) {
    await db.$transaction(
      rows.slice(i, i + 200).map(({ productId, texts }) =>
        db.productReview.upsert({ where: { shopId_productId: { shopId, productId } }, create: { shopId, productId, texts }, update: { texts } }),
      ),
    );
  }
}

const METAOBJECTS = `query WaymarkReviewTexts($after: String, $type: String!) {
  metaobjects(type: $type, first: 250, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id fields { key value } }
  }
}`;

export type ReviewTextsResult = { texts: number; products: number } | { texts: 0; products: 0; skipped: string };

/**
 * Reads every product_review metaobject and replaces the stored texts of the products they name;
 * after a complete read, products no longer named lose their texts (reviews deleted in the store).
 */
export async function backfillReviewTexts(db: Db, shopId: number, graphql: GraphqlFn, maxPages = 40): Promise<ReviewTextsResult> {
  const byProduct = new Map<string, ReviewText[]>();
  let after: string | null = null;
  let texts = 0;
  let complete = false;
  for (let page = 0; page < maxPages; page++) {
    let res: Awaited<ReturnType<GraphqlFn>>;
    try {
      res = await graphql(METAOBJECTS, { after, type: REVIEW_TEXT_TYPE });
    } catch (error) {
      // Texts are optional: a refused or failed read leaves them out, except a lost login, which the caller must see.
      if (error instanceof ReauthRequiredError) throw error;
      return { texts: 0, products: 0, skipped: error instanceof Error ? error.message : String(error) };
    }
    const conn = res.data?.metaobjects;
    if (!conn) return { texts: 0, products: 0, skipped: String((res.errors as Array<{ message?: string }> | undefined)?.[0]?.message ?? 'no metaobjects answer') };
    for (const node of conn.nodes ?? []) {
      const fields = new Map<string, unknown>((node.fields ?? []).map((f: { key: string; value: unknown }) => [f.key, f.value]));
      const product = fields.get('product');
      const text = cleanReviewText(fields.get('body') ?? fields.get('text'));
      if (typeof product !== 'string' || !text) continue;
      const productId = product.split('/').pop() ?? product;
      const list = byProduct.get(productId) ?? byProduct.set(productId, []).get(productId)!;
      if (list.length >= MAX_REVIEW_TEXTS_PER_PRODUCT) continue;
      list.push({ rating: parseRating(fields.get('rating'))?.rating ?? null, text });
      texts++;
    }
    if (!conn.pageInfo?.hasNextPage) {
      complete = true;
      break;
    }
    after = conn.pageInfo.endCursor;
  }
  await storeReviewTexts(db, shopId, byProduct);
  if (complete) await clearTextsExcept(db, shopId, byProduct);
  return { texts, products: byProduct.size };
}

/** After a complete read: products no metaobject names any more keep no texts. */
async function clearTextsExcept(db: Db, shopId: number, keep: ReadonlyMap<string, unknown>): Promise<void> {
  const stored = await db.productReview.findMany({ where: { shopId, texts: { not: '[]' } }, select: { productId: true } });
  const gone = stored.map((r) => r.productId).filter((id) => !keep.has(id));
  for (let i = 0; i < gone.length; i += 500) {
    await db.productReview.updateMany({ where: { shopId, productId: { in: gone.slice(i, i + 500) } }, data: { texts: '[]' } });
  }
}
