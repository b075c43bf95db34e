/**
 * How the storefront blocks perform: impressions, click-through, add-to-cart and revenue
 * attributed to clicks, and the lift in conversion against the holdout group. Pure.
 *
 * Attribution (stated in the admin): a purchase is attributed to a recommendation when
 * the same browser bought a product it had clicked in a Waymark block within
 * ATTRIBUTION_WINDOW_DAYS of the click; the attributed revenue is that product's line
 * (price × quantity), not the whole order.
 *
 * Lift: the unit is the visitor (the browser), because visitors, not sessions, are
 * randomized: a visitor who saw a block (or, in the holdout, the block's place) is in the
 * treatment or the holdout, and converts when any session in which they saw it ended in a
 * purchase (LIFT_WINDOW). The holdout sees no Waymark ranking at all (the theme's own
 * recommendations or no block), so the lift is Waymark against no Waymark. The relative
 * lift's 95% interval is the delta method on the log risk ratio (Katz) over visitors; below
 * MIN_HOLDOUT_VISITORS holdout visitors or MIN_CONVERSIONS conversions in either group the
 * answer carries a warning instead of a verdict. Holdout impressions and clicks (the theme's
 * recommendations) are left out of the blocks' own figures.
 *
 * Where each block is seen: the page types of its impressions (from the storefront path
 * the pixel recorded with each impression, classified like journey steps), the number of
 * distinct pages and the time of the last impression.
 */
import { stepFromPath } from '../../ml/data/journey-step';
import type { GroupStats, Lift, PageType, PlacementStats, RecPerformance } from '../api-contract/recs';

export const ATTRIBUTION_WINDOW_DAYS = 7;
/** What counts as a conversion for lift, stated with the answer. */
export const LIFT_WINDOW = 'a purchase in a session in which the visitor saw a Waymark block (or, in the holdout, its place)';
export const MIN_HOLDOUT_VISITORS = 100;
export const MIN_CONVERSIONS = 5;
const WINDOW_MS = ATTRIBUTION_WINDOW_DAYS * 86_400_000;

export interface RecEvent {
  name: 'waymark:rec_impression' | 'waymark:rec_click' | 'product_added_to_cart' | 'checkout_completed';
  clientHash: string;
  journeyId: string | null;
  ts: number;
  placement?: string | null;
  strategy?: string | null;
  productId?: string | null;
  /** storefront path of the page the event happened on (impressions: where the block was seen) */
  path?: string | null;
  lines?: Array<{ productId?: string; qty: number; price?: number }>;
}

export interface SessionOutcome {
  journeyId: string;
  purchased: boolean;
  revenue: number;
}

/**
 * Page type of a storefront path: product pages (also `/collections/x/products/y`),
 * collections, cart, home, search, anything else (or no path) is `other`. Locale prefixes
 * (`/fr/products/x`) are understood.
 */
export function pageTypeOf(path: string | null | undefined): PageType {
  if (!path) return 'other';
  const step = stepFromPath(path);
  return step === 'product' || step === 'collection' || step === 'cart' || step === 'home' || step === 'search' ? step : 'other';
}

