/**
 * Early-session features for purchase propensity: what a visit did in its FIRST K steps.
 *
 * A step is Waymark's journey step (ml/data/journey-step.ts): the page type of each
 * navigational event, with consecutive repeats collapsed, exactly as the sessionizer builds
 * `Journey.steps`. So "first 3 steps" of `home collection product product cart …` are
 * `home collection product` (both product pages: one step, two product views).
 *
 * No leakage, by construction:
 * - events are read in time order and reading STOPS at the first event of step K+1, or at
 *   the first purchase (`checkout_completed`, or a `purchase` step such as the thank-you
 *   page), whichever comes first; neither the stopping event nor anything after it is used;
 * - visit-level inputs are only those known when the visit starts: device, traffic source
 *   (from the first event), landing step, returning visitor, start time;
 * - nothing from the journey summary that depends on the whole visit (event count, end
 *   time, revenue, full path) is read.
 * Hence the feature vector of a visit is the same whatever happens after its K-th step,
 * including whether it buys (tests/unit/ml/propensity/features.test.ts checks this).
 *
 * Who is scored: a visit is `eligible` at K when it has K complete steps before any
 * purchase. Visits that ended (or bought) before their K-th step are not: at the moment a
 * prediction "after K steps" is made they would not exist yet, and keeping them would let
 * "the visit was short" (known only after it ends) stand in for "did not buy".
 * Bots are never eligible (they never buy; they would inflate the scores for nothing).
 *
 * Counts, times and prices are log1p-transformed (long tails); the logistic model then
 * standardises every column. Pure; no I/O.
 */
import { classifyStep, isNavigational, type JourneyStep } from '../data/journey-step';

/** One event as stored (Prisma row) or sent (JourneyEvent): optional fields may be null. */
export interface FeatureEvent {
  name: string;
  /** epoch ms */
  ts: number;
  path?: string | null;
  productId?: string | null;
  price?: number | null;
  qty?: number | null;
  results?: number | null;
}

/** One visit with the visit-level facts known at its start and its events (any order). */
export interface SessionRecord {
  id: string;
  /** epoch ms of the first event */
  startedAt: number;
  device: string;
  source: string;
  isReturning: boolean;
  events: readonly FeatureEvent[];
  /** The label (Journey.purchased); never read by the feature code. */
  purchased?: boolean;
}

export interface FeatureOptions {
  /** Steps observed (default 3). */
  k?: number;
  /** The shop's UTC offset for the time-of-day features (default 0: UTC). */
  utcOffsetHours?: number;
}

export const DEFAULT_K = 3;

export const DEVICE_LEVELS = ['desktop', 'mobile', 'tablet', 'other'] as const;
export const SOURCE_LEVELS = ['direct', 'search', 'social', 'email', 'paid', 'referral', 'internal'] as const;
export const LANDING_LEVELS = ['home', 'collection', 'search', 'product', 'cart', 'checkout', 'other'] as const;
export const HOUR_LEVELS = ['night', 'morning', 'afternoon', 'evening'] as const;

export type FeatureKind = 'onehot' | 'flag' | 'count' | 'seconds' | 'price';

export interface FeatureSpec {
  name: string;
  kind: FeatureKind;
  /**
   * Completes "Visitors who …": the visit has it (flags, one-hots) or any of it (counts,
   * times, prices). `{K}` is the number of steps.
   */
  label: string;
  /** Counts, times, prices: "Visitors who …" have more than `{X}` (a threshold, formatted). */
  above?: string;
  /**
   * The behaviour on its own, as a short headline for a list ("Searched in the first 3
   * steps"): the visit has it (flags, one-hots) or any of it (counts, times, prices).
   */
  short: string;
  /**
   * Counts, times, prices above a threshold: `{N}` is the smallest count above it ("3+"),
   * `{X}` the formatted threshold ("Viewed 3+ products…", "Spent over 2 min…").
   */
  shortAbove?: string;
}

/**
 * Every feature, in vector order. Labels complete "Visitors who … buy N× as often", so
 * they are written for a merchant, with K filled in by `featureLabel`.
 */
