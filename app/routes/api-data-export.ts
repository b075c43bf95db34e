/**
 * GET /api/data/export : everything Waymark holds for the shop, as one JSON download,
 * streamed in constant memory. Rows are read in keyset pages (PAGE_ROWS at a time, by
 * primary key, newest events first) and written as they are read; the next page is read
 * only once the socket has drained (backpressure), and a client that goes away stops the
 * reads. One export at a time per shop (409 + Retry-After) and a few per hour (429 +
 * Retry-After): an export is the heaviest read a merchant can ask for.
 *
 * Output: {"shop", "exportedAt", "events": [...], "journeys": [...], "products": [...], "models": [...]}.
 * `?limit=N` caps events and journeys (newest first), as before.
 */
import { once } from 'node:events';
import { Router, type Response } from 'express';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import { createRateLimiter, type RateLimit } from '../ingest/rate-limiter';

export const PAGE_ROWS = 1_000;
/** Three exports, then one every 10 minutes, per shop and process. */
export const EXPORT_RATE: RateLimit = { ratePerSec: 1 / 600, burst: 3 };

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));

export function createDataExportRouter({ db, rate = EXPORT_RATE }: { db: Db; rate?: RateLimit }): Router {
  const router = Router();
  const running = new Set<number>();
  const limiter = createRateLimiter(rate);

  router.get('/data/export', async (req, res, next) => {
    const shop = currentShop(res);
    if (running.has(shop.id)) {
      res.setHeader('Retry-After', '30');
      res.status(409).json({ error: 'an export of this shop is already running; try again when it has finished' });
      return;
    }
    const wait = limiter.take(String(shop.id), 1);
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait)));
      res.status(429).json({ error: 'too many exports of this shop; try again later' });
      return;
    }
    const limit = Math.min(Math.max(Math.trunc(Number(req.query.limit)) || Infinity, 1), Number.MAX_SAFE_INTEGER);
    running.add(shop.id);
    let closed = false;
    res.on('close', () => (closed = true));
    try {
      res.setHeader('Content-Disposition', `attachment; filename="waymark-${shop.domain}.json"`);
      res.type('application/json');
      await write(res, `{"shop":${json(shop.domain)},"exportedAt":${json(new Date())}`);
      const where = { shopId: shop.id };
      await writeArray(res, 'events', limit, () => closed, (after, take) =>
        db.event.findMany({ where: after === undefined ? where : { ...where, id: { lt: after as bigint } }, orderBy: { id: 'desc' }, take }).then((rows) => ({ rows, last: rows.at(-1)?.id })),
      );
      await writeArray(res, 'journeys', limit, () => closed, (after, take) =>
        db.journey.findMany({ where: after === undefined ? where : { ...where, id: { lt: after as string } }, orderBy: { id: 'desc' }, take }).then((rows) => ({ rows, last: rows.at(-1)?.id })),
      );
      await writeArray(res, 'products', Infinity, () => closed, (after, take) =>
        db.product.findMany({ where: after === undefined ? where : { ...where, productId: { gt: after as string } }, orderBy: { productId: 'asc' }, take }).then((rows) => ({ rows, last: rows.at(-1)?.productId })),
      );
      const models = await db.modelVersion.findMany({ where, select: { version: true, kind: true, status: true, metrics: true, createdAt: true } });
      await write(res, `,"models":${json(models)}}`);
      res.end();
    } catch (err) {
      // Headers are gone once the first byte is out: cut the response so the download fails visibly.
      if (res.headersSent) res.destroy(err as Error);
      else next(err);
    } finally {
      running.delete(shop.id);
    }
  });
  return router;
}

/** Writes, then waits for the socket to drain when its buffer is full. */
async function write(res: Response, chunk: string): Promise<void> {
  if (res.destroyed) throw new ExportAborted();
  if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
}

class ExportAborted extends Error {
  constructor() {
    super('client went away during the export');
  }
}

async function writeArray<T>(
  res: Response,
  name: string,
  limit: number,
  isClosed: () => boolean,
  page: (after: unknown, take: number) => Promise<{ rows: T[]; last: unknown }>,
): Promise<void> {
  await write(res, `,${json(name)}:[`);
  let after: unknown;
  let written = 0;
  while (written < limit && !isClosed()) {
    const { rows, last } = await page(after, Math.min(PAGE_ROWS, limit - written));
    if (rows.length === 0) break;
    let chunk = '';
    for (const row of rows) chunk += (written++ === 0 ? '' : ',') + json(row);
    await write(res, chunk);
    after = last;
    if (rows.length < PAGE_ROWS) break;
  }
  if (isClosed()) throw new ExportAborted();
  await write(res, ']');
}
