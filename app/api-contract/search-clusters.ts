/** GET /api/search/clusters: searches grouped by intent (app/analytics/search-clusters.ts builds them). */
import { z } from 'zod';
import { answeredFor } from './analytics';

export const nextActionSchema = z.enum(['opened', 'refined', 'left', 'browsed']);
export type NextAction = z.infer<typeof nextActionSchema>;

const countedQuery = z.strictObject({ query: z.string(), searches: z.number() });

const clusterStatsShape = {
  id: z.string(),
  label: z.string(),
  language: z.string(),
  members: z.array(countedQuery),
  searches: z.number(),
  zeroResults: z.number(),
  withResults: z.number(),
  /** Searches with results followed by a product view. */
  clicked: z.number(),
  clickRate: z.number().nullable(),
  /** Searches followed by an add-to-cart before the next search. */
  addedToCart: z.number(),
  sessions: z.number(),
  purchases: z.number(),
  conversionRate: z.number(),
  revenue: z.number(),
  next: z.record(nextActionSchema, z.number()),
};
export const clusterStatsSchema = z.strictObject(clusterStatsShape);
export type ClusterStats = z.infer<typeof clusterStatsSchema>;

export const zeroResultClusterSchema = z.strictObject({
  ...clusterStatsShape,
  /** Products whose title, type or tags share the cluster's words. */
  suggestedProducts: z.array(z.strictObject({ productId: z.string(), title: z.string() })),
  /** Queries shoppers tried next that found results, tried at least minRefinements times (synonym candidates). */
  refinedTo: z.array(countedQuery),
  /** Terms to map as one synonym group: the query that worked, then the member queries that found nothing. */
  synonyms: z.array(z.string()),
});
export type ZeroResultCluster = z.infer<typeof zeroResultClusterSchema>;

const searchClustersShape = {
  totals: z.strictObject({ searches: z.number(), sessions: z.number(), clusters: z.number(), queries: z.number() }),
  top: z.array(clusterStatsSchema),
  zeroResults: z.array(zeroResultClusterSchema),
  converting: z.array(clusterStatsSchema),
  /** Paste into Shopify Search & Discovery → Synonyms: one group per line, comma-separated. */
  synonymsText: z.string(),
};
export const searchClustersSchema = z.strictObject(searchClustersShape);
export type SearchClusters = z.infer<typeof searchClustersSchema>;

export const searchClustersAnswerSchema = z.strictObject({
  ...searchClustersShape,
  ...answeredFor,
  currency: z.string(),
});
export type SearchClustersAnswer = z.infer<typeof searchClustersAnswerSchema>;
