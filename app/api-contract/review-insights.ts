/**
 * GET /api/reviews/insights: product reviews and Quick feedback answers, analyzed (sentiment and
 * aspects, ml/text) and joined to journeys: per product, views and add-to-cart rate beside what
 * its reviews talk about; per journey step, what shoppers answered there and whether they left
 * without buying. Built by app/analytics/review-insights.ts. Segment filters do not apply.
 */
import { z } from 'zod';
import { dayRangeSchema } from './analytics';

export const sentimentCountsSchema = z.strictObject({ positive: z.number(), neutral: z.number(), negative: z.number() });
export type SentimentCounts = z.infer<typeof sentimentCountsSchema>;

export const aspectSummarySchema = z.strictObject({
  aspect: z.string(),
  /** Plain words: "size and fit". */
  name: z.string(),
  mentions: z.number(),
  /** Share of the texts that mention it. */
  share: z.number(),
  positive: z.number(),
  negative: z.number(),
  neutral: z.number(),
  mostly: z.enum(['positive', 'negative', 'mixed']),
});
export type AspectSummary = z.infer<typeof aspectSummarySchema>;

const exampleSchema = z.strictObject({ text: z.string(), sentiment: z.enum(['positive', 'neutral', 'negative']) });

export const productReviewInsightSchema = z.strictObject({
  productId: z.string(),
  title: z.string(),
  views: z.number(),
  addToCarts: z.number(),
  addToCartRate: z.number().nullable(),
  /** Many views (at least minViews) and an add-to-cart rate under half the store's. */
  fewAddToCarts: z.boolean(),
  rating: z.number().nullable(),
  ratingMax: z.number().nullable(),
  ratingCount: z.number().nullable(),
  /** Review texts analyzed. */
  reviews: z.number(),
  sentiment: sentimentCountsSchema,
  topAspects: z.array(aspectSummarySchema),
  examples: z.array(exampleSchema),
  /** The finding in plain words. */
  summary: z.string(),
});
export type ProductReviewInsight = z.infer<typeof productReviewInsightSchema>;

export const stepFeedbackSchema = z.strictObject({
  step: z.string(),
  answers: z.number(),
  /** Answers whose visit ended without a purchase (null-journey answers not counted). */
  leftWithoutBuying: z.number(),
  sentiment: sentimentCountsSchema,
  topAspects: z.array(aspectSummarySchema),
  examples: z.array(exampleSchema),
  summary: z.string(),
});
export type StepFeedback = z.infer<typeof stepFeedbackSchema>;

export const reviewInsightsAnswerSchema = z.strictObject({
  range: dayRangeSchema,
  /** Add-to-carts per product view across the store in the range, null without views. */
  storeAddToCartRate: z.number().nullable(),
  totals: z.strictObject({ reviewTexts: z.number(), productsWithReviews: z.number(), feedbackAnswers: z.number() }),
  products: z.array(productReviewInsightSchema),
  steps: z.array(stepFeedbackSchema),
});
export type ReviewInsightsAnswer = z.infer<typeof reviewInsightsAnswerSchema>;