export const FEATURES: readonly FeatureSpec[] = [
  ...DEVICE_LEVELS.map((d) => ({
    name: `device_${d}`,
    kind: 'onehot' as const,
    label: d === 'other' ? 'browse on an unrecognised device' : `browse on ${deviceNoun(d)}`,
    short: d === 'other' ? 'Browsed on an unrecognised device' : `Browsed on ${deviceNoun(d)}`,
  })),
  ...SOURCE_LEVELS.map((s) => ({ name: `source_${s}`, kind: 'onehot' as const, label: sourceLabel(s), short: sourceShort(s) })),
  ...LANDING_LEVELS.map((l) => ({ name: `landing_${l}`, kind: 'onehot' as const, label: landingLabel(l), short: `Landed ${landingLabel(l).replace(/^land /, '')}` })),
  { name: 'returning', kind: 'flag', label: 'come back for another visit', short: 'Returning visitor' },
  {
    name: 'product_views',
    kind: 'count',
    label: 'view a product in their first {K} steps',
    above: 'view more than {X} products in their first {K} steps',
    short: 'Viewed a product in the first {K} steps',
    shortAbove: 'Viewed {N} products in the first {K} steps',
  },
  {
    name: 'distinct_products',
    kind: 'count',
    label: 'view a product in their first {K} steps',
    above: 'look at more than {X} different products in their first {K} steps',
    short: 'Viewed a product in the first {K} steps',
    shortAbove: 'Looked at {N} different products in the first {K} steps',
  },
  { name: 'repeat_product_view', kind: 'flag', label: 'view the same product twice in their first {K} steps', short: 'Viewed the same product twice in the first {K} steps' },
  {
    name: 'collection_views',
    kind: 'count',
    label: 'browse a collection in their first {K} steps',
    above: 'browse more than {X} collections in their first {K} steps',
    short: 'Browsed a collection in the first {K} steps',
    shortAbove: 'Browsed {N} collections in the first {K} steps',
  },
  {
    name: 'home_views',
    kind: 'count',
    label: 'view the home page in their first {K} steps',
    above: 'view the home page more than {X} times in their first {K} steps',
    short: 'Viewed the home page in the first {K} steps',
    shortAbove: 'Viewed the home page {N} times in the first {K} steps',
  },
  {
    name: 'searches',
    kind: 'count',
    label: 'search in their first {K} steps',
    above: 'search more than {X} times in their first {K} steps',
    short: 'Searched in the first {K} steps',
    shortAbove: 'Searched {N} times in the first {K} steps',
  },
  {
    name: 'zero_result_searches',
    kind: 'count',
    label: 'hit a search with no results in their first {K} steps',
    above: 'hit more than {X} searches with no results in their first {K} steps',
    short: 'Hit a search with no results in the first {K} steps',
    shortAbove: 'Hit {N} searches with no results in the first {K} steps',
  },
  {
    name: 'add_to_carts',
    kind: 'count',
    label: 'add to cart in their first {K} steps',
    above: 'add to cart more than {X} times in their first {K} steps',
    short: 'Added to cart in the first {K} steps',
    shortAbove: 'Added to cart {N} times in the first {K} steps',
  },
  {
    name: 'cart_removals',
    kind: 'count',
    label: 'remove something from the cart in their first {K} steps',
    above: 'remove more than {X} items from the cart in their first {K} steps',
    short: 'Removed something from the cart in the first {K} steps',
    shortAbove: 'Removed {N} items from the cart in the first {K} steps',
  },
  {
    name: 'cart_views',
    kind: 'count',
    label: 'open the cart in their first {K} steps',
    above: 'open the cart more than {X} times in their first {K} steps',
    short: 'Opened the cart in the first {K} steps',
    shortAbove: 'Opened the cart {N} times in the first {K} steps',
  },
  { name: 'checkout_started', kind: 'flag', label: 'start checkout within their first {K} steps', short: 'Started checkout within the first {K} steps' },
  {
    name: 'distinct_step_types',
    kind: 'count',
    label: 'move between kinds of pages in their first {K} steps',
    above: 'see more than {X} kinds of pages in their first {K} steps',
    short: 'Moved between kinds of pages in the first {K} steps',
    shortAbove: 'Saw {N} kinds of pages in the first {K} steps',
  },
  {
    name: 'page_views',
    kind: 'count',
    label: 'view a page in their first {K} steps',
    above: 'view more than {X} pages in their first {K} steps',
    short: 'Viewed a page in the first {K} steps',
    shortAbove: 'Viewed {N} pages in the first {K} steps',
  },
  {
    name: 'seconds_elapsed',
    kind: 'seconds',
    label: 'spend time on their first {K} steps',
    above: 'spend more than {X} on their first {K} steps',
    short: 'Spent time on the first {K} steps',
    shortAbove: 'Spent over {X} on the first {K} steps',
  },
  { name: 'mean_step_seconds', kind: 'seconds', label: 'linger on their early steps', above: 'spend more than {X} per early step', short: 'Lingered on the early steps', shortAbove: 'Spent over {X} per early step' },
  {
    name: 'max_price_viewed',
    kind: 'price',
    label: 'view a priced product early on',
    above: 'look at a product priced over {X} in their first {K} steps',
    short: 'Viewed a priced product early on',
    shortAbove: 'Looked at a product priced over {X} in the first {K} steps',
  },
  {
    name: 'mean_price_viewed',
    kind: 'price',
    label: 'view a priced product early on',
    above: 'view products averaging over {X} in their first {K} steps',
    short: 'Viewed a priced product early on',
    shortAbove: 'Viewed products averaging over {X} in the first {K} steps',
  },
  {
    name: 'cart_value_added',
    kind: 'price',
    label: 'add to cart in their first {K} steps',
    above: 'add more than {X} to the cart in their first {K} steps',
    short: 'Added to cart in the first {K} steps',
    shortAbove: 'Added over {X} to the cart in the first {K} steps',
  },
  ...HOUR_LEVELS.map((h) => ({ name: `hour_${h}`, kind: 'onehot' as const, label: `start their visit in the ${hourText(h)}`, short: `Started the visit in the ${hourText(h)}` })),
  { name: 'weekend', kind: 'flag', label: 'visit at the weekend', short: 'Visited at the weekend' },
];

