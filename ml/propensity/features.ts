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
 * standardizes every column. Pure; no I/O. The feature list and its words are in
 * ./feature-specs.ts, the reading of the first steps in ./first-steps.ts.
 */
import type { JourneyStep } from '../data/journey-step';
import { DEVICE_LEVELS, HOUR_LEVELS, LANDING_LEVELS, SOURCE_LEVELS } from './feature-levels';
import { FEATURE_NAMES, featureIndex } from './feature-specs';
import { firstSteps } from './first-steps';

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
  /** The event's journey step, stored at ingest (Event.step); the caller supplies it. */
  step: string;
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

interface EarlyCounts {
  productViews: number;
  collectionViews: number;
  homeViews: number;
  searches: number;
  zeroResults: number;
  adds: number;
  removals: number;
  cartViews: number;
  checkout: number;
  pageViews: number;
  maxPrice: number;
  priceSum: number;
  priceN: number;
  cartValue: number;
  /** views per product id */
  products: Map<string, number>;
}

/** What the kept events did, counted by kind. */
function countEarlyEvents(events: readonly FeatureEvent[]): EarlyCounts {
  const c: EarlyCounts = {
    productViews: 0,
    collectionViews: 0,
    homeViews: 0,
    searches: 0,
    zeroResults: 0,
    adds: 0,
    removals: 0,
    cartViews: 0,
    checkout: 0,
    pageViews: 0,
    maxPrice: 0,
    priceSum: 0,
    priceN: 0,
    cartValue: 0,
    products: new Map(),
  };
  for (const e of events) {
    switch (e.name) {
      case 'page_viewed':
        c.pageViews++;
        if (e.step === 'home') c.homeViews++;
        break;
      case 'product_viewed':
        c.productViews++;
        if (e.productId) c.products.set(e.productId, (c.products.get(e.productId) ?? 0) + 1);
        if (e.price != null && e.price >= 0) {
          c.maxPrice = Math.max(c.maxPrice, e.price);
          c.priceSum += e.price;
          c.priceN++;
        }
        break;
      case 'collection_viewed':
        c.collectionViews++;
        break;
      case 'search_submitted':
        c.searches++;
        if (e.results === 0) c.zeroResults++;
        break;
      case 'product_added_to_cart':
        c.adds++;
        if (e.price != null && e.price >= 0) c.cartValue += e.price * (e.qty ?? 1);
        break;
      case 'product_removed_from_cart':
        c.removals++;
        break;
      case 'cart_viewed':
        c.cartViews++;
        break;
      case 'checkout_started':
        c.checkout = 1;
        break;
    }
  }
  return c;
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

  const c = countEarlyEvents(first.events);
  if (first.steps.some((s) => s === 'checkout' || s.startsWith('checkout_'))) c.checkout = 1;

  set('product_views', Math.log1p(c.productViews));
  set('distinct_products', Math.log1p(c.products.size));
  set('repeat_product_view', [...c.products.values()].some((n) => n > 1) ? 1 : 0);
  set('collection_views', Math.log1p(c.collectionViews));
  set('home_views', Math.log1p(c.homeViews));
  set('searches', Math.log1p(c.searches));
  set('zero_result_searches', Math.log1p(c.zeroResults));
  set('add_to_carts', Math.log1p(c.adds));
  set('cart_removals', Math.log1p(c.removals));
  set('cart_views', Math.log1p(c.cartViews));
  set('checkout_started', c.checkout);
  set('distinct_step_types', Math.log1p(new Set(first.steps).size));
  set('page_views', Math.log1p(c.pageViews));

  const firstTs = first.events.length ? first.events[0].ts : session.startedAt;
  const lastTs = first.events.length ? first.events[first.events.length - 1].ts : session.startedAt;
  set('seconds_elapsed', Math.log1p(Math.max(0, lastTs - firstTs) / 1000));
  // Steps 1..K-1 are complete once step K has started; step K's length is not known yet.
  const done = first.stepStarts.length - 1;
  set('mean_step_seconds', done > 0 ? Math.log1p(Math.max(0, first.stepStarts[done] - first.stepStarts[0]) / 1000 / done) : 0);
  set('max_price_viewed', Math.log1p(c.maxPrice));
  set('mean_price_viewed', Math.log1p(c.priceN ? c.priceSum / c.priceN : 0));
  set('cart_value_added', Math.log1p(c.cartValue));

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
