/**
 * Freshness without a refit: sessions that ended after training join the neighbor pool of every
 * session-kNN model inside a recommender (alone, in an ensemble, behind a delegating model).
 * Models without a neighbor pool (popularity, rules, GRU4Rec) are left as they are.
 */
import type { Recommender } from './recommender';

/** A session to add: its items (dense indices, oldest first), the Unix seconds of its last event, its id. */
export interface FreshSession {
  items: readonly number[];
  time: number;
  id?: string;
}

/** A recommender whose neighbor pool grows (the kNN family, and models that contain one). */
export interface GrowingPool {
  addSession(session: FreshSession): boolean;
  reserveSessions(sessions: number, events: number): void;
}

export function hasGrowingPool(m: unknown): m is GrowingPool {
  const g = m as Partial<GrowingPool> | null;
  return !!g && typeof g.addSession === 'function' && typeof g.reserveSessions === 'function';
}

/** The models inside `m` (itself included) whose neighbor pool grows. */
export function growingPools(m: Recommender): GrowingPool[] {
  const out: GrowingPool[] = [];
  const visit = (r: unknown): void => {
    if (hasGrowingPool(r)) {
      out.push(r);
      return;
    }
    const members = (r as { members?: { model: Recommender }[] }).members;
    if (Array.isArray(members)) for (const mem of members) visit(mem.model);
    const inner = (r as { innerModel?: Recommender | null }).innerModel;
    if (inner) visit(inner);
  };
  visit(m);
  return out;
}

/**
 * Adds the sessions (in order of end time) to every growing pool in `m`. Returns how many
 * sessions joined at least one pool (0 when `m` has no pool).
 */
export function addFreshSessions(m: Recommender, sessions: readonly FreshSession[]): number {
  const pools = growingPools(m);
  if (pools.length === 0 || sessions.length === 0) return 0;
  let events = 0;
  for (const s of sessions) events += s.items.length;
  for (const p of pools) p.reserveSessions(sessions.length, events);
  let added = 0;
  for (const s of sessions) {
    let any = false;
    for (const p of pools) if (p.addSession(s)) any = true;
    if (any) added++;
  }
  return added;
}