export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);
const INDEX = new Map(FEATURE_NAMES.map((n, i) => [n, i]));

export function featureIndex(name: string): number {
  const i = INDEX.get(name);
  if (i === undefined) throw new Error(`unknown feature ${name}`);
  return i;
}

/**
 * The merchant label of a feature with K filled in; with `above` (the raw threshold,
 * untransformed) the "more than X" form.
 */
export function featureLabel(name: string, k: number, above?: number): string {
  const spec = FEATURES[featureIndex(name)];
  const text = above !== undefined && spec.above ? spec.above.replace('{X}', formatAmount(spec.kind, above)) : spec.label;
  return text.replace('{K}', String(k));
}

/**
 * The behaviour alone, as a short headline ("Viewed 3+ products in the first 3 steps"),
 * with K filled in; with `above` (the raw threshold, untransformed) the "more than" form.
 */
export function featureBehaviour(name: string, k: number, above?: number): string {
  const spec = FEATURES[featureIndex(name)];
  const text =
    above !== undefined && spec.shortAbove
      ? spec.shortAbove.replace('{N}', `${Math.floor(Math.round(above * 1000) / 1000) + 1}+`).replace('{X}', formatAmount(spec.kind, above))
      : spec.short;
  return text.replace('{K}', String(k));
}

function deviceNoun(d: 'desktop' | 'mobile' | 'tablet'): string {
  return d === 'desktop' ? 'a desktop' : d === 'mobile' ? 'a phone' : 'a tablet';
}

function hourText(h: (typeof HOUR_LEVELS)[number]): string {
  return h === 'night' ? 'night (0–6h UTC)' : h === 'morning' ? 'morning (6–12h UTC)' : h === 'afternoon' ? 'afternoon (12–18h UTC)' : 'evening (18–24h UTC)';
}

function sourceShort(s: (typeof SOURCE_LEVELS)[number]): string {
  return s === 'direct' ? 'Arrived directly (typed URL or bookmark)' : `Came ${sourceLabel(s).replace(/^arrive /, '')}`;
}

function formatAmount(kind: FeatureKind, x: number): string {
  if (kind === 'seconds') return x >= 120 ? `${Math.round(x / 60)} min` : `${Math.round(x)} s`;
  if (kind === 'price') return `${Math.round(x)} (store currency)`;
  return String(Math.round(x));
}

function sourceLabel(s: (typeof SOURCE_LEVELS)[number]): string {
  switch (s) {
    case 'direct':
      return 'arrive directly (typed URL or bookmark)';
    case 'search':
      return 'arrive from a search engine';
    case 'social':
      return 'arrive from social media';
    case 'email':
      return 'arrive from an email';
    case 'paid':
      return 'arrive from a paid ad';
    case 'referral':
      return 'arrive from another website';
    default:
      return 'arrive from your own store pages';
  }
}

