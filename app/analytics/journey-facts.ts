/**
 * What one journey contributes to the roll-ups, from its summary (Journey row) and its
 * events. Pure.
 *
 * Definitions (the whole analytics layer relies on them):
 * - path: the journey's step runs (`runs`, consecutive duplicates collapsed); a journey
 *   without any navigational step has the path ["other"], so every session has a node.
 * - head: the first PATH_DEPTH steps, plus a trailing "+" when the path is longer.
 * - tail: purchased journeys: the last PATH_DEPTH steps up to and including the LAST
 *   purchase step (kind tail_purchase); others: the last PATH_DEPTH steps (tail_exit).
 *   A leading "+" marks a truncated tail.
 * - reached: the funnel tokens the journey reached, in funnel order; `checkout` is added
 *   for any checkout step; `purchase` if and only if the journey purchased (so funnel and
 *   headline purchases agree even when a thank-you page was seen without an order event).
 * - dwell of a step visit: from the run's first event to the next run's first event (the
 *   last run has no next event and is not counted).
 * - between a>b: from the first reach of a (`session` = journey start) to the first reach
 *   of b, for every pair reached in that order.
 * - detail path: nodes "product:<id>" / "collection:<id>" (bare step when the events carry
 *   no id), other steps as themselves, from the events in time order, consecutive equal
 *   nodes collapsed.
 */
import type { JourneyStep } from '../../ml/data/journey-step';
import type { StepRun } from '../journeys/sessionize';
import { localDay } from './date-window';
import { DETAIL_DEPTH, END, FUNNEL_TOKENS, MORE, PATH_DEPTH, tokenOrder, type FlowAnchor, type SegmentValues } from './rollup-shapes';
import { dayOf } from './utc-days';

export interface JourneyInput extends SegmentValues {
  id: string;
  startedAt: number;
  endedAt: number;
  purchased: boolean;
  orders: number;
  revenue: number;
  runs: StepRun[];
}

export interface EventInput {
  ts: number;
  name: string;
  step: string | null;
  path?: string | null;
  productId?: string | null;
  collectionId?: string | null;
  query?: string | null;
  results?: number | null;
}

export interface ItemFact {
  kind: 'product' | 'collection';
  itemId: string;
  handle: string | null;
  carted: boolean;
}

export interface SearchFact {
  query: string;
  searches: number;
  zeroResults: number;
  clicked: number;
}

export interface JourneyFacts {
  day: string;
  segment: SegmentValues;
  purchased: boolean;
  orders: number;
  revenue: number;
  steps: string[];
  head: string;
  tailKind: 'tail_purchase' | 'tail_exit';
  tail: string;
  reached: string;
  dwell: Array<[step: string, ms: number]>;
  between: Array<[pair: string, ms: number]>;
  /** Link lists per anchor, as (position, from, to) with to = END / MORE at the boundary. */
  detailLinks: Record<FlowAnchor, Array<[position: number, from: string, to: string]>>;
  items: ItemFact[];
  searches: SearchFact[];
}

export function pathSteps(runs: readonly StepRun[]): string[] {
  const out: string[] = [];
  for (const r of runs) if (out[out.length - 1] !== r.step) out.push(r.step);
  return out.length ? out : ['other'];
}

export function headKey(steps: readonly string[]): string {
  const head = steps.slice(0, PATH_DEPTH);
  if (steps.length > PATH_DEPTH) head.push(MORE);
  return head.join(' ');
}

/** The steps that lead to the outcome: up to the last purchase when purchased. */
function outcomeSteps(steps: readonly string[], purchased: boolean): string[] {
  if (!purchased) return [...steps];
  const last = steps.lastIndexOf('purchase');
  return last === -1 ? [...steps] : steps.slice(0, last + 1);
}

export function tailKey(steps: readonly string[], purchased: boolean): string {
  const s = outcomeSteps(steps, purchased);
  const tail = s.slice(-PATH_DEPTH);
  if (s.length > PATH_DEPTH) tail.unshift(MORE);
  return tail.join(' ');
}

