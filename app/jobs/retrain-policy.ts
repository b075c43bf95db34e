/**
 * When to retrain a shop: never trained; or enough new events since the last model
 * (at least `minNewEvents` and `growth` × the events it was trained on); or the model is
 * older than a day and anything new arrived.
 */
import type { Db } from '../db/client';

export const RETRAIN_MIN_NEW_EVENTS = 1_000;
export const RETRAIN_GROWTH = 0.2;
export const RETRAIN_MAX_AGE_MS = 24 * 3_600_000;

export interface RetrainDecision {
  retrain: boolean;
  reason: string;
}

export async function shouldRetrain(db: Db, shopId: number, now = new Date()): Promise<RetrainDecision> {
  const last = await db.modelVersion.findFirst({ where: { shopId, status: { in: ['active', 'retired', 'challenger', 'rejected'] } }, orderBy: { version: 'desc' } });
  const total = await db.event.count({ where: { shopId } });
  if (!last) {
    return total > 0 ? { retrain: true, reason: 'first model' } : { retrain: false, reason: 'no events yet' };
  }
  const since = await db.event.count({ where: { shopId, receivedAt: { gt: last.createdAt } } });
  const trainedOn = Math.max(0, total - since);
  if (since >= RETRAIN_MIN_NEW_EVENTS && since >= RETRAIN_GROWTH * trainedOn) {
    return { retrain: true, reason: `${since} new events since version ${last.version}` };
  }
  if (since > 0 && now.getTime() - last.createdAt.getTime() > RETRAIN_MAX_AGE_MS) {
    return { retrain: true, reason: 'daily retrain' };
  }
  return { retrain: false, reason: `${since} new events since version ${last.version}` };
}