function landingLabel(l: (typeof LANDING_LEVELS)[number]): string {
  switch (l) {
    case 'home':
      return 'land on the home page';
    case 'collection':
      return 'land on a collection page';
    case 'search':
      return 'land on search results';
    case 'product':
      return 'land on a product page';
    case 'cart':
      return 'land on the cart';
    case 'checkout':
      return 'land in checkout';
    default:
      return 'land on another kind of page';
  }
}

/** The first K steps of a visit, cut before step K+1 and before any purchase. */
export interface FirstSteps {
  /** The events kept (time order), all of the first `steps.length` steps. */
  events: FeatureEvent[];
  /** Collapsed steps kept (at most K). */
  steps: JourneyStep[];
  /** Start time (ms) of each kept step. */
  stepStarts: number[];
  /** Reading stopped at a purchase before K complete steps. */
  purchasedBeforeK: boolean;
}

/** Time order; equal times keep their input order (the sessionizer's tie rule). */
function sortEvents(events: readonly FeatureEvent[]): FeatureEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.ts - b.e.ts || a.i - b.i)
    .map((x) => x.e);
}

function isPurchase(e: FeatureEvent, step: JourneyStep): boolean {
  return e.name === 'checkout_completed' || step === 'purchase';
}

export function firstSteps(events: readonly FeatureEvent[], k: number): FirstSteps {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`k must be a positive integer, got ${k}`);
  const kept: FeatureEvent[] = [];
  const steps: JourneyStep[] = [];
  const stepStarts: number[] = [];
  let purchasedBeforeK = false;
  for (const e of sortEvents(events)) {
    if (!isNavigational(e)) continue;
    const step = classifyStep({ name: e.name, path: e.path ?? undefined });
    if (isPurchase(e, step)) {
      purchasedBeforeK = steps.length < k;
      break;
    }
    if (steps[steps.length - 1] !== step) {
      if (steps.length === k) break; // first event of step K+1
      steps.push(step);
      stepStarts.push(e.ts);
    }
    kept.push(e);
  }
  return { events: kept, steps, stepStarts, purchasedBeforeK };
}

export type Eligibility = 'eligible' | 'bot' | 'ended_before_k' | 'purchased_before_k';

export interface SessionFeatures {
  eligibility: Eligibility;
  /** FEATURE_NAMES order. Present for every visit (also ineligible ones, for inspection). */
  x: Float64Array;
  steps: JourneyStep[];
}

const LANDING_SET = new Set<string>(LANDING_LEVELS);

function landingLevel(step: JourneyStep | undefined): (typeof LANDING_LEVELS)[number] {
  if (!step) return 'other';
  if (step.startsWith('checkout')) return 'checkout';
  return LANDING_SET.has(step) ? (step as (typeof LANDING_LEVELS)[number]) : 'other';
}

