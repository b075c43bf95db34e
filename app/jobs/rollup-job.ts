/**
 * Incremental journey-analytics roll-ups for one shop; run after sessionizeShop.
 *
 * Unit of work: one day of Journey.startedAt, in the shop's time zone (Shop.timezone). A day is rebuilt from scratch: its
 * journeys and their events are read, turned into facts (app/analytics/journey-facts.ts),
 * aggregated (rollup-build.ts) and written in one transaction that first deletes the day's
 * old rows. So late events, re-sessionized journeys and merges are absorbed exactly.
 *
 * Which days: journeys updated (created, extended, merged into) since the watermark
 * `AnalyticsRollupState.journeysSince`; every day their [startedAt, endedAt] spans is
 * rebuilt. A merged-away journey lay inside the span of the journey that absorbed it, so
 * its old day is rebuilt too. The watermark moves to this run's start minus a margin
 * (WATERMARK_MARGIN_MS), so journeys committed by a sessionizer transaction that was still
 * open while we read are picked up next time (re-rolling a day is idempotent).
 * Never scans raw events beyond the touched days.
 */
import type { Db } from '../db/client';
import type { StepRun } from '../journeys/sessionize';
import { eventStep } from '../journeys/event-step';
import { journeyFacts, type EventInput } from '../analytics/journey-facts';
import { buildRollup } from '../analytics/rollup-build';
import { replaceDay } from '../analytics/rollup-store';
import { addDays } from '../analytics/utc-days';
import { dayStartUtc, localDaysSpanned, validTimeZone } from '../analytics/date-window';

export const WATERMARK_MARGIN_MS = 2 * 60_000;

export interface RollupProgress {
  days: number;
  totalDays: number;
  journeys: number;
}

export interface RollupOptions {
  /** Rebuild every day that has journeys (ignores the watermark). */
  full?: boolean;
  onProgress?: (p: RollupProgress) => void;
  signal?: AbortSignal;
}

export interface RollupResult {
  days: string[];
  journeys: number;
}

/** The days to rebuild: spanned by journeys updated at or after `since` (null = all). */
async function touchedDays(db: Db, shopId: number, since: Date | null, tz: string): Promise<string[]> {
  const daysSpanned = (a: number, b: number) => localDaysSpanned(a, b, tz);
  const days = new Set<string>();
  if (!since) {
    const agg = await db.journey.aggregate({ where: { shopId }, _min: { startedAt: true }, _max: { endedAt: true } });
    if (!agg._min.startedAt || !agg._max.endedAt) return [];
    for (const d of daysSpanned(agg._min.startedAt.getTime(), agg._max.endedAt.getTime())) days.add(d);
    return [...days].sort();
  }
  let cursor: string | undefined;
  for (;;) {
    const page = await db.journey.findMany({
      where: { shopId, updatedAt: { gte: since } },
      select: { id: true, startedAt: true, endedAt: true },
      orderBy: { id: 'asc' },
      take: 5_000,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const j of page) for (const d of daysSpanned(j.startedAt.getTime(), j.endedAt.getTime())) days.add(d);
    if (page.length < 5_000) break;
    cursor = page[page.length - 1].id;
  }
  return [...days].sort();
}

/** Rebuilds one day's roll-ups. Returns the number of journeys in it. */
export async function rebuildDay(db: Db, shopId: number, day: string, timeZone = 'UTC'): Promise<number> {
  const tz = validTimeZone(timeZone);
  const start = dayStartUtc(day, tz);
  const end = dayStartUtc(addDays(day, 1), tz);
  const journeys = await db.journey.findMany({
    where: { shopId, startedAt: { gte: new Date(start), lt: new Date(end) } },
    select: {
      id: true, startedAt: true, endedAt: true, device: true, isReturning: true, source: true, landingStep: true,
      purchased: true, orders: true, revenue: true, runs: true,
    },
  });
  const eventsByJourney = new Map<string, EventInput[]>();
  if (journeys.length) {
    let maxEnd = start;
    for (const j of journeys) {
      eventsByJourney.set(j.id, []);
      maxEnd = Math.max(maxEnd, j.endedAt.getTime());
    }
    const events = await db.event.findMany({
      where: { shopId, ts: { gte: new Date(start), lte: new Date(maxEnd) }, journeyId: { not: null } },
      select: { ts: true, name: true, step: true, path: true, productId: true, collectionId: true, query: true, results: true, journeyId: true },
      orderBy: [{ ts: 'asc' }, { id: 'asc' }],
    });
    for (const e of events) {
      eventsByJourney.get(e.journeyId!)?.push({ ...e, ts: e.ts.getTime(), step: eventStep(e) });
    }
  }
  const facts = journeys.map((j) =>
    journeyFacts(
      { ...j, startedAt: j.startedAt.getTime(), endedAt: j.endedAt.getTime(), runs: JSON.parse(j.runs) as StepRun[] },
      eventsByJourney.get(j.id) ?? [],
      tz,
    ),
  );
  const rollup = buildRollup(facts);
  await db.$transaction((tx) => replaceDay(tx, shopId, day, rollup), { timeout: 120_000 });
  return journeys.length;
}

export async function rollupShop(db: Db, shopId: number, opts: RollupOptions = {}): Promise<RollupResult> {
  const runStart = Date.now();
  const state = await db.analyticsRollupState.findUnique({ where: { shopId } });
  const since = opts.full || !state ? null : state.journeysSince;
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { timezone: true } });
  const tz = validTimeZone(shop?.timezone);
  const days = await touchedDays(db, shopId, since, tz);
  let journeys = 0;
  let done = 0;
  for (const day of days) {
    if (opts.signal?.aborted) return { days: days.slice(0, done), journeys };
    journeys += await rebuildDay(db, shopId, day, tz);
    done++;
    opts.onProgress?.({ days: done, totalDays: days.length, journeys });
  }
  const journeysSince = new Date(runStart - WATERMARK_MARGIN_MS);
  await db.analyticsRollupState.upsert({
    where: { shopId },
    create: { shopId, journeysSince, rolledUpAt: new Date(), daysRebuilt: days.length },
    update: { journeysSince, rolledUpAt: new Date(), daysRebuilt: days.length },
  });
  return { days, journeys };
}
