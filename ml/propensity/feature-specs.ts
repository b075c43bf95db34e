/**
 * The propensity features in vector order, with the words that explain each to a merchant
 * ("Visitors who … buy N× as often"), and the lookups by name.
 */
import { DEVICE_LEVELS, HOUR_LEVELS, LANDING_LEVELS, SOURCE_LEVELS, type FeatureKind } from './feature-levels';
import { deviceNoun, formatAmount, hourText, landingLabel, sourceLabel, sourceShort } from './feature-text';

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
   * The behavior on its own, as a short headline for a list ("Searched in the first 3
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
    label: d === 'other' ? 'browse on an unrecognized device' : `browse on ${deviceNoun(d)}`,
    short: d === 'other' ? 'Browsed on an unrecognized device' : `Browsed on ${deviceNoun(d)}`,
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
 * The behavior alone, as a short headline ("Viewed 3+ products in the first 3 steps"),
 * with K filled in; with `above` (the raw threshold, untransformed) the "more than" form.
 */
export function featureBehavior(name: string, k: number, above?: number): string {
  const spec = FEATURES[featureIndex(name)];
  const text =
    above !== undefined && spec.shortAbove
      ? spec.shortAbove.replace('{N}', `${Math.floor(Math.round(above * 1000) / 1000) + 1}+`).replace('{X}', formatAmount(spec.kind, above))
      : spec.short;
  return text.replace('{K}', String(k));
}
