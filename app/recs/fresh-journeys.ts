/**
 * Freshness without a retrain: journeys that began after the active model's training data
 * ended join its kNN neighbor pool (ml/serve.ts addLateSessions) at each shop-state version
 * check (./shop-state.ts), so a pair of products first seen together minutes ago can be
 * recommended within seconds of the sessionizer writing the journey.
 *
 * Reads journeys in order of end time from a cursor, at most `maxPerCheck` per check; a
 * journey read again because it went on (its end moved) replaces its earlier version in the
 * pool. Journeys that began before the training cut-off wait for the next retrain.
 */
import type { Db } from '../db/client';
import type { LineItem } from '../api-contract/ingest';
import type { LateSession, ServingBundle } from '../../ml/serve';

/**
 * Sessions one version check adds at most (one check per shop every few seconds, so about
 * 100 sessions a second). Small on purpose: the reads run in the web process, and on SQLite
 * Prisma's driver runs them on the thread that serves recommendations.
 */
export const FRESH_PER_CHECK = 500;
/** sessions a bundle takes at most (memory bound); past it, new sessions wait for the next model */
export const FRESH_POOL_MAX = 100_000;

/** Where a cached bundle's pool stands. */
export interface FreshCursor {
  /** epoch ms where the bundle's training data ends: journeys that began later are fresh */
  trainedThrough: number;
  /** end time (epoch ms) of the last journey read */
  endedFrom: number;
  /** journeys read at their end time (to skip them when the cursor reads them again) */
  seen: Map<string, number>;
  /** sessions that joined the pool */
  added: number;
}

const INTERACTIONS = ['product_viewed', 'product_added_to_cart', 'checkout_completed'];

/** The cursor for a bundle trained through `trainedThrough` (epoch ms). */
export function freshCursor(trainedThrough: number): FreshCursor {
  return { trainedThrough, endedFrom: trainedThrough, seen: new Map(), added: 0 };
}

/** The next journeys after the cursor (oldest end first) with their product interactions. */
export async function readLateSessions(db: Db, shopId: number, cur: FreshCursor, limit = FRESH_PER_CHECK): Promise<{ sessions: LateSession[]; ends: Map<string, number> }> {
  const journeys = await db.journey.findMany({
    where: { shopId, startedAt: { gt: new Date(cur.trainedThrough) }, endedAt: { gte: new Date(cur.endedFrom) } },
    orderBy: [{ endedAt: 'asc' }, { id: 'asc' }],
    take: limit,
    select: { id: true, clientHash: true, startedAt: true, endedAt: true },
  });
  const todo = journeys.filter((j) => cur.seen.get(j.id) !== j.endedAt.getTime());
  const ends = new Map(todo.map((j) => [j.id, j.endedAt.getTime()]));
  if (todo.length === 0) return { sessions: [], ends };
  let from = todo[0].startedAt;
  for (const j of todo) if (j.startedAt < from) from = j.startedAt;
  // through the (shopId, clientHash, ts) index
  const rows = await db.event.findMany({
    where: {
      shopId,
      clientHash: { in: [...new Set(todo.map((j) => j.clientHash))] },
      ts: { gte: from },
      name: { in: INTERACTIONS },
      journeyId: { in: todo.map((j) => j.id) },
    },
    select: { journeyId: true, name: true, ts: true, productId: true, lines: true },
  });
  const byJourney = new Map<string, LateSession>(todo.map((j) => [j.id, { id: j.id, events: [] }]));
  for (const r of rows) {
    const s = byJourney.get(r.journeyId!);
    if (!s) continue;
    const ts = r.ts.getTime();
    if (r.name === 'checkout_completed') {
      const lines = r.lines ? (JSON.parse(r.lines) as LineItem[]) : [];
      for (const l of lines) if (l.productId) s.events.push({ productId: l.productId, ts });
    } else if (r.productId) s.events.push({ productId: r.productId, ts });
  }
  return { sessions: [...byJourney.values()], ends };
}

/**
 * Reads the next late journeys and adds them to the bundle's pool in one synchronous step
 * (requests see the pool before or after, never half-way). Returns how many joined.
 */
export async function catchUpLateSessions(db: Db, shopId: number, bundle: ServingBundle, cur: FreshCursor, limit = FRESH_PER_CHECK): Promise<number> {
  if (!bundle.takesLateSessions || cur.added >= FRESH_POOL_MAX) return 0;
  const { sessions, ends } = await readLateSessions(db, shopId, cur, Math.min(limit, FRESH_POOL_MAX - cur.added));
  if (ends.size === 0) return 0;
  const added = bundle.addLateSessions(sessions);
  for (const [id, end] of ends) {
    cur.seen.set(id, end);
    if (end > cur.endedFrom) cur.endedFrom = end;
  }
  // forget journeys the cursor has passed (it reads from endedFrom on)
  for (const [id, end] of cur.seen) if (end < cur.endedFrom) cur.seen.delete(id);
  cur.added += added;
  return added;
}
