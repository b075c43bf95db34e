/**
 * Query parameters of the analytics API, validated. Pure (zod only).
 *
 *   from, to      YYYY-MM-DD (the shop's days, inclusive). Default: the 30 days ending today in the
 *                 shop's time zone (date-window.ts: the same default as every view).
 *   device        desktop | mobile | tablet | bot | other
 *   returning     true | false   (new vs returning visitors)
 *   source        direct | search | social | email | paid | referral | internal
 *   landing       landing page type (home, collection, product, search, cart, other, ...)
 *   anchor        start | purchase | exit                      (flow)
 *   detail        step | item                                  (flow)
 *   top           nodes per column before "Other" (1-50, default 6)
 *   expand        comma-separated positions whose "Other" group to expand (repeat = more)
 *   depth         columns (1-8, default 8; detail level max 6)
 *   checkout      fold | steps: checkout sub-steps as one "Checkout" node (default) or each (flow, page types)
 *   steps         funnel steps, comma-separated (default session,product,cart,checkout,purchase)
 *   outcome       purchase | exit                              (paths)
 *   limit         1-100
 */
import { z } from 'zod';
import { DEVICE_CLASSES } from '../journeys/device-class';
import { TRAFFIC_SOURCES } from '../journeys/traffic-source';
import { JOURNEY_STEPS } from '../../ml/data/journey-step';
import { defaultWindow, localDay } from './date-window';
import { DEFAULT_FUNNEL, FUNNEL_TOKENS, type FunnelToken, type SegmentFilters } from './rollup-shapes';
import { daysInRange, previousPeriod, type DayRange } from './utc-days';
import { firstIssue } from '../problem';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a date');
const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const analyticsQuerySchema = z.object({
  from: day.optional(),
  to: day.optional(),
  device: z.enum(DEVICE_CLASSES).optional(),
  returning: z.enum(['true', 'false']).optional(),
  source: z.enum(TRAFFIC_SOURCES).optional(),
  landing: z.enum(JOURNEY_STEPS).optional(),
  anchor: z.enum(['start', 'purchase', 'exit']).default('start'),
  detail: z.enum(['step', 'item']).default('step'),
  top: intIn(1, 50).default(6),
  expand: z
    .string()
    .regex(/^-?\d+(,-?\d+)*$/, 'comma-separated positions')
    .optional(),
  depth: intIn(1, 8).optional(),
  checkout: z.enum(['fold', 'steps']).default('fold'),
  steps: z.string().optional(),
  outcome: z.enum(['purchase', 'exit']).default('purchase'),
  limit: intIn(1, 100).default(10),
});

export interface AnalyticsQuery {
  range: DayRange;
  previous: DayRange;
  filters: SegmentFilters;
  anchor: 'start' | 'purchase' | 'exit';
  detail: 'step' | 'item';
  top: number;
  expand: number[];
  depth?: number;
  /** Flow (page types): checkout sub-steps folded into one "Checkout" node, or shown each. */
  checkout: 'fold' | 'steps';
  steps: FunnelToken[];
  outcome: 'purchase' | 'exit';
  limit: number;
}

export type ParseResult = { ok: true; query: AnalyticsQuery } | { ok: false; field: string; message: string };

export const MAX_RANGE_DAYS = 366;

export function parseAnalyticsQuery(raw: Record<string, unknown>, now = Date.now(), timeZone = 'UTC'): ParseResult {
  const flat: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) flat[k] = Array.isArray(v) ? v.join(',') : v;
  const parsed = analyticsQuerySchema.safeParse(flat);
  if (!parsed.success) {
    const { path, message } = firstIssue(parsed.error, '(query)');
    return { ok: false, field: path, message };
  }
  const p = parsed.data;
  const to = p.to ?? localDay(now, timeZone);
  const from = p.from ?? defaultWindow(to).from;
  if (from > to) return { ok: false, field: 'from', message: 'from is after to' };
  const range = { from, to };
  if (daysInRange(range) > MAX_RANGE_DAYS) return { ok: false, field: 'from', message: `range longer than ${MAX_RANGE_DAYS} days` };
  let steps: FunnelToken[] = DEFAULT_FUNNEL;
  if (p.steps !== undefined) {
    const list = p.steps.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = list.find((s) => !(FUNNEL_TOKENS as readonly string[]).includes(s));
    if (bad) return { ok: false, field: 'steps', message: `unknown step "${bad}" (one of ${FUNNEL_TOKENS.join(', ')})` };
    if (list.length < 2 || list.length > 10) return { ok: false, field: 'steps', message: 'between 2 and 10 steps' };
    if (new Set(list).size !== list.length) return { ok: false, field: 'steps', message: 'steps repeat' };
    steps = list as FunnelToken[];
  }
  const filters: SegmentFilters = {};
  if (p.device) filters.device = p.device;
  if (p.returning) filters.isReturning = p.returning === 'true';
  if (p.source) filters.source = p.source;
  if (p.landing) filters.landingStep = p.landing;
  return {
    ok: true,
    query: {
      range,
      previous: previousPeriod(range),
      filters,
      anchor: p.anchor,
      detail: p.detail,
      top: p.top,
      expand: p.expand ? p.expand.split(',').map(Number) : [],
      depth: p.depth,
      checkout: p.checkout,
      steps,
      outcome: p.outcome,
      limit: p.limit,
    },
  };
}
