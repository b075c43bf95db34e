/**
 * Writes the analytics roll-up tables (one day of one shop at a time).
 *
 * Rows go in as multi-row INSERT statements (Prisma.sql, so placeholders suit either
 * engine): Prisma's createMany cost about 1 ms per row here, which made a busy day take
 * tens of seconds.
 */
import { Prisma } from '../generated/sqlite/client';
import type { Db } from '../db/client';
import type { DayRollup } from './rollup-shapes';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** Keeps each statement under SQLite's 32 766 bound parameters. */
const MAX_PARAMS = 30_000;

async function insertRows<R extends object>(tx: Tx, table: string, shopId: number, columns: readonly (keyof R & string)[], rows: readonly R[]): Promise<void> {
  if (rows.length === 0) return;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / (columns.length + 1)));
  const head = Prisma.raw(`INSERT INTO "${table}" ("shopId", ${columns.map((c) => `"${c}"`).join(', ')}) VALUES `);
  for (let i = 0; i < rows.length; i += perStatement) {
    const values = rows
      .slice(i, i + perStatement)
      .map((r) => Prisma.sql`(${Prisma.join([shopId, ...columns.map((c) => r[c] as unknown)])})`);
    await tx.$executeRaw`${head}${Prisma.join(values)}`;
  }
}

/** Replaces every roll-up row of (shop, day) with `rollup`, in the caller's transaction. */
export async function replaceDay(tx: Tx, shopId: number, day: string, rollup: DayRollup): Promise<void> {
  const where = { shopId, day };
  await tx.analyticsPathDaily.deleteMany({ where });
  await tx.analyticsTimingDaily.deleteMany({ where });
  await tx.analyticsItemFlowDaily.deleteMany({ where });
  await tx.analyticsItemDaily.deleteMany({ where });
  await tx.analyticsSearchDaily.deleteMany({ where });
  await insertRows(tx, 'AnalyticsPathDaily', shopId, ['day', 'device', 'isReturning', 'source', 'landingStep', 'kind', 'key', 'sessions', 'purchases', 'orders', 'revenue'], rollup.paths);
  await insertRows(tx, 'AnalyticsTimingDaily', shopId, ['day', 'segment', 'metric', 'key', 'count', 'sumMs', 'histogram'], rollup.timings);
  await insertRows(tx, 'AnalyticsItemFlowDaily', shopId, ['day', 'anchor', 'position', 'fromNode', 'toNode', 'sessions', 'purchases'], rollup.itemFlows);
  await insertRows(tx, 'AnalyticsItemDaily', shopId, ['day', 'kind', 'itemId', 'handle', 'views', 'carts', 'purchases'], rollup.items);
  await insertRows(tx, 'AnalyticsSearchDaily', shopId, ['day', 'device', 'isReturning', 'source', 'landingStep', 'query', 'searches', 'zeroResults', 'clicked', 'sessions', 'purchases'], rollup.searches);
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
