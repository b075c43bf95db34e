/**
 * GET /api/reviews/insights: reads the rows (product views and add-to-carts in the range,
 * stored reviews, Quick feedback answers and the journeys they belong to), analyzes the texts
 * (ml/text: sentiment and aspects) and hands them to the pure builders (review-insights.ts,
 * feedback-steps.ts). Every read is scoped by shopId and bounded. Review analyses are cached
 * per product row version, so a page reload does not re-analyze unchanged reviews.
 */
import type { Db } from '../db/client';
import type { ReviewInsightsAnswer } from '../api-contract/review-insights';
import { analyzeReviewText, type TextAnalysis } from '../../ml/text/aspects';
import { stepFromPath, type JourneyStep } from '../../ml/data/journey-step';
import type { AnalyticsQuery } from './params';
import type { ShopRef } from './service';
import { dayStartMs } from './utc-days';
import { productInsights, storeAddRate, type ProductReviews, type ProductTraffic } from './review-insights';
import { feedbackBySteps, type FeedbackAnswer } from './feedback-steps';
import { readReviewTexts } from './review-texts';

/** Most review rows and feedback answers read per request. */
export const MAX_REVIEW_PRODUCTS = 2_000;
export const MAX_FEEDBACK_ANSWERS = 5_000;
/** Most review texts analyzed per request (the newest stored per product come first). */
export const MAX_TEXTS_ANALYZED = 20_000;

const cache = new Map<string, TextAnalysis[]>();
const CACHE_ENTRIES = 5_000;

function analyzedTexts(key: string, texts: string[]): TextAnalysis[] {
  const hit = cache.get(key);
  if (hit) return hit;
  const out = texts.map((t) => analyzeReviewText(t));
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, out);
  return out;
}

async function readTraffic(db: Db, shopId: number, window: { gte: Date; lt: Date }): Promise<Map<string, ProductTraffic>> {
  const rows = await db.event.groupBy({
    by: ['productId', 'name'],
    where: { shopId, ts: window, name: { in: ['product_viewed', 'product_added_to_cart'] }, productId: { not: null } },
    _count: { _all: true },
  });
  const out = new Map<string, ProductTraffic>();
  for (const r of rows) {
    const t = out.get(r.productId!) ?? out.set(r.productId!, { views: 0, addToCarts: 0 }).get(r.productId!)!;
    if (r.name === 'product_viewed') t.views += r._count._all;
    else t.addToCarts += r._count._all;
  }
  return out;
}

async function readReviews(db: Db, shopId: number): Promise<ProductReviews[]> {
  const rows = await db.productReview.findMany({ where: { shopId }, orderBy: { updatedAt: 'desc' }, take: MAX_REVIEW_PRODUCTS });
  const titles = new Map(
    (await db.product.findMany({ where: { shopId, productId: { in: rows.map((r) => r.productId) } }, select: { productId: true, title: true } })).map((p) => [p.productId, p.title]),
  );
  let budget = MAX_TEXTS_ANALYZED;
  return rows.map((r) => {
    const texts = readReviewTexts(r.texts).slice(0, Math.max(0, budget));
    budget -= texts.length;
    const analyses = analyzedTexts(`${shopId}:${r.productId}:${r.updatedAt.getTime()}:${texts.length}`, texts);
    return {
      productId: r.productId,
      title: titles.get(r.productId) ?? '',
      rating: r.rating,
      ratingMax: r.ratingMax,
      ratingCount: r.ratingCount,
      texts: texts.map((text, i) => ({ text, analysis: analyses[i] })),
    };
  });
}

async function readFeedback(db: Db, shopId: number, window: { gte: Date; lt: Date }): Promise<FeedbackAnswer[]> {
  const rows = await db.event.findMany({
    where: { shopId, name: 'waymark:feedback', ts: window },
    select: { query: true, path: true, journeyId: true },
    orderBy: [{ ts: 'desc' }, { id: 'desc' }],
    take: MAX_FEEDBACK_ANSWERS,
  });
  const ids = [...new Set(rows.map((r) => r.journeyId).filter((j): j is string => j !== null))];
  const purchased = new Map<string, boolean>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const j of await db.journey.findMany({ where: { shopId, id: { in: ids.slice(i, i + 500) } }, select: { id: true, purchased: true } })) purchased.set(j.id, j.purchased);
  }
  return rows
    .filter((r) => r.query)
    .map((r) => ({
      text: r.query!,
      analysis: analyzeReviewText(r.query),
      // The page the block was answered on (the event's own step is `other`: feedback is not navigation).
      step: stepFromPath(r.path ?? undefined) as JourneyStep,
      leftWithoutBuying: r.journeyId && purchased.has(r.journeyId) ? !purchased.get(r.journeyId) : null,
    }));
}

export async function getReviewInsights(db: Db, shop: ShopRef, q: AnalyticsQuery): Promise<ReviewInsightsAnswer> {
  const window = { gte: new Date(dayStartMs(q.range.from)), lt: new Date(dayStartMs(q.range.to) + 86_400_000) };
  const [traffic, reviews, feedback] = await Promise.all([readTraffic(db, shop.id, window), readReviews(db, shop.id), readFeedback(db, shop.id, window)]);
  const products = productInsights(
    reviews.filter((r) => r.texts.length || r.rating !== null || r.ratingCount),
    traffic,
    { limit: q.limit },
  );
  return {
    range: q.range,
    storeAddToCartRate: storeAddRate(traffic),
    totals: { reviewTexts: reviews.reduce((a, r) => a + r.texts.length, 0), productsWithReviews: reviews.length, feedbackAnswers: feedback.length },
    products,
    steps: feedbackBySteps(feedback),
  };
}
