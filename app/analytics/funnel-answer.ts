/**
 * GET /api/funnel's answer: resolves the steps (product and collection titles from the
 * catalog and the roll-ups), reads the window's sessions (funnel-read.ts) and counts them with
 * the pure rules of funnel-builder.ts, for the period and, when asked, the previous one.
 */
import type { Db } from '../db/client';
import { FUNNEL_EVENT_LABELS, stepKey, type BuiltFunnel, type FunnelBuilderAnswer, type FunnelQuery, type FunnelStepDef } from '../api-contract/funnel';
import { stepTitle } from '../api-contract/step-names';
import { buildFunnel, sessionProgress, type StepInfo } from './funnel-builder';
import { findCollection, findProduct, readFunnelSessions, type SessionRead } from './funnel-read';
import { sessionTouchpoints, stepMatcher, storedEventName, windowMs, type StepMatcher } from './funnel-step-match';
import type { DayRange } from './utc-days';
import type { AnalyticsQuery } from './params';
import { describe } from './service';

interface ResolvedStep {
  info: StepInfo;
  matcher: StepMatcher;
  /** what to read for it */
  eventName?: string;
  productId?: string;
  runs?: boolean;
}

async function resolveStep(db: Db, shopId: number, def: FunnelStepDef): Promise<ResolvedStep> {
  if (def.kind === 'product' || def.kind === 'collection') {
    const item = def.kind === 'product' ? await findProduct(db, shopId, def.value) : await findCollection(db, shopId, def.value);
    const id = item?.id ?? def.value;
    const aliases = [def.value, ...(item?.handle ? [item.handle] : [])].filter((a) => a !== id);
    const label = item?.title ?? `${def.kind === 'product' ? 'Product' : 'Collection'} ${def.value}`;
    const resolved = { kind: def.kind, value: id };
    return {
      info: { key: stepKey(resolved), ...resolved, label },
      matcher: stepMatcher(resolved, aliases),
      eventName: def.kind === 'product' ? 'product_viewed' : 'collection_viewed',
      productId: def.kind === 'product' ? id : undefined,
    };
  }
  const info = { key: stepKey(def), ...def };
  if (def.kind === 'event') {
    return { info: { ...info, label: FUNNEL_EVENT_LABELS[def.value as keyof typeof FUNNEL_EVENT_LABELS] }, matcher: stepMatcher(def), eventName: storedEventName(def.value) };
  }
  const page = { info: { ...info, label: stepTitle(def.value) }, matcher: stepMatcher(def) };
  if (def.value === 'purchase') return { ...page, eventName: 'checkout_completed' };
  return { ...page, runs: def.value !== 'session' };
}

async function count(db: Db, read: SessionRead, steps: readonly ResolvedStep[], q: FunnelQuery): Promise<BuiltFunnel> {
  const sessions = await readFunnelSessions(db, read);
  const matchers = steps.map((s) => s.matcher);
  const limit = windowMs(q.window);
  const progress = sessions.map((s) => sessionProgress(sessionTouchpoints(s.startedAt, s.runs, s.events), matchers, q.mode, limit));
  return buildFunnel(progress, steps.map((s) => s.info));
}

/** The funnel builder's answer for the page's query (dates, segment filters) and the funnel's own parameters. */
export async function getBuiltFunnel(db: Db, shop: { id: number; timeZone: string }, q: AnalyticsQuery, f: FunnelQuery): Promise<FunnelBuilderAnswer> {
  const steps = await Promise.all(f.steps.map((def) => resolveStep(db, shop.id, def)));
  const read = (range: DayRange): SessionRead => ({
    shopId: shop.id,
    range,
    filters: q.filters,
    timeZone: shop.timeZone,
    runs: steps.some((s) => s.runs),
    eventNames: [...new Set(steps.flatMap((s) => (s.eventName ? [s.eventName] : [])))],
    productIds: steps.flatMap((s) => (s.productId ? [s.productId] : [])),
  });
  const [current, previous] = await Promise.all([count(db, read(q.range), steps, f), f.compare ? count(db, read(q.previous), steps, f) : null]);
  return { ...describe(q), mode: f.mode, window: f.window, ...current, previous };
}
