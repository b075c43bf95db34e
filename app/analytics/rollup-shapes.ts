/**
 * The shapes the journey roll-ups are built from and read by: path keys and their limits,
 * segments and filters, funnel tokens, the roll-up rows, and the headline totals.
 * Pure: no I/O, no Prisma / Express imports. Day arithmetic is in utc-days.ts.
 */
import { JOURNEY_STEPS, type JourneyStep } from '../../ml/data/journey-step';
import type { Headline } from '../api-contract/analytics';

/** Path keys keep at most this many steps (head: the first 8, tails: the last 8). */
export const PATH_DEPTH = 8;
/** Marks a truncated path: trailing in a head ("continues"), leading in a tail ("started earlier"). */
export const MORE = '+';
/** Link target meaning "the journey ends here" (start anchor) / "starts here" (end anchors). */
export const END = '';

export type PathKind = 'head' | 'tail_purchase' | 'tail_exit' | 'reached';
export type FlowAnchor = 'start' | 'purchase' | 'exit';

/** Segment values of one journey. */
export interface SegmentValues {
  device: string;
  isReturning: boolean;
  source: string;
  landingStep: string;
}

/** Segment filters (all optional; several are ANDed). */
export interface SegmentFilters {
  device?: string;
  isReturning?: boolean;
  source?: string;
  landingStep?: string;
}

export const SEGMENT_DIMENSIONS = ['device', 'isReturning', 'source', 'landingStep'] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];

/**
 * One-dimension segment keys used by the timing and item-flow roll-ups (a journey counts
 * in "all" and once per dimension): "all", "device:mobile", "returning:true",
 * "source:search", "landing:product".
 */
export function segmentKeysOf(s: SegmentValues): string[] {
  return ['all', `device:${s.device}`, `returning:${s.isReturning}`, `source:${s.source}`, `landing:${s.landingStep}`];
}

/**
 * The one-dimension key that answers `filters`. Exact for zero or one filter; with more,
 * the first filter in SEGMENT_DIMENSIONS order is used and `exact` is false.
 */
export function segmentKeyFor(filters: SegmentFilters): { key: string; exact: boolean } {
  const keys: string[] = [];
  if (filters.device !== undefined) keys.push(`device:${filters.device}`);
  if (filters.isReturning !== undefined) keys.push(`returning:${filters.isReturning}`);
  if (filters.source !== undefined) keys.push(`source:${filters.source}`);
  if (filters.landingStep !== undefined) keys.push(`landing:${filters.landingStep}`);
  return { key: keys[0] ?? 'all', exact: keys.length <= 1 };
}

/** Funnel / reached-set tokens: `session` (every journey), the steps, and `checkout` = any checkout step. */
export const FUNNEL_TOKENS = ['session', ...JOURNEY_STEPS.filter((s) => s !== 'landing')] as const;
export type FunnelToken = (typeof FUNNEL_TOKENS)[number];
export const DEFAULT_FUNNEL: FunnelToken[] = ['session', 'product', 'cart', 'checkout', 'purchase'];

const TOKEN_ORDER = new Map<string, number>(FUNNEL_TOKENS.map((t, i) => [t, i]));
export function tokenOrder(t: string): number {
  return TOKEN_ORDER.get(t) ?? FUNNEL_TOKENS.length;
}
export function isFunnelToken(t: string): t is FunnelToken {
  return TOKEN_ORDER.has(t);
}

/** Step of a path node ("product:123" → "product"). */
export function nodeStep(node: string): JourneyStep | string {
  const i = node.indexOf(':');
  return i === -1 ? node : node.slice(0, i);
}
export function nodeItemId(node: string): string | undefined {
  const i = node.indexOf(':');
  return i === -1 ? undefined : node.slice(i + 1);
}

// ---- roll-up rows (what the roll-up job writes; the query layer reads them back) ----

export interface PathRow extends SegmentValues {
  day: string;
  kind: PathKind;
  key: string;
  sessions: number;
  purchases: number;
  orders: number;
  revenue: number;
}

export interface TimingRow {
  day: string;
  segment: string;
  metric: 'dwell' | 'between';
  key: string;
  count: number;
  sumMs: number;
  /** "bucket:count bucket:count ..." (see histogram.ts) */
  histogram: string;
}

/** Detail-level flows keep fewer positions than step-level ones (their rows are many more). */
export const DETAIL_DEPTH = 6;

export interface ItemFlowRow {
  day: string;
  anchor: FlowAnchor;
  position: number;
  fromNode: string;
  toNode: string;
  sessions: number;
  purchases: number;
}

export interface ItemRow {
  day: string;
  kind: 'product' | 'collection';
  itemId: string;
  handle: string | null;
  views: number;
  carts: number;
  purchases: number;
}

/** Per day × segment cell (as PathRow) × normalized query. */
export interface SearchRow extends SegmentValues {
  day: string;
  query: string;
  searches: number;
  zeroResults: number;
  clicked: number;
  sessions: number;
  purchases: number;
}

export interface DayRollup {
  paths: PathRow[];
  timings: TimingRow[];
  itemFlows: ItemFlowRow[];
  items: ItemRow[];
  searches: SearchRow[];
}

export function headlineOf(t: { sessions: number; purchases: number; orders: number; revenue: number }): Headline {
  return {
    sessions: t.sessions,
    purchases: t.purchases,
    orders: t.orders,
    revenue: round2(t.revenue),
    conversionRate: t.sessions ? t.purchases / t.sessions : 0,
    averageOrderValue: t.orders ? round2(t.revenue / t.orders) : 0,
  };
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
