/** GET /api/recommendations/performance (app/recs/performance.ts computes the figures). */
import { z } from 'zod';

/** Kind of storefront page a block was seen on. */
export const pageTypeSchema = z.enum(['product', 'collection', 'cart', 'home', 'search', 'other']);
export type PageType = z.infer<typeof pageTypeSchema>;

export const placementStatsSchema = z.strictObject({
  placement: z.string(),
  impressions: z.number(),
  /** page types the block was seen on, most impressions first */
  pageTypes: z.array(z.strictObject({ type: pageTypeSchema, impressions: z.number() })),
  /** distinct storefront pages (paths) the block was seen on */
  pages: z.number(),
  /** time of the latest impression (ISO), null without impressions */
  lastSeen: z.string().nullable(),
  clicks: z.number(),
  ctr: z.number(),
  addToCarts: z.number(),
  attributedOrders: z.number(),
  attributedRevenue: z.number(),
});
export type PlacementStats = z.infer<typeof placementStatsSchema>;

export const groupStatsSchema = z.strictObject({
  /** visitors (browsers) that saw a block, or its place in the holdout */
  visitors: z.number(),
  /** of them, visitors who converted */
  purchases: z.number(),
  conversion: z.number(),
  revenuePerVisitor: z.number(),
});
export type GroupStats = z.infer<typeof groupStatsSchema>;

export const liftSchema = z.strictObject({
  treatment: groupStatsSchema,
  holdout: groupStatsSchema,
  /** relative lift in conversion, e.g. 0.12 = +12% */
  relative: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  /** too few holdout visitors or conversions for an interval worth showing */
  enoughData: z.boolean(),
  /** the minimum-sample warning, when not enoughData */
  warning: z.string().nullable(),
  /** what counts as a conversion */
  window: z.string(),
});
export type Lift = z.infer<typeof liftSchema>;

const recPerformanceShape = {
  windowDays: z.number(),
  placements: z.array(placementStatsSchema),
  total: placementStatsSchema,
  lift: liftSchema,
};
export const recPerformanceSchema = z.strictObject(recPerformanceShape);
export type RecPerformance = z.infer<typeof recPerformanceSchema>;

export const performanceAnswerSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  currency: z.string(),
  holdoutPercent: z.number(),
  attribution: z.string(),
  ...recPerformanceShape,
});
export type PerformanceAnswer = z.infer<typeof performanceAnswerSchema>;
