/**
 * Incremental sessionization of a shop's stored events into journeys.
 *
 * Reads only the events after the shop's watermark (`Shop.sessionizedThrough`, the
 * highest Event.id already assigned), plus the journeys of the same clients that those
 * events can touch, runs the pure sessionizer (app/journeys/sessionize.ts) and writes the
 * result in one transaction per chunk, moving the watermark with it. Never rescans history.
 */
import type { Db } from '../db/client';
import type { Event } from '../db/types';
import type { JourneyEvent, LineItem } from '../api-contract/ingest';
import { affectedRange, sessionize, type JourneyState, type JourneySummary, type SteppedEvent } from '../journeys/sessionize';
import { eventStep } from '../journeys/event-step';
import type { DeviceClass } from '../journeys/device-class';
import type { TrafficSource } from '../journeys/traffic-source';
import type { JourneyStep } from '../../ml/data/journey-step';

export interface SessionizeProgress {
  events: number;
  created: number;
  updated: number;
  merged: number;
}

export interface SessionizeJobOptions {
  chunkSize?: number;
  onProgress?: (p: SessionizeProgress) => void;
  signal?: AbortSignal;
}

/** The Event columns sessionizing reads. */
const EVENT_SELECT = {
  id: true, eventId: true, name: true, ts: true, clientHash: true, device: true, path: true, refHost: true,
  utmSource: true, utmMedium: true, utmCampaign: true, total: true, lines: true, step: true,
} as const;
type SessionizedRow = Pick<Event, keyof typeof EVENT_SELECT>;

/** A stored Event row read back as the journey event it was (client id = its hash), with its step. */
function steppedEventFromRow(r: SessionizedRow): SteppedEvent {
  return {
    step: eventStep(r),
    id: r.eventId,
    name: r.name as JourneyEvent['name'],
    ts: r.ts.getTime(),
    clientId: r.clientHash,
    path: r.path ?? undefined,
    refHost: r.refHost ?? undefined,
    utm:
      r.utmSource || r.utmMedium || r.utmCampaign
        ? { source: r.utmSource ?? undefined, medium: r.utmMedium ?? undefined, campaign: r.utmCampaign ?? undefined }
        : undefined,
    total: r.total ?? undefined,
    lines: r.lines ? (JSON.parse(r.lines) as LineItem[]) : undefined,
  };
}

type JourneyRow = NonNullable<Awaited<ReturnType<Db['journey']['findUnique']>>>;

function journeyStateFromRow(row: JourneyRow): JourneyState {
  return {
    journeyId: row.id,
    clientId: row.clientHash,
    startTs: row.startedAt.getTime(),
    endTs: row.endedAt.getTime(),
    eventCount: row.eventCount,
    runs: JSON.parse(row.runs),
    landingStep: row.landingStep as JourneyStep,
    landingPath: row.landingPath ?? undefined,
    trafficSource: row.source as TrafficSource,
    refHost: row.refHost ?? undefined,
    utmCampaign: row.utmCampaign ?? undefined,
    purchased: row.purchased,
    orders: row.orders,
    revenue: row.revenue,
    device: row.device as DeviceClass,
  };
}

function toColumns(s: JourneySummary) {
  return {
    clientHash: s.clientId,
    startedAt: new Date(s.startTs),
    endedAt: new Date(s.endTs),
    eventCount: s.eventCount,
    device: s.device ?? 'other',
    source: s.trafficSource,
    refHost: s.refHost ?? null,
    utmCampaign: s.utmCampaign ?? null,
    landingStep: s.landingStep,
    landingPath: s.landingPath ?? null,
    purchased: s.purchased,
    orders: s.orders,
    revenue: s.revenue,
    steps: s.steps.join(' '),
    runs: JSON.stringify(s.runs),
  };
}

const chains = new Map<number, Promise<unknown>>();

/**
 * Sessionizes everything new for one shop. Returns totals. Safe to run concurrently with
 * ingestion. Calls for the same shop in this process run one after another (across
 * processes the job queue runs one sessionize job per shop at a time).
 */
export function sessionizeShop(db: Db, shopId: number, opts: SessionizeJobOptions = {}): Promise<SessionizeProgress> {
  const prev = chains.get(shopId) ?? Promise.resolve();
  const next = prev.catch(() => {}).then(() => sessionizeShopNow(db, shopId, opts));
  chains.set(shopId, next);
  void next.finally(() => {
    if (chains.get(shopId) === next) chains.delete(shopId);
  }).catch(() => {});
  return next;
}

