/**
 * The merchant's own "delete all collected data": the shop's events, journeys, models and
 * the aggregates built from them go, in one transaction; settings and catalog stay, and
 * sessionizing starts again from the beginning.
 */
import type { Db } from '../db/client';
import { deleteShopAggregates } from './compliance';
import type { DataDeleteAnswer } from '../api-contract/settings';

export async function deleteCollectedData(db: Db, shopId: number): Promise<DataDeleteAnswer> {
  const [events, journeys, models] = await db.$transaction([
    db.event.deleteMany({ where: { shopId } }),
    db.journey.deleteMany({ where: { shopId } }),
    db.modelVersion.deleteMany({ where: { shopId } }),
    db.shop.update({ where: { id: shopId }, data: { sessionizedThrough: 0n } }),
    ...deleteShopAggregates(db, shopId),
  ]);
  return { deleted: { events: events.count, journeys: journeys.count, models: models.count } };
}