export function reachedTokens(steps: readonly string[], purchased: boolean): string[] {
  const set = new Set<string>();
  for (const s of steps) {
    // `purchase` means the journey purchased (a checkout_completed event), not a thank-you page view.
    if (s === 'landing' || s === 'purchase') continue;
    set.add(s);
    if (s.startsWith('checkout')) set.add('checkout');
  }
  if (purchased) set.add('purchase');
  return [...set].sort((a, b) => tokenOrder(a) - tokenOrder(b));
}

/** First time each funnel token was reached, from the runs. */
export function firstReach(runs: readonly StepRun[], startedAt: number): Map<string, number> {
  const first = new Map<string, number>([['session', startedAt]]);
  const note = (t: string, at: number) => {
    const cur = first.get(t);
    if (cur === undefined || at < cur) first.set(t, at);
  };
  for (const r of runs) {
    note(r.step, r.from);
    if (r.step.startsWith('checkout')) note('checkout', r.from);
  }
  return first;
}

export function dwellTimes(runs: readonly StepRun[]): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (let i = 0; i + 1 < runs.length; i++) out.push([runs[i].step, Math.max(0, runs[i + 1].from - runs[i].from)]);
  return out;
}

export function betweenTimes(first: Map<string, number>): Array<[string, number]> {
  const tokens = [...first.keys()].filter((t) => t !== 'other' && t !== 'landing');
  tokens.sort((a, b) => first.get(a)! - first.get(b)! || tokenOrder(a) - tokenOrder(b));
  const out: Array<[string, number]> = [];
  for (let i = 0; i < tokens.length; i++) {
    for (let j = i + 1; j < tokens.length; j++) out.push([`${tokens[i]}>${tokens[j]}`, first.get(tokens[j])! - first.get(tokens[i])!]);
  }
  return out;
}

/** Waymark's own rec events are not navigation (same rule as isNavigational in ml/data/journey-step.ts). */
function isNavigational(e: { name: string }): boolean {
  return !e.name.startsWith('waymark:');
}

