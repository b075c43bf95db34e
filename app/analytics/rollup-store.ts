/** Writes the analytics roll-up tables (one day of one shop at a time). */
import type { Db } from '../db/client';
import type { DayRollup } from './model';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

const CHUNK = 2_000;

async function insertChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/** Replaces every roll-up row of (shop, day) with `rollup`, in the caller's transaction. */
export async function replaceDay(tx: Tx, shopId: number, day: string, rollup: DayRollup): Promise<void> {
  const where = { shopId, day };
  await tx.analyticsPathDaily.deleteMany({ where });
  await tx.analyticsTimingDaily.deleteMany({ where });
  await tx.analyticsItemFlowDaily.deleteMany({ where });
  await tx.analyticsItemDaily.deleteMany({ where });
  await tx.analyticsSearchDaily.deleteMany({ where });
  await insertChunks(rollup.paths, (c) => tx.analyticsPathDaily.createMany({ data: c.map((r) => ({ shopId, ...r })) }));
  await insertChunks(rollup.timings, (c) => tx.analyticsTimingDaily.createMany({ data: c.map((r) => ({ shopId, ...r })) }));
  await insertChunks(rollup.itemFlows, (c) => tx.analyticsItemFlowDaily.createMany({ data: c.map((r) => ({ shopId, ...r })) }));
  await insertChunks(rollup.items, (c) => tx.analyticsItemDaily.createMany({ data: c.map((r) => ({ shopId, ...r })) }));
  await insertChunks(rollup.searches, (c) => tx.analyticsSearchDaily.createMany({ data: c.map((r) => ({ shopId, ...r })) }));
}

/**
 * Deletes all analytics of a shop (the roll-up tables have no foreign key to Shop): call
 * it wherever a shop's data is erased (shop/redact).
 */
export async function deleteShopAnalytics(db: Db, shopId: number): Promise<void> {
  await db.$transaction([
    db.analyticsPathDaily.deleteMany({ where: { shopId } }),
    db.analyticsTimingDaily.deleteMany({ where: { shopId } }),
    db.analyticsItemFlowDaily.deleteMany({ where: { shopId } }),
    db.analyticsItemDaily.deleteMany({ where: { shopId } }),
    db.analyticsSearchDaily.deleteMany({ where: { shopId } }),
    db.analyticsRollupState.deleteMany({ where: { shopId } }),
  ]);
}
