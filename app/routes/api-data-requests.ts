/**
 * customers/data_request exports for the merchant (app/privacy/compliance.ts fills them):
 * GET /data-requests lists the shop's, GET /data-requests/:id/download sends one as a JSON
 * file. Scoped by the session's shop: another shop's id answers 404.
 */
import { Router } from 'express';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import { EXPORT_KEEP_DAYS } from '../jobs/retention-job';
import type { DataExportStatus, DataRequestsAnswer } from '../api-contract/data-requests';

const DAY_MS = 86_400_000;
/** Shopify: provide the data to the store owner / customer within 30 days of the request. */
const ANSWER_WITHIN_DAYS = 30;

export function createDataRequestsRouter({ db }: { db: Db }): Router {
  const router = Router();

  router.get('/data-requests', async (_req, res) => {
    const shop = currentShop(res);
    const rows = await db.dataExport.findMany({
      where: { shopId: shop.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 200,
      select: { id: true, customerId: true, ordersRequested: true, status: true, createdAt: true, completedAt: true },
    });
    const answer: DataRequestsAnswer = {
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
    res.json(answer);
  });

  router.get('/data-requests/:id/download', async (req, res) => {
    const shop = currentShop(res);
    const id = Number(req.params.id);
    const row = Number.isSafeInteger(id) && id > 0 ? await db.dataExport.findFirst({ where: { id, shopId: shop.id } }) : null;
    if (!row) {
      res.status(404).json({ error: 'no such data request' });
      return;
    }
    if (row.status !== 'ready' || row.payload == null) {
      res.status(409).json({ error: `the export is ${row.status}; try again shortly`, status: row.status });
      return;
    }
    const name = `customer-data-${row.customerId ?? 'unknown'}-${row.createdAt.toISOString().slice(0, 10)}.json`.replace(/[^A-Za-z0-9._-]/g, '_');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.type('application/json').send(row.payload);
  });

  return router;
}
