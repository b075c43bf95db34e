/**
 * When to retrain a shop: never trained; or enough new events since the last model
 * (at least `minNewEvents` and `growth` × the events it was trained on), new meaning not yet
 * sessionized when its training read its data; or the model is older than a day and anything
 * new arrived.
 */
import type { Db } from '../db/client';
import { eventsThroughOf } from '../recs/version-metrics';

export const RETRAIN_MIN_NEW_EVENTS = 1_000;
export const RETRAIN_GROWTH = 0.2;
export const RETRAIN_MAX_AGE_MS = 24 * 3_600_000;

export interface RetrainDecision {
  retrain: boolean;
  reason: string;
}

export async function shouldRetrain(db: Db, shopId: number, now = new Date()): Promise<RetrainDecision> {
  const last = await db.modelVersion.findFirst({
    where: { shopId, status: { in: ['active', 'retired', 'challenger', 'rejected'] } },
    orderBy: { version: 'desc' },
    select: { version: true, createdAt: true, metrics: true },
  });
  const total = await db.event.count({ where: { shopId } });
  if (!last) {
    return total > 0 ? { retrain: true, reason: 'first model' } : { retrain: false, reason: 'no events yet' };
  }
  const through = eventsThroughOf(last.metrics);
  // New = not in the data the last training read. A version saved before that watermark was
  // recorded counts what arrived after it was saved, which misses the events that arrived
  // while it trained: a first training that overlapped the first events then blocked the
  // retrain their sessionizing should have started (until the daily retrain).
  const since =
    through === null
      ? await db.event.count({ where: { shopId, receivedAt: { gt: last.createdAt } } })
      : await db.event.count({ where: { shopId, id: { gt: BigInt(through) } } });
  const trainedOn = Math.max(0, total - since);
  if (since >= RETRAIN_MIN_NEW_EVENTS && since >= RETRAIN_GROWTH * trainedOn) {
    return { retrain: true, reason: `${since} new events since version ${last.version}` };
  }
  if (since > 0 && now.getTime() - last.createdAt.getTime() > RETRAIN_MAX_AGE_MS) {
    return { retrain: true, reason: 'daily retrain' };
  }
  return { retrain: false, reason: `${since} new events since version ${last.version}` };
}
