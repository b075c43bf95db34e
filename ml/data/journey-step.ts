/**
 * Journey steps: what kind of page / funnel stage one JourneyEvent represents.
 *
 * Landing: `classifyStep` never returns `'landing'`. A session's first step is
 * recorded with its page type (so a journey that starts on a product page has the
 * path `product → cart → …`), and the journey summary stores that first page type
 * separately as `landingStep`. `'landing'` is in the list as the synthetic root
 * node for flow diagrams (Sankey: `landing → <landingStep> → …`), see
 * `pathWithLanding`.
 *
 * Pure: no I/O. The vocabulary and classifier of the pure layer (ml/propensity/features.ts reads
 * steps too); the app's sessionizer and ingest pipeline use it from here.
 */
/**
 * The part of a journey event a step depends on. Structural, so this pure module needs nothing from app/:
 * the app's JourneyEvent (app/api-contract/ingest.ts) and stored event rows both fit.
 */
export interface StepEvent {
  name: string;
  path?: string;
}

/** In funnel order; `landing` is the synthetic entry node, `other` is last. */
export const JOURNEY_STEPS = [
  'landing',
  'home',
  'collection',
  'search',
  'product',
  'cart',
  'checkout',
  'checkout_contact',
  'checkout_address',
  'checkout_shipping',
  'checkout_payment',
  'purchase',
  'other',
] as const;
export type JourneyStep = (typeof JOURNEY_STEPS)[number];

/** Steps that are part of checkout (started … purchase). */
export const CHECKOUT_STEPS: readonly JourneyStep[] = [
  'checkout',
  'checkout_contact',
  'checkout_address',
  'checkout_shipping',
  'checkout_payment',
  'purchase',
];

const STEP_INDEX = new Map<string, number>(JOURNEY_STEPS.map((s, i) => [s, i]));

export function isJourneyStep(value: unknown): value is JourneyStep {
  return typeof value === 'string' && STEP_INDEX.has(value);
}

/** Position in JOURNEY_STEPS (funnel order), for sorting. */
export function stepOrder(step: JourneyStep): number {
  return STEP_INDEX.get(step) ?? JOURNEY_STEPS.length;
}

const BY_NAME: Partial<Record<string, JourneyStep>> = {
  product_viewed: 'product',
  collection_viewed: 'collection',
  search_submitted: 'search',
  product_added_to_cart: 'cart',
  product_removed_from_cart: 'cart',
  cart_viewed: 'cart',
  checkout_started: 'checkout',
  checkout_contact_info_submitted: 'checkout_contact',
  checkout_address_info_submitted: 'checkout_address',
  checkout_shipping_info_submitted: 'checkout_shipping',
  payment_info_submitted: 'checkout_payment',
  checkout_completed: 'purchase',
};

/** Optional locale prefix of Shopify Markets URLs: /fr, /en-ca, /pt-BR. */
const LOCALE_PREFIX = /^\/[a-z]{2}(?:-[a-z]{2,4})?(?=\/|$)/i;
/** First path segments that are storefront page kinds, to tell them apart from a locale. */
const KNOWN_ROOTS = new Set(['products', 'collections', 'search', 'cart', 'checkouts', 'checkout', 'pages', 'blogs', 'account', 'policies', 'apps', 'orders', 'tools']);

/**
 * Page type of a storefront path (used for `page_viewed`, which carries no other
 * hint). Handles Shopify's URL scheme: `/`, `/collections/x`,
 * `/collections/x/products/y`, `/products/y`, `/search`, `/cart`,
 * `/checkouts/…`, with an optional locale prefix.
 */
export function stepFromPath(path: string | undefined): JourneyStep {
  if (path === undefined) return 'other';
  let p = path.split(/[?#]/)[0].toLowerCase();
  const first = p.split('/')[1] ?? '';
  if (!KNOWN_ROOTS.has(first)) p = p.replace(LOCALE_PREFIX, '');
  if (p === '' || p === '/' || p === '/index') return 'home';
  const parts = p.split('/').filter(Boolean);
  if (parts.includes('products')) return 'product';
  switch (parts[0]) {
    case 'collections':
      return 'collection';
    case 'search':
      return 'search';
    case 'cart':
      return 'cart';
    case 'checkouts':
    case 'checkout':
      // /checkouts/…/thank_you (and the old /orders/… status page) are post-purchase.
      return parts.includes('thank_you') || parts.includes('thank-you') ? 'purchase' : 'checkout';
    default:
      return 'other';
  }
}

/** Waymark's own recommendation events are not navigation: they never make a step. */
export function isNavigational(event: Pick<StepEvent, 'name'>): boolean {
  return !event.name.startsWith('waymark:');
}

/** The step of one event (its page type / funnel stage). Never `'landing'`. */
export function classifyStep(event: StepEvent): JourneyStep {
  const byName = BY_NAME[event.name];
  if (byName) return byName;
  if (event.name === 'page_viewed') return stepFromPath(event.path);
  return 'other';
}

/** Collapses consecutive repeats: page_viewed(/products/x) + product_viewed is one `product` step. */
export function collapseSteps(steps: Iterable<JourneyStep>): JourneyStep[] {
  const out: JourneyStep[] = [];
  for (const s of steps) if (out[out.length - 1] !== s) out.push(s);
  return out;
}

/** Path for flow diagrams: `['landing', ...steps]`. */
export function pathWithLanding(steps: readonly JourneyStep[]): JourneyStep[] {
  return ['landing', ...steps];
}
