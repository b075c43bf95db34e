/** Retention policy: deletes a shop's events (and journeys) older than its retention setting. */
import type { Db } from '../db/client';

export async function applyRetention(db: Db, shopId: number, now = new Date()): Promise<{ events: number; journeys: number }> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { retentionDays: true } });
  const cutoff = new Date(now.getTime() - shop.retentionDays * 86_400_000);
  const [events, journeys] = await db.$transaction([
    db.event.deleteMany({ where: { shopId, ts: { lt: cutoff } } }),
    db.journey.deleteMany({ where: { shopId, endedAt: { lt: cutoff } } }),
  ]);
  return { events: events.count, journeys: journeys.count };
}
