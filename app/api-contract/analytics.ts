/**
 * GET /api/journey-map (with its roll-up funnel), /flow, /dwell, /headline, /paths, /search,
 * /search/clusters and /insights (app/analytics/service.ts answers them; GET /funnel, the
 * funnel builder, is in funnel.ts). Types are inferred from the
 * schemas; the server's functions return them and the admin page reads them.
 */
import { z } from 'zod';

export const dayRangeSchema = z.strictObject({ from: z.string(), to: z.string() });

/** The range, comparison range and filters an answer was computed for. */
export const answeredFor = {
  range: dayRangeSchema,
  previousRange: dayRangeSchema,
  filters: z.strictObject({
    device: z.string().nullable(),
    returning: z.boolean().nullable(),
    source: z.string().nullable(),
    landing: z.string().nullable(),
  }),
};

/** Sessions / purchases / revenue of a set of journeys. */
export const headlineSchema = z.strictObject({
  sessions: z.number(),
  purchases: z.number(),
  orders: z.number(),
  revenue: z.number(),
  /** purchases / sessions (0 when no sessions) */
  conversionRate: z.number(),
  /** revenue / orders (0 when no orders) */
  averageOrderValue: z.number(),
});
export type Headline = z.infer<typeof headlineSchema>;

export const headlineAnswerSchema = z.strictObject({ current: headlineSchema, previous: headlineSchema });
export type HeadlineAnswer = z.infer<typeof headlineAnswerSchema>;

export const timeStatsSchema = z.strictObject({ count: z.number(), meanMs: z.number().nullable(), medianMs: z.number().nullable() });
export type TimeStats = z.infer<typeof timeStatsSchema>;

export const funnelStepSchema = z.strictObject({
  step: z.string(),
  sessions: z.number(),
  /** sessions / previous step's sessions (1 for the first step) */
  conversionFromPrevious: z.number(),
  /** sessions / first step's sessions */
  conversionFromStart: z.number(),
  /** previous step's sessions - sessions (0 for the first step) */
  dropOff: z.number(),
  dropOffRate: z.number(),
  /** Median / mean time from first reaching the previous step to first reaching this one. */
  timeFromPrevious: timeStatsSchema.nullable(),
});
export type FunnelStep = z.infer<typeof funnelStepSchema>;

export const funnelResultSchema = z.strictObject({
  steps: z.array(funnelStepSchema),
  /** last step / first step */
  overallConversion: z.number(),
});
export type FunnelResult = z.infer<typeof funnelResultSchema>;

export const funnelAnswerSchema = z.strictObject({
  ...funnelResultSchema.shape,
  previous: funnelResultSchema,
  /** Step-to-step times use one segment dimension; false when several filters are set. */
  timesExact: z.boolean(),
});
export type FunnelAnswer = z.infer<typeof funnelAnswerSchema>;

export const dwellRowSchema = z.strictObject({
  step: z.string(),
  /** step visits followed by another step (the last step of a journey has no dwell time) */
  visits: z.number(),
  medianMs: z.number().nullable(),
  meanMs: z.number().nullable(),
});
export type DwellRow = z.infer<typeof dwellRowSchema>;

export const dwellAnswerSchema = z.strictObject({ steps: z.array(dwellRowSchema), exact: z.boolean() });
export type DwellAnswer = z.infer<typeof dwellAnswerSchema>;

export const flowAnchorSchema = z.enum(['start', 'purchase', 'exit']);

export const flowNodeSchema = z.strictObject({
  id: z.string(),
  /** Column: 0 … depth-1 (start anchor) or -(depth-1) … 0 (end anchors). */
  position: z.number(),
  kind: z.enum(['step', 'other', 'exit', 'entry']),
  /** Step type ("product"), the underlying node key ("product:123"), and its item id. */
  step: z.string().nullable(),
  node: z.string().nullable(),
  itemId: z.string().nullable(),
  label: z.string(),
  sessions: z.number(),
  /** Sessions through this node whose journey purchased. */
  purchases: z.number(),
  /** start anchor: sessions that ended here (drop-off); end anchors: sessions that started here. */
  exits: z.number(),
  dropOffRate: z.number(),
  /** Sessions that go on beyond the shown depth (start) / came from before it (end anchors). */
  continuing: z.number(),
  /** For "other" nodes: how many nodes are grouped, and whether expand can reveal more. */
  members: z.number().optional(),
  expandable: z.boolean().optional(),
});
export type FlowNode = z.infer<typeof flowNodeSchema>;

export const flowLinkSchema = z.strictObject({ source: z.string(), target: z.string(), sessions: z.number(), purchases: z.number() });
export type FlowLink = z.infer<typeof flowLinkSchema>;

