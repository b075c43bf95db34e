/**
 * GET /api/funnel (the funnel builder) and GET /api/funnel/collections (its collection
 * picker). app/analytics/funnel-builder.ts defines how sessions are counted; the query's
 * segment filters and dates are the journey map's (app/analytics/params.ts).
 *
 *   steps    2 to 10 comma-separated step definitions, each one of
 *              page:<type>          a page type (session, home, collection, search, product, cart,
 *                                   checkout, checkout_contact, …, purchase, other); a bare <type> also works
 *              product:<id|handle>  a view of that product's page
 *              collection:<id|handle> a view of that collection's page
 *              event:<name>         add_to_cart | search | checkout_started | purchase
 *            default: session,product,cart,checkout,purchase (page types)
 *   mode     closed (default) | open
 *   window   5m | 30m | 1h | 1d | session (default): how long after the first counted step
 *            the later steps may happen (never beyond the session)
 *   compare  true | false (default): also count the previous period
 *
 * Bad input is a 400 `{ error: { code: 'invalid_input', message, fields: [{ path, message }] } }`
 * whose path names the step (`steps.2`).
 */
import { z } from 'zod';
import { answeredFor, timeStatsSchema } from './analytics';
import { JOURNEY_STEPS, type JourneyStep } from '../../ml/data/journey-step';

/** Page types a step may be: the journey steps, with `session` (every session's start) for the synthetic `landing`. */
export const FUNNEL_PAGE_TYPES: readonly ('session' | Exclude<JourneyStep, 'landing'>)[] = [
  'session',
  ...JOURNEY_STEPS.filter((s): s is Exclude<JourneyStep, 'landing'> => s !== 'landing'),
];
export const FUNNEL_EVENTS = ['add_to_cart', 'search', 'checkout_started', 'purchase'] as const;
/** How the admin names each event step. */
export const FUNNEL_EVENT_LABELS: Readonly<Record<(typeof FUNNEL_EVENTS)[number], string>> = {
  add_to_cart: 'Added to cart',
  search: 'Searched',
  checkout_started: 'Started checkout',
  purchase: 'Ordered',
};
export const FUNNEL_STEP_KINDS = ['page', 'product', 'collection', 'event'] as const;
export const FUNNEL_WINDOWS = ['5m', '30m', '1h', '1d', 'session'] as const;
export const FUNNEL_MODES = ['closed', 'open'] as const;
export const DEFAULT_FUNNEL_STEPS = 'session,product,cart,checkout,purchase';

export type FunnelStepKind = (typeof FUNNEL_STEP_KINDS)[number];
export type FunnelWindow = (typeof FUNNEL_WINDOWS)[number];
export type FunnelMode = (typeof FUNNEL_MODES)[number];

/** One parsed step: its kind and value (a page type, a product / collection id or handle, an event name). */
export interface FunnelStepDef {
  kind: FunnelStepKind;
  value: string;
}

/** The canonical text of a step (`page:cart`, `product:123`): its key in answers and URLs. */
export const stepKey = (s: FunnelStepDef): string => `${s.kind}:${s.value}`;

const ITEM_REF = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** One step definition's text, parsed; an issue names what is wrong with it. */
export const funnelStepDefSchema = z.string().transform((raw, ctx): FunnelStepDef => {
  const text = raw.trim();
  const colon = text.indexOf(':');
  const kind = colon === -1 ? 'page' : text.slice(0, colon);
  const value = colon === -1 ? text : text.slice(colon + 1);
  const issue = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  switch (kind) {
    case 'page':
      if (!(FUNNEL_PAGE_TYPES as readonly string[]).includes(value)) return issue(`unknown page type "${value}" (one of ${FUNNEL_PAGE_TYPES.join(', ')})`);
      break;
    case 'event':
      if (!(FUNNEL_EVENTS as readonly string[]).includes(value)) return issue(`unknown event "${value}" (one of ${FUNNEL_EVENTS.join(', ')})`);
      break;
    case 'product':
    case 'collection':
      if (!ITEM_REF.test(value)) return issue(`expected ${kind}:<id or handle> (letters, digits, - and _)`);
      break;
    default:
      return issue(`unknown step kind "${kind}" (one of ${FUNNEL_STEP_KINDS.join(', ')})`);
  }
  return { kind, value } as FunnelStepDef;
});

const stepList = z
  .array(funnelStepDefSchema)
  .min(2, 'between 2 and 10 steps')
  .max(10, 'between 2 and 10 steps')
  .superRefine((steps, ctx) => {
    const seen = new Set<string>();
    steps.forEach((s, i) => {
      if (seen.has(stepKey(s))) ctx.addIssue({ code: 'custom', message: `step "${stepKey(s)}" repeats`, path: [i] });
      seen.add(stepKey(s));
    });
  });

/** The funnel's own query parameters (the segment filters and dates are parsed with the journey map's). */
export const funnelQuerySchema = z.object({
  steps: z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter((s) => s.trim() !== '') : v), stepList).default(() => DEFAULT_FUNNEL_STEPS.split(',').map((value) => ({ kind: 'page' as const, value }))),
  mode: z.enum(FUNNEL_MODES).default('closed'),
  window: z.enum(FUNNEL_WINDOWS).default('session'),
  compare: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
export type FunnelQuery = z.infer<typeof funnelQuerySchema>;

export const builtFunnelStepSchema = z.strictObject({
  /** `page:cart`, `product:123`, `collection:45`, `event:add_to_cart` (resolved ids, not handles) */
  key: z.string(),
  kind: z.enum(FUNNEL_STEP_KINDS),
  value: z.string(),
  /** What the merchant reads: the page type's name, the product's title, the collection's name, the event's name. */
  label: z.string(),
  sessions: z.number(),
  /** Open funnels: sessions counted here that did not come from the previous step in order (entered here). Closed: 0 after the first step. */
  entered: z.number(),
  /** Sessions that did the previous step and then this one, in order and within the window. */
  continued: z.number(),
  /** continued / previous step's sessions (1 for the first step) */
  conversionFromPrevious: z.number(),
  /** sessions / first step's sessions (open funnels: may exceed 1) */
  conversionFromStart: z.number(),
  /** previous step's sessions − continued (0 for the first step) */
  dropOff: z.number(),
  dropOffRate: z.number(),
  /** Time from the previous step to this one, over the sessions that continued (null for the first step). */
  timeFromPrevious: timeStatsSchema.nullable(),
});
export type BuiltFunnelStep = z.infer<typeof builtFunnelStepSchema>;

export const builtFunnelSchema = z.strictObject({
  steps: z.array(builtFunnelStepSchema),
  /** last step's sessions / first step's sessions */
  overallConversion: z.number(),
});
export type BuiltFunnel = z.infer<typeof builtFunnelSchema>;

export const funnelBuilderAnswerSchema = z.strictObject({
  ...answeredFor,
  mode: z.enum(FUNNEL_MODES),
  window: z.enum(FUNNEL_WINDOWS),
  ...builtFunnelSchema.shape,
  /** The previous period, when asked for (compare=true). */
  previous: builtFunnelSchema.nullable(),
});
export type FunnelBuilderAnswer = z.infer<typeof funnelBuilderAnswerSchema>;

export const funnelCollectionsAnswerSchema = z.strictObject({
  collections: z.array(z.strictObject({ id: z.string(), handle: z.string().nullable(), title: z.string(), views: z.number() })),
});
export type FunnelCollectionsAnswer = z.infer<typeof funnelCollectionsAnswerSchema>;