function level<T extends string>(levels: readonly T[], value: string, fallback: T): T {
  return (levels as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** The feature vector of one visit from its first K steps (see the file comment). */
export function sessionFeatures(session: SessionRecord, options: FeatureOptions = {}): SessionFeatures {
  const k = options.k ?? DEFAULT_K;
  const first = firstSteps(session.events, k);
  const x = new Float64Array(FEATURE_NAMES.length);
  const set = (name: string, v: number) => {
    x[featureIndex(name)] = v;
  };

  set(`device_${level(DEVICE_LEVELS, session.device, 'other')}`, 1);
  set(`source_${level(SOURCE_LEVELS, session.source, 'direct')}`, 1);
  set(`landing_${landingLevel(first.steps[0])}`, 1);
  set('returning', session.isReturning ? 1 : 0);

  let productViews = 0;
  let collectionViews = 0;
  let homeViews = 0;
  let searches = 0;
  let zeroResults = 0;
  let adds = 0;
  let removals = 0;
  let cartViews = 0;
  let checkout = 0;
  let pageViews = 0;
  let maxPrice = 0;
  let priceSum = 0;
  let priceN = 0;
  let cartValue = 0;
  const products = new Map<string, number>();
  for (const e of first.events) {
    switch (e.name) {
      case 'page_viewed':
        pageViews++;
        if (classifyStep({ name: 'page_viewed', path: e.path ?? undefined }) === 'home') homeViews++;
        break;
      case 'product_viewed':
        productViews++;
        if (e.productId) products.set(e.productId, (products.get(e.productId) ?? 0) + 1);
        if (e.price != null && e.price >= 0) {
          maxPrice = Math.max(maxPrice, e.price);
          priceSum += e.price;
          priceN++;
        }
        break;
      case 'collection_viewed':
        collectionViews++;
        break;
      case 'search_submitted':
        searches++;
        if (e.results === 0) zeroResults++;
        break;
      case 'product_added_to_cart':
        adds++;
        if (e.price != null && e.price >= 0) cartValue += e.price * (e.qty ?? 1);
        break;
      case 'product_removed_from_cart':
        removals++;
        break;
      case 'cart_viewed':
        cartViews++;
        break;
      case 'checkout_started':
        checkout = 1;
        break;
    }
  }
  if (first.steps.some((s) => s === 'checkout' || s.startsWith('checkout_'))) checkout = 1;

  set('product_views', Math.log1p(productViews));
  set('distinct_products', Math.log1p(products.size));
  set('repeat_product_view', [...products.values()].some((c) => c > 1) ? 1 : 0);
  set('collection_views', Math.log1p(collectionViews));
  set('home_views', Math.log1p(homeViews));
  set('searches', Math.log1p(searches));
  set('zero_result_searches', Math.log1p(zeroResults));
  set('add_to_carts', Math.log1p(adds));
  set('cart_removals', Math.log1p(removals));
  set('cart_views', Math.log1p(cartViews));
  set('checkout_started', checkout);
  set('distinct_step_types', Math.log1p(new Set(first.steps).size));
  set('page_views', Math.log1p(pageViews));

  const firstTs = first.events.length ? first.events[0].ts : session.startedAt;
  const lastTs = first.events.length ? first.events[first.events.length - 1].ts : session.startedAt;
  set('seconds_elapsed', Math.log1p(Math.max(0, lastTs - firstTs) / 1000));
  // Steps 1..K-1 are complete once step K has started; step K's length is not known yet.
  const done = first.stepStarts.length - 1;
  set('mean_step_seconds', done > 0 ? Math.log1p(Math.max(0, first.stepStarts[done] - first.stepStarts[0]) / 1000 / done) : 0);
  set('max_price_viewed', Math.log1p(maxPrice));
  set('mean_price_viewed', Math.log1p(priceN ? priceSum / priceN : 0));
  set('cart_value_added', Math.log1p(cartValue));

  const local = new Date(session.startedAt + (options.utcOffsetHours ?? 0) * 3_600_000);
  const hour = local.getUTCHours();
  set(`hour_${HOUR_LEVELS[Math.floor(hour / 6)]}`, 1);
  const dow = local.getUTCDay();
  set('weekend', dow === 0 || dow === 6 ? 1 : 0);

  let eligibility: Eligibility = 'eligible';
  if (session.device === 'bot') eligibility = 'bot';
  else if (first.purchasedBeforeK) eligibility = 'purchased_before_k';
  else if (first.steps.length < k) eligibility = 'ended_before_k';
  return { eligibility, x, steps: first.steps };
}

export interface FeatureMatrix {
  names: readonly string[];
  ids: string[];
  /** one feature vector per eligible visit */
  rows: Float64Array[];
  labels: number[];
  startedAt: number[];
  excluded: Record<Exclude<Eligibility, 'eligible'>, number>;
}

export function emptyFeatureMatrix(): FeatureMatrix {
  return { names: FEATURE_NAMES, ids: [], rows: [], labels: [], startedAt: [], excluded: { bot: 0, ended_before_k: 0, purchased_before_k: 0 } };
}

/** Adds one visit to `matrix` (as a row when eligible, else to the exclusion counts). */
export function addToFeatureMatrix(matrix: FeatureMatrix, session: SessionRecord, options: FeatureOptions = {}): Eligibility {
  const f = sessionFeatures(session, options);
  if (f.eligibility !== 'eligible') {
    matrix.excluded[f.eligibility]++;
    return f.eligibility;
  }
  matrix.ids.push(session.id);
  matrix.rows.push(f.x);
  matrix.labels.push(session.purchased ? 1 : 0);
  matrix.startedAt.push(session.startedAt);
  return f.eligibility;
}

/** Features of the eligible visits, in the input order, with their labels. */
export function buildFeatureMatrix(sessions: Iterable<SessionRecord>, options: FeatureOptions = {}): FeatureMatrix {
  const out = emptyFeatureMatrix();
  for (const s of sessions) addToFeatureMatrix(out, s, options);
  return out;
}