const PRODUCT_HANDLE = /\/products\/([^/?#]+)/i;
const COLLECTION_HANDLE = /\/collections\/([^/?#]+)/i;

function navigationalSteps(events: readonly EventInput[]): EventInput[] {
  return events.filter((e) => isNavigational(e) && e.step);
}

/** The detail-level path (see the file comment). `events` must be in time order. */
export function detailPath(events: readonly EventInput[]): string[] {
  const nodes: string[] = [];
  const nav = navigationalSteps(events);
  let i = 0;
  while (i < nav.length) {
    const step = nav[i].step!;
    let j = i;
    const ids: string[] = [];
    while (j < nav.length && nav[j].step === step) {
      const id = step === 'product' ? nav[j].productId : step === 'collection' ? nav[j].collectionId : null;
      if (id && ids[ids.length - 1] !== id) ids.push(id);
      j++;
    }
    if (ids.length === 0) nodes.push(step);
    else for (const id of ids) nodes.push(`${step}:${id}`);
    i = j;
  }
  const out: string[] = [];
  for (const n of nodes) if (out[out.length - 1] !== n) out.push(n);
  return out.length ? out : ['other'];
}

/**
 * Links of a path for a Sankey: (position, node, next node), the last node linking to END,
 * or to MORE when the path was cut at `depth`. End anchors use the reversed path.
 */
export function pathLinks(path: readonly string[], depth = PATH_DEPTH): Array<[number, string, string]> {
  const links: Array<[number, string, string]> = [];
  const n = Math.min(path.length, depth);
  for (let p = 0; p < n; p++) {
    const to = p + 1 < n ? path[p + 1] : path.length > depth ? MORE : END;
    links.push([p, path[p], to]);
  }
  return links;
}

function detailLinksOf(path: string[], purchased: boolean): JourneyFacts['detailLinks'] {
  const start = pathLinks(path, DETAIL_DEPTH);
  const outcome = purchased ? outcomeDetail(path) : path;
  const reversed = pathLinks([...outcome].reverse(), DETAIL_DEPTH);
  return { start, purchase: purchased ? reversed : [], exit: purchased ? [] : reversed };
}

function outcomeDetail(path: string[]): string[] {
  const last = path.lastIndexOf('purchase');
  return last === -1 ? path : path.slice(0, last + 1);
}

export function normalizeQuery(q: string): string {
  return q.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 100);
}

/** Per query: searches, zero-result searches, searches with results followed by a product view. */
export function searchFacts(events: readonly EventInput[]): SearchFact[] {
  const byQuery = new Map<string, SearchFact>();
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.name !== 'search_submitted' || !e.query) continue;
    const query = normalizeQuery(e.query);
    if (!query) continue;
    let f = byQuery.get(query);
    if (!f) byQuery.set(query, (f = { query, searches: 0, zeroResults: 0, clicked: 0 }));
    f.searches++;
    if (e.results === 0) {
      f.zeroResults++;
      continue;
    }
    for (let j = i + 1; j < events.length; j++) {
      if (events[j].name === 'search_submitted') break;
      if (events[j].step === 'product' && isNavigational(events[j])) {
        f.clicked++;
        break;
      }
    }
  }
  return [...byQuery.values()];
}

/** Products and collections the journey viewed, and whether it added to cart after viewing. */
export function itemFacts(events: readonly EventInput[]): ItemFact[] {
  const items = new Map<string, ItemFact & { firstView: number }>();
  const cartAdds: Array<{ at: number; productId: string | null }> = [];
  events.forEach((e, idx) => {
    if (e.name === 'product_added_to_cart') cartAdds.push({ at: idx, productId: e.productId ?? null });
    const kind = e.name === 'product_viewed' ? 'product' : e.name === 'collection_viewed' ? 'collection' : null;
    const id = kind === 'product' ? e.productId : kind === 'collection' ? e.collectionId : null;
    if (!kind || !id) return;
    const key = `${kind}:${id}`;
    const existing = items.get(key);
    if (existing) {
      if (!existing.handle) existing.handle = handleOf(kind, e.path);
      return;
    }
    items.set(key, { kind, itemId: id, handle: handleOf(kind, e.path), carted: false, firstView: idx });
  });
  for (const it of items.values()) {
    it.carted = cartAdds.some((c) => c.at > it.firstView && (it.kind === 'collection' || c.productId === it.itemId));
  }
  // Products added to cart without a product_viewed (quick add) still count as viewed.
  for (const c of cartAdds) {
    if (c.productId && !items.has(`product:${c.productId}`)) {
      items.set(`product:${c.productId}`, { kind: 'product', itemId: c.productId, handle: null, carted: true, firstView: c.at });
    }
  }
  return [...items.values()].map(({ firstView: _f, ...rest }) => rest);
}

function handleOf(kind: 'product' | 'collection', path: string | null | undefined): string | null {
  if (!path) return null;
  const m = (kind === 'product' ? PRODUCT_HANDLE : COLLECTION_HANDLE).exec(path);
  return m ? decodeURIComponent(m[1]).slice(0, 120) : null;
}

/** Everything one journey contributes. `events` are the journey's events (any order). */
export function journeyFacts(j: JourneyInput, events: readonly EventInput[], timeZone = 'UTC'): JourneyFacts {
  const ordered = [...events].sort((a, b) => a.ts - b.ts);
  const steps = pathSteps(j.runs);
  const runs = j.runs.length ? j.runs : [];
  const detail = detailPath(ordered);
  return {
    day: timeZone === 'UTC' ? dayOf(j.startedAt) : localDay(j.startedAt, timeZone),
    segment: { device: j.device, isReturning: j.isReturning, source: j.source, landingStep: j.landingStep },
    purchased: j.purchased,
    orders: j.orders,
    revenue: j.revenue,
    steps,
    head: headKey(steps),
    tailKind: j.purchased ? 'tail_purchase' : 'tail_exit',
    tail: tailKey(steps, j.purchased),
    reached: reachedTokens(steps, j.purchased).join(' '),
    dwell: dwellTimes(runs),
    between: betweenTimes(firstReach(runs, j.startedAt)),
    detailLinks: detailLinksOf(detail, j.purchased),
    items: itemFacts(ordered),
    searches: searchFacts(ordered),
  };
}

export { FUNNEL_TOKENS };
export type { JourneyStep };
