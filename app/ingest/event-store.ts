/**
 * Writes validated, stripped events. One multi-row `INSERT ... ON CONFLICT DO NOTHING`
 * per batch, in its own transaction, on both SQLite (>= 3.24) and PostgreSQL: a
 * duplicate delivery of (shop, eventId) is stored once, and the batch is committed
 * before the caller acknowledges it.
 */
import { Prisma } from '../generated/sqlite/client';
import type { Db } from '../db/client';

export interface EventRow {
  shopId: number;
  eventId: string;
  name: string;
  ts: Date;
  clientHash: string;
  device: string;
  path: string | null;
  refHost: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  productId: string | null;
  variantId: string | null;
  collectionId: string | null;
  price: number | null;
  qty: number | null;
  query: string | null;
  results: number | null;
  checkoutToken: string | null;
  orderId: string | null;
  total: number | null;
  lines: string | null;
  placement: string | null;
  items: string | null;
  strategy: string | null;
  step: string;
  receivedAt: Date;
}

export const EVENT_COLUMNS = [
  'shopId', 'eventId', 'name', 'ts', 'clientHash', 'device', 'path', 'refHost', 'utmSource', 'utmMedium',
  'utmCampaign', 'productId', 'variantId', 'collectionId', 'price', 'qty', 'query', 'results',
  'checkoutToken', 'orderId', 'total', 'lines', 'placement', 'items', 'strategy', 'step', 'receivedAt',
] as const satisfies readonly (keyof EventRow)[];

export interface EventStore {
  /** Inserts the rows; returns how many were new (the rest were duplicates). */
  insert(rows: EventRow[]): Promise<number>;
}

const columnList = Prisma.raw(EVENT_COLUMNS.map((c) => `"${c}"`).join(', '));

export function createEventStore(db: Db): EventStore {
  return {
    async insert(rows) {
      if (rows.length === 0) return 0;
      const values = rows.map((r) => Prisma.sql`(${Prisma.join(EVENT_COLUMNS.map((c) => r[c]))})`);
      return db.$executeRaw`INSERT INTO "Event" (${columnList}) VALUES ${Prisma.join(values)} ON CONFLICT ("shopId", "eventId") DO NOTHING`;
    },
  };
}