/** One key per storefront page: no query or fragment, case or trailing slash; a product once whatever collection led to it. */
export function pageKey(path: string): string {
  let p = path.split(/[?#]/)[0].toLowerCase();
  if (p.length > 1) p = p.replace(/\/+$/, '');
  const product = p.indexOf('/products/');
  if (product > 0 && p.startsWith('/collections/')) p = p.slice(product);
  return p || '/';
}

interface Seen {
  pageTypes: Map<PageType, number>;
  pages: Set<string>;
  last: number;
}

function seenSummary(seen: Seen | undefined): Pick<PlacementStats, 'pageTypes' | 'pages' | 'lastSeen'> {
  if (!seen) return { pageTypes: [], pages: 0, lastSeen: null };
  const pageTypes = [...seen.pageTypes].map(([type, impressions]) => ({ type, impressions })).sort((a, b) => b.impressions - a.impressions || a.type.localeCompare(b.type));
  return { pageTypes, pages: seen.pages.size, lastSeen: new Date(seen.last).toISOString() };
}

function group(visitors: Array<{ purchased: boolean; revenue: number }>): GroupStats {
  const purchases = visitors.filter((v) => v.purchased).length;
  const revenue = visitors.reduce((a, v) => a + v.revenue, 0);
  return {
    visitors: visitors.length,
    purchases,
    conversion: visitors.length ? purchases / visitors.length : 0,
    revenuePerVisitor: visitors.length ? revenue / visitors.length : 0,
  };
}

/** Relative lift t/h − 1 with a 95% interval from the log risk ratio (Katz et al. 1978), over visitors. */
export function relativeLift(t: GroupStats, h: GroupStats): Pick<Lift, 'relative' | 'ci95' | 'enoughData' | 'warning'> {
  const enoughData = h.visitors >= MIN_HOLDOUT_VISITORS && h.purchases >= MIN_CONVERSIONS && t.purchases >= MIN_CONVERSIONS;
  const warning = enoughData
    ? null
    : `Too few visitors to measure the lift: it needs at least ${MIN_HOLDOUT_VISITORS} holdout visitors and ${MIN_CONVERSIONS} converting visitors in each group (now ${h.visitors} holdout visitors, ${h.purchases} and ${t.purchases} converting).`;
  if (!t.visitors || !h.visitors || !t.purchases || !h.purchases) {
    return { relative: null, ci95: null, enoughData: false, warning };
  }
  const rr = t.conversion / h.conversion;
  const se = Math.sqrt(1 / t.purchases - 1 / t.visitors + 1 / h.purchases - 1 / h.visitors);
  const lo = Math.exp(Math.log(rr) - 1.96 * se) - 1;
  const hi = Math.exp(Math.log(rr) + 1.96 * se) - 1;
  return { relative: rr - 1, ci95: [lo, hi], enoughData, warning };
}

export function computePerformance(events: readonly RecEvent[], outcomes: readonly SessionOutcome[]): RecPerformance {
  const byPlacement = new Map<string, PlacementStats>();
  const stats = (p: string) => {
    let s = byPlacement.get(p);
    if (!s) byPlacement.set(p, (s = { placement: p, impressions: 0, pageTypes: [], pages: 0, lastSeen: null, clicks: 0, ctr: 0, addToCarts: 0, attributedOrders: 0, attributedRevenue: 0 }));
    return s;
  };
  // Where blocks were seen, per placement and over all of them
  const seenBy = new Map<string, Seen>();
  const seenAll: Seen = { pageTypes: new Map(), pages: new Set(), last: -Infinity };
  const see = (seen: Seen, e: RecEvent) => {
    const type = pageTypeOf(e.path);
    seen.pageTypes.set(type, (seen.pageTypes.get(type) ?? 0) + 1);
    if (e.path) seen.pages.add(pageKey(e.path));
    if (e.ts > seen.last) seen.last = e.ts;
  };
  // Clicks per browser, for attribution: product -> [{ts, placement}]
  const clicks = new Map<string, Map<string, Array<{ ts: number; placement: string }>>>();
  // Lift: exposed journeys by visitor, and each visitor's group
  const journeyVisitor = new Map<string, string>();
  const holdoutVisitors = new Set<string>();
  const exposedVisitors = new Set<string>();
  const sorted = [...events].sort((a, b) => a.ts - b.ts);

  for (const e of sorted) {
    if (e.name === 'waymark:rec_impression' && e.strategy === 'holdout') {
      // The theme's recommendations or the hidden block's place: exposure for lift only.
      if (e.journeyId) journeyVisitor.set(e.journeyId, e.clientHash);
      holdoutVisitors.add(e.clientHash);
    } else if (e.name === 'waymark:rec_impression') {
      const placement = e.placement ?? 'unknown';
      stats(placement).impressions++;
      let seen = seenBy.get(placement);
      if (!seen) seenBy.set(placement, (seen = { pageTypes: new Map(), pages: new Set(), last: -Infinity }));
      see(seen, e);
      see(seenAll, e);
      if (e.journeyId) journeyVisitor.set(e.journeyId, e.clientHash);
      exposedVisitors.add(e.clientHash);
    } else if (e.name === 'waymark:rec_click' && e.productId && e.strategy !== 'holdout') {
      const placement = e.placement ?? 'unknown';
      stats(placement).clicks++;
      let m = clicks.get(e.clientHash);
      if (!m) clicks.set(e.clientHash, (m = new Map()));
      let list = m.get(e.productId);
      if (!list) m.set(e.productId, (list = []));
      list.push({ ts: e.ts, placement });
    }
  }
  const lastClick = (client: string, product: string | undefined, ts: number) => {
    if (!product) return undefined;
    const list = clicks.get(client)?.get(product);
    if (!list) return undefined;
    let found: { ts: number; placement: string } | undefined;
    for (const c of list) if (c.ts <= ts && ts - c.ts <= WINDOW_MS) found = c;
    return found;
  };
  const cartedAfterClick = new Set<string>();
  for (const e of sorted) {
    if (e.name === 'product_added_to_cart') {
      const c = lastClick(e.clientHash, e.productId ?? undefined, e.ts);
      const key = `${e.clientHash}:${e.productId}:${c?.ts}`;
      if (c && !cartedAfterClick.has(key)) {
        cartedAfterClick.add(key);
        stats(c.placement).addToCarts++;
      }
    } else if (e.name === 'checkout_completed') {
      const orderPlacements = new Set<string>();
      for (const line of e.lines ?? []) {
        const c = lastClick(e.clientHash, line.productId, e.ts);
        if (!c) continue;
        stats(c.placement).attributedRevenue += (line.price ?? 0) * line.qty;
        orderPlacements.add(c.placement);
      }
      for (const p of orderPlacements) stats(p).attributedOrders++;
    }
  }
  const placements = [...byPlacement.values()]
    .map((s) => ({ ...s, ...seenSummary(seenBy.get(s.placement)), ctr: s.impressions ? s.clicks / s.impressions : 0, attributedRevenue: Math.round(s.attributedRevenue * 100) / 100 }))
    .sort((a, b) => b.impressions - a.impressions);
  const total = placements.reduce<PlacementStats>(
    (acc, s) => ({
      placement: 'all',
      impressions: acc.impressions + s.impressions,
      pageTypes: acc.pageTypes,
      pages: acc.pages,
      lastSeen: acc.lastSeen,
      clicks: acc.clicks + s.clicks,
      ctr: 0,
      addToCarts: acc.addToCarts + s.addToCarts,
      attributedOrders: acc.attributedOrders + s.attributedOrders,
      attributedRevenue: Math.round((acc.attributedRevenue + s.attributedRevenue) * 100) / 100,
    }),
    { placement: 'all', impressions: 0, ...seenSummary(seenAll.pages.size || seenAll.pageTypes.size ? seenAll : undefined), clicks: 0, ctr: 0, addToCarts: 0, attributedOrders: 0, attributedRevenue: 0 },
  );
  total.ctr = total.impressions ? total.clicks / total.impressions : 0;

  const byVisitor = new Map<string, { purchased: boolean; revenue: number }>();
  for (const v of [...exposedVisitors, ...holdoutVisitors]) byVisitor.set(v, { purchased: false, revenue: 0 });
  for (const o of outcomes) {
    const v = journeyVisitor.get(o.journeyId);
    const acc = v === undefined ? undefined : byVisitor.get(v);
    if (!acc) continue;
    acc.purchased ||= o.purchased;
    acc.revenue += o.revenue;
  }
  // A visitor's group is fixed by their key; one seen in both (a changed key) counts in neither.
  const pick = (inGroup: Set<string>, other: Set<string>) => [...inGroup].filter((v) => !other.has(v)).map((v) => byVisitor.get(v)!);
  const treatment = group(pick(exposedVisitors, holdoutVisitors));
  const holdout = group(pick(holdoutVisitors, exposedVisitors));
  return { windowDays: ATTRIBUTION_WINDOW_DAYS, placements, total, lift: { treatment, holdout, window: LIFT_WINDOW, ...relativeLift(treatment, holdout) } };
}
