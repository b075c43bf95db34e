/**
 * Everything Waymark holds for a shop, as one JSON document written piece by piece:
 * {"shop", "exportedAt", "events": [...], "journeys": [...], "products": [...], "models": [...]}.
 * Rows are read in keyset pages (PAGE_ROWS at a time, by primary key, newest events first)
 * and the next page only once the previous one is written, so memory stays constant and a
 * reader that goes away stops the reads. One export at a time per shop and a few per hour:
 * it is the heaviest read a merchant can ask for. `limit` caps events and journeys.
 */
import type { Db } from '../db/client';
import { createRateLimiter, type RateLimit } from '../ingest/rate-limiter';
import { fail, ok, type Result } from '../problem';

export const PAGE_ROWS = 1_000;
/** Three exports, then one every 10 minutes, per shop and process. */
export const EXPORT_RATE: RateLimit = { ratePerSec: 1 / 600, burst: 3 };

/** Where the export goes: `begin` once it may start, `write` resolves when the chunk is taken. */
export interface ExportSink {
  begin(): void;
  write(chunk: string): Promise<void>;
  closed(): boolean;
}

type Page<T> = (after: unknown, take: number) => Promise<{ rows: T[]; last: unknown }>;

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));

export function createShopExporter({ db, rate = EXPORT_RATE }: { db: Db; rate?: RateLimit }) {
  const running = new Set<number>();
  const limiter = createRateLimiter(rate);

  /** Writes the shop's export to `out`; refused while another runs or when the shop exported too often. */
  return async function exportShop(shop: { id: number; domain: string }, limit: number, out: ExportSink): Promise<Result<null>> {
    if (running.has(shop.id)) return fail('conflict', 'an export of this shop is already running; try again when it has finished', 30);
    const wait = limiter.take(String(shop.id), 1);
    if (wait > 0) return fail('rate_limited', 'too many exports of this shop; try again later', wait);
    running.add(shop.id);
    try {
      out.begin();
      await writeDocument(db, shop, limit, out);
      return ok(null);
    } finally {
      running.delete(shop.id);
    }
  };
}

async function writeDocument(db: Db, shop: { id: number; domain: string }, limit: number, out: ExportSink): Promise<void> {
  const where = { shopId: shop.id };
  await out.write(`{"shop":${json(shop.domain)},"exportedAt":${json(new Date())}`);
  await writeArray(out, 'events', limit, (after, take) =>
    db.event.findMany({ where: after === undefined ? where : { ...where, id: { lt: after as bigint } }, orderBy: { id: 'desc' }, take }).then((rows) => ({ rows, last: rows.at(-1)?.id })),
  );
  await writeArray(out, 'journeys', limit, (after, take) =>
    db.journey.findMany({ where: after === undefined ? where : { ...where, id: { lt: after as string } }, orderBy: { id: 'desc' }, take }).then((rows) => ({ rows, last: rows.at(-1)?.id })),
  );
  await writeArray(out, 'products', Infinity, (after, take) =>
    db.product.findMany({ where: after === undefined ? where : { ...where, productId: { gt: after as string } }, orderBy: { productId: 'asc' }, take }).then((rows) => ({ rows, last: rows.at(-1)?.productId })),
  );
  const models = await db.modelVersion.findMany({ where, select: { version: true, kind: true, status: true, metrics: true, createdAt: true } });
  await out.write(`,"models":${json(models)}}`);
}

async function writeArray<T>(out: ExportSink, name: string, limit: number, page: Page<T>): Promise<void> {
  await out.write(`,${json(name)}:[`);
  let after: unknown;
  let written = 0;
  while (written < limit && !out.closed()) {
    const { rows, last } = await page(after, Math.min(PAGE_ROWS, limit - written));
    if (rows.length === 0) break;
    let chunk = '';
    for (const row of rows) chunk += (written++ === 0 ? '' : ',') + json(row);
    await out.write(chunk);
    after = last;
    if (rows.length < PAGE_ROWS) break;
  }
  await out.write(']');
}
