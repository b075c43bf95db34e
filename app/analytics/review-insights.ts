/**
 * Reviews joined to journeys, per product: views and add-to-cart rate in the range beside the
 * sentiment and aspects of the product's review texts and its rating ("Trail Jacket: many views,
 * few add-to-carts; 38% of its 24 reviews mention size and fit, mostly negative"). Pure: the
 * caller (review-insights-service.ts) reads the rows and passes the texts' analyses in.
 */
import type { ProductReviewInsight } from '../api-contract/review-insights';
import { aspectSentence, examples, headlineAspect, sentimentCounts, topAspects, type AnalyzedText } from './text-summary';

export interface ProductTraffic {
  views: number;
  addToCarts: number;
}

export interface ProductReviews {
  productId: string;
  title: string;
  rating: number | null;
  ratingMax: number | null;
  ratingCount: number | null;
  texts: AnalyzedText[];
}

export interface ReviewInsightOptions {
  /** A product needs this many views before "few add-to-carts" is said (default 20). */
  minViews?: number;
  /** Most products returned (default 20). */
  limit?: number;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Add-to-carts per view over every product, or null without views. */
export function storeAddRate(traffic: ReadonlyMap<string, ProductTraffic>): number | null {
  let views = 0;
  let adds = 0;
  for (const t of traffic.values()) {
    views += t.views;
    adds += t.addToCarts;
  }
  return views ? Math.min(1, adds / views) : null;
}

export function productInsight(p: ProductReviews, traffic: ProductTraffic, storeRate: number | null, minViews: number): ProductReviewInsight {
  const rate = traffic.views ? Math.min(1, traffic.addToCarts / traffic.views) : null;
  const few = rate !== null && storeRate !== null && traffic.views >= minViews && rate < storeRate / 2;
  const aspects = topAspects(p.texts);
  const parts: string[] = [];
  const added = rate === null ? 'none added to cart' : `${pct(rate)} added to cart`;
  const trafficWords = `${traffic.views.toLocaleString('en-US')} views, ${added}${storeRate !== null && rate !== null ? ` against ${pct(storeRate)} store-wide` : ''}`;
  parts.push(few ? `many views, few add-to-carts: ${trafficWords}` : trafficWords);
  const head = headlineAspect(aspects);
  if (head) parts.push(aspectSentence(head, p.texts.length, p.texts.length === 1 ? 'review' : 'reviews'));
  else if (p.texts.length) parts.push(`${p.texts.length.toLocaleString('en-US')} reviews, none about size, price, shipping or quality`);
  if (p.rating !== null) parts.push(`rated ${p.rating.toFixed(1)} of ${p.ratingMax ?? 5}${p.ratingCount ? ` by ${p.ratingCount.toLocaleString('en-US')} shoppers` : ''}`);
  return {
    productId: p.productId,
    title: p.title,
    views: traffic.views,
    addToCarts: traffic.addToCarts,
    addToCartRate: rate,
    fewAddToCarts: few,
    rating: p.rating,
    ratingMax: p.ratingMax,
    ratingCount: p.ratingCount,
    reviews: p.texts.length,
    sentiment: sentimentCounts(p.texts),
    topAspects: aspects,
    examples: examples(p.texts),
    summary: `${p.title || `Product ${p.productId}`}: ${parts.join('; ')}.`,
  };
}

/** Products with reviews, the ones to act on first: few add-to-carts, then negative aspects, then views. */
export function productInsights(
  reviews: readonly ProductReviews[],
  traffic: ReadonlyMap<string, ProductTraffic>,
  opts: ReviewInsightOptions = {},
): ProductReviewInsight[] {
  const storeRate = storeAddRate(traffic);
  const minViews = opts.minViews ?? 20;
  const negativeShare = (i: ProductReviewInsight) => (i.reviews ? i.sentiment.negative / i.reviews : 0);
  return reviews
    .map((p) => productInsight(p, traffic.get(p.productId) ?? { views: 0, addToCarts: 0 }, storeRate, minViews))
    .sort((a, b) => Number(b.fewAddToCarts) - Number(a.fewAddToCarts) || negativeShare(b) - negativeShare(a) || b.views - a.views || a.productId.localeCompare(b.productId))
    .slice(0, opts.limit ?? 20);
}
