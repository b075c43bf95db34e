/**
 * customers/data_request exports as the merchant sees them (app/privacy/compliance.ts
 * fills them): the shop's list, with when each expires and must be answered, and one ready
 * export as a file. Scoped by shop: another shop's id is not found.
 */
import type { Db } from '../db/client';
import { EXPORT_KEEP_DAYS } from '../jobs/retention-job';
import { fail, ok, type Result } from '../problem';
import type { DataExportStatus, DataRequestsAnswer } from '../api-contract/data-requests';

const DAY_MS = 86_400_000;
/** Shopify: provide the data to the store owner / customer within 30 days of the request. */
const ANSWER_WITHIN_DAYS = 30;

export async function listDataRequests(db: Db, shopId: number): Promise<DataRequestsAnswer> {
  const rows = await db.dataExport.findMany({
    where: { shopId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 200,
    select: { id: true, customerId: true, ordersRequested: true, status: true, createdAt: true, completedAt: true },
  });
  return {
    keepDays: EXPORT_KEEP_DAYS,
    requests: rows.map((r) => ({
      id: r.id,
      customerId: r.customerId,
      ordersRequested: JSON.parse(r.ordersRequested) as string[],
      status: r.status as DataExportStatus,
      requestedAt: r.createdAt.toISOString(),
      completedAt: r.completedAt?.toISOString() ?? null,
      expiresAt: new Date(r.createdAt.getTime() + EXPORT_KEEP_DAYS * DAY_MS).toISOString(),
      answerBy: new Date(r.createdAt.getTime() + ANSWER_WITHIN_DAYS * DAY_MS).toISOString(),
    })),
  };
}

/** A ready export: its file name and JSON text; not found, or a conflict while it is not ready. */
export async function dataRequestFile(db: Db, shopId: number, id: number): Promise<Result<{ filename: string; json: string }>> {
  const row = Number.isSafeInteger(id) && id > 0 ? await db.dataExport.findFirst({ where: { id, shopId } }) : null;
  if (!row) return fail('not_found', 'no such data request');
  if (row.status !== 'ready' || row.payload == null) return fail('conflict', `the export is ${row.status}; try again shortly`);
  const filename = `customer-data-${row.customerId ?? 'unknown'}-${row.createdAt.toISOString().slice(0, 10)}.json`.replace(/[^A-Za-z0-9._-]/g, '_');
  return ok({ filename, json: row.payload });
}