/** A Sankey of journeys: what app/analytics/flow.ts builds. */
export const flowSchema = z.strictObject({
  anchor: flowAnchorSchema,
  depth: z.number(),
  totals: z.strictObject({ sessions: z.number(), purchases: z.number() }),
  nodes: z.array(flowNodeSchema),
  links: z.array(flowLinkSchema),
});
export type Flow = z.infer<typeof flowSchema>;

export const flowAnswerSchema = z.strictObject({
  ...flowSchema.shape,
  detail: z.enum(['step', 'item']),
  /** Page-type flows: whether checkout sub-steps are folded into one node. */
  checkout: z.enum(['fold', 'steps']).optional(),
  /** false when some filters could not be applied exactly (detail level ignores segments). */
  filtersExact: z.boolean(),
});
export type FlowAnswer = z.infer<typeof flowAnswerSchema>;

export const journeyMapAnswerSchema = z.strictObject({
  ...answeredFor,
  currency: z.string(),
  headline: headlineAnswerSchema,
  flow: flowAnswerSchema,
  funnel: funnelAnswerSchema,
  dwell: dwellAnswerSchema,
});
export type JourneyMapAnswer = z.infer<typeof journeyMapAnswerSchema>;

export const topPathSchema = z.strictObject({
  /** steps in order; a final "+" means the path goes on beyond 8 steps */
  steps: z.array(z.string()),
  truncated: z.boolean(),
  sessions: z.number(),
  purchases: z.number(),
  conversionRate: z.number(),
  /** share of all sessions (to purchase: of all purchasing sessions) matching this path */
  share: z.number(),
});
export type TopPath = z.infer<typeof topPathSchema>;

export const pathsAnswerSchema = z.strictObject({ ...answeredFor, outcome: z.enum(['purchase', 'exit']), paths: z.array(topPathSchema) });
export type PathsAnswer = z.infer<typeof pathsAnswerSchema>;

export const searchQuerySchema = z.strictObject({
  query: z.string(),
  searches: z.number(),
  zeroResults: z.number(),
  clicked: z.number(),
  sessions: z.number(),
  purchases: z.number(),
  withResults: z.number(),
  /** clicked / searches with results; null when none had results */
  clickRate: z.number().nullable(),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export const searchAnswerSchema = z.strictObject({
  ...answeredFor,
  queries: z.array(searchQuerySchema),
  zeroResults: z.array(searchQuerySchema),
  noClicks: z.array(searchQuerySchema),
});
export type SearchAnswer = z.infer<typeof searchAnswerSchema>;

export const insightKindSchema = z.enum(['period_drop', 'segment_step_drop', 'segment_conversion', 'item_no_carts', 'search_no_results', 'search_no_clicks']);
export type InsightKind = z.infer<typeof insightKindSchema>;

export const insightSchema = z.strictObject({
  id: z.string(),
  kind: insightKindSchema,
  title: z.string(),
  detail: z.string(),
  sessionsAtStake: z.number(),
  revenueAtStake: z.number(),
  link: z.strictObject({
    /** Which admin view shows the finding. */
    view: z.enum(['funnel', 'flow', 'paths', 'search', 'items']),
    /** Query parameters for that view's API / page (range, comparison, segment, detail ...). */
    params: z.record(z.string(), z.string()),
  }),
  /** Purchase propensity of the affected shoppers (0..1), when the API provides it. */
  propensity: z.number().optional(),
  /**
   * How sure the finding is. A comparison (`very_likely`, `likely`): a two-proportion z-test,
   * its p-value adjusted for every comparison in this answer (Benjamini–Hochberg); `label`
   * says it in a merchant's words ("Very likely real (99%)"), `details` gives the numbers.
   * A count (`counted`, e.g. searches that found nothing): what happened, not an estimate.
   */
  certainty: z.strictObject({
    level: z.enum(['very_likely', 'likely', 'counted']),
    label: z.string(),
    details: z.string(),
    pValue: z.number().nullable(),
    adjustedPValue: z.number().nullable(),
    /** the number of comparisons the adjustment accounts for */
    comparisons: z.number().int(),
  }),
  /**
   * Other findings in this answer about largely the same sessions (segments sharing at least
   * 30% of either one's sessions): their amounts at stake overlap and do not add up.
   */
  overlaps: z.array(z.strictObject({ id: z.string(), title: z.string(), sharedSessions: z.number().int(), share: z.number() })),
});
export type Insight = z.infer<typeof insightSchema>;
export type InsightCertainty = Insight['certainty'];
export type InsightLink = Insight['link'];

export const insightsAnswerSchema = z.strictObject({ ...answeredFor, insights: z.array(insightSchema) });
export type InsightsAnswer = z.infer<typeof insightsAnswerSchema>;