async function sessionizeShopNow(db: Db, shopId: number, opts: SessionizeJobOptions): Promise<SessionizeProgress> {
  // Small chunks keep each write transaction (and so SQLite's write lock) short.
  const chunkSize = opts.chunkSize ?? 2_000;
  const totals: SessionizeProgress = { events: 0, created: 0, updated: 0, merged: 0 };
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { sessionGapMinutes: true } });
  const gapMs = shop.sessionGapMinutes * 60_000;

  for (;;) {
    if (opts.signal?.aborted) break;
    const { sessionizedThrough } = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { sessionizedThrough: true } });
    const rows: SessionizedRow[] = await db.event.findMany({
      where: { shopId, id: { gt: sessionizedThrough } },
      orderBy: { id: 'asc' },
      take: chunkSize,
      select: EVENT_SELECT,
    });
    if (rows.length === 0) break;

    const events = rows.map(steppedEventFromRow);
    const ranges = affectedRange(events, gapMs);
    let minEnd = Infinity;
    let maxStart = -Infinity;
    for (const r of ranges.values()) {
      minEnd = Math.min(minEnd, r.minEnd);
      maxStart = Math.max(maxStart, r.maxStart);
    }
    const existing = await db.journey.findMany({
      where: {
        shopId,
        clientHash: { in: [...ranges.keys()] },
        endedAt: { gte: new Date(minEnd) },
        startedAt: { lte: new Date(maxStart) },
      },
    });
    const result = sessionize({
      events,
      journeys: existing.map(journeyStateFromRow),
      gapMs,
      // Journey ids are global keys: scope them by shop (event ids are unique only per shop).
      newJourneyId: (e) => `j${shopId}_${e.id}`,
    });

    // Device and returning-visitor flags for new journeys.
    const deviceOf = new Map<string, string>();
    result.assignments.forEach((jid, i) => {
      if (!deviceOf.has(jid)) deviceOf.set(jid, rows[i].device);
    });
    const earlier = await db.journey.groupBy({
      by: ['clientHash'],
      where: { shopId, clientHash: { in: result.created.map((c) => c.clientId) } },
      _min: { startedAt: true },
    });
    const firstSeen = new Map(earlier.map((e) => [e.clientHash, e._min.startedAt?.getTime() ?? Infinity]));
    for (const c of result.created) {
      const seen = firstSeen.get(c.clientId) ?? Infinity;
      firstSeen.set(c.clientId, Math.min(seen, c.startTs));
    }

    const byJourney = new Map<string, bigint[]>();
    result.assignments.forEach((jid, i) => {
      let ids = byJourney.get(jid);
      if (!ids) byJourney.set(jid, (ids = []));
      ids.push(rows[i].id);
    });
    const lastId = rows[rows.length - 1].id;

    await db.$transaction(async (tx) => {
      if (result.created.length) {
        await tx.journey.createMany({
          data: result.created.map((c) => {
            const cols = toColumns(c);
            return {
              id: c.journeyId,
              shopId,
              ...cols,
              device: deviceOf.get(c.journeyId) ?? cols.device,
              isReturning: (firstSeen.get(c.clientId) ?? Infinity) < c.startTs,
            };
          }),
        });
      }
      for (const u of result.updated) await tx.journey.update({ where: { id: u.journeyId }, data: toColumns(u) });
      for (const m of result.merged) {
        await tx.event.updateMany({ where: { shopId, journeyId: m.from }, data: { journeyId: m.into } });
        await tx.journey.deleteMany({ where: { id: m.from } });
      }
      for (const [jid, ids] of byJourney) await tx.event.updateMany({ where: { id: { in: ids } }, data: { journeyId: jid } });
      // Raw, so that Shop.updatedAt (the serving cache's version stamp, app/recs/shop-state.ts) stays as
      // it is: every sessionize run would otherwise make every web process reload the shop's products and
      // model. New journeys reach the served model through the version check's late-session read instead.
      await tx.$executeRaw`UPDATE "Shop" SET "sessionizedThrough" = ${lastId} WHERE "id" = ${shopId}`;
    }, { timeout: 120_000 });

    totals.events += rows.length;
    totals.created += result.created.length;
    totals.updated += result.updated.length;
    totals.merged += result.merged.length;
    opts.onProgress?.({ ...totals });
    if (rows.length < chunkSize) break;
  }
  return totals;
}
