import { createHash } from 'node:crypto';

export type Group = 'treatment' | 'holdout';

/**
 * Deterministic holdout assignment: the same visitor in the same shop always lands in the
 * same group, with `percent`% in the holdout. Hash-based, so no state is needed to keep a
 * visitor's group stable across requests, processes and days.
 */
export function assignGroup(shopId: number, visitorKey: string | undefined, percent: number): Group {
  if (!visitorKey || percent <= 0) return 'treatment';
  if (percent >= 100) return 'holdout';
  const h = createHash('sha256').update(`${shopId}:${visitorKey}`).digest();
  const bucket = h.readUInt32BE(0) % 10_000;
  return bucket < percent * 100 ? 'holdout' : 'treatment';
}
