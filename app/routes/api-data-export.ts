/**
 * GET /api/data/export : everything Waymark holds for the shop, as one JSON download
 * (app/privacy/shop-export.ts), streamed with backpressure: the next page is read only once
 * the socket has drained, and a client that goes away stops the reads. 409 + Retry-After
 * while the shop's previous export runs, 429 + Retry-After when it exported too often.
 * `?limit=N` caps events and journeys (newest first).
 */
import { once } from 'node:events';
import { Router, type Response } from 'express';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import { WaymarkError } from '../errors';
import { sendProblem } from '../http/send-problem';
import { createShopExporter, EXPORT_RATE, type ExportSink } from '../privacy/shop-export';
import type { RateLimit } from '../ingest/rate-limiter';

export { PAGE_ROWS } from '../privacy/shop-export';

class ExportAborted extends WaymarkError {
  override name = 'ExportAborted';
  constructor() {
    super('client went away during the export');
  }
}

/** The response as an export sink: a write waits for the socket to drain when its buffer is full. */
function responseSink(res: Response, filename: string): ExportSink {
  let closed = false;
  res.on('close', () => (closed = true));
  return {
    begin() {
      res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
      res.type('application/json');
    },
    async write(chunk) {
      if (closed || res.destroyed) throw new ExportAborted();
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    },
    closed: () => closed,
  };
}

export function createDataExportRouter({ db, rate = EXPORT_RATE }: { db: Db; rate?: RateLimit }): Router {
  const router = Router();
  const exportShop = createShopExporter({ db, rate });

  router.get('/data/export', async (req, res, next) => {
    const shop = currentShop(res);
    const limit = Math.min(Math.max(Math.trunc(Number(req.query.limit)) || Infinity, 1), Number.MAX_SAFE_INTEGER);
    try {
      const done = await exportShop(shop, limit, responseSink(res, `waymark-${shop.domain}.json`));
      if (!done.ok) return sendProblem(res, done.problem);
      res.end();
    } catch (err) {
      // Headers are gone once the first byte is out: cut the response so the download fails visibly.
      if (res.headersSent) res.destroy(err as Error);
      else next(err);
    }
  });
  return router;
}
