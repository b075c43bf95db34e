/**
 * GET /api/products?query=&ids=&limit= : the session's shop's products for the admin's
 * local product picker (pins and exclusions when App Bridge's resource picker is not there),
 * and the titles of products already chosen.
 *
 *   query  words matched against the title, case-insensitive, or a numeric product id
 *   ids    comma-separated product ids to describe (at most 500)
 *   limit  1-50 (default 20), for query
 *
 * Answers { products: [{ id, title, imageUrl, available }] }, titles in alphabetical order
 * (ids: in the order asked, unknown ids left out). Matching runs over the shop's titles in
 * memory, the same on SQLite and PostgreSQL.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import { HttpError } from '../errors';

const querySchema = z.object({
  query: z.string().max(200).optional(),
  ids: z
    .string()
    .regex(/^\d{1,20}(,\d{1,20})*$/, 'comma-separated numeric product ids')
    .optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const select = { productId: true, title: true, imageUrl: true, available: true } as const;
type Row = { productId: string; title: string; imageUrl: string | null; available: boolean };
const out = (p: Row) => ({ id: p.productId, title: p.title, imageUrl: p.imageUrl, available: p.available });

export function createProductsRouter({ db }: { db: Db }): Router {
  const router = Router();
  router.get('/products', async (req, res) => {
    const shop = currentShop(res);
    const q = querySchema.safeParse(req.query);
    if (!q.success) {
      const issue = q.error.issues[0];
      throw new HttpError(400, `${issue.path.join('.')}: ${issue.message}`, { field: issue.path.join('.') });
    }
    if (q.data.ids !== undefined) {
      const ids = [...new Set(q.data.ids.split(','))].slice(0, 500);
      const rows = await db.product.findMany({ where: { shopId: shop.id, productId: { in: ids } }, select });
      const byId = new Map(rows.map((r) => [r.productId, r]));
      res.json({ products: ids.flatMap((id) => (byId.has(id) ? [out(byId.get(id)!)] : [])) });
      return;
    }
    const words = (q.data.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const rows = await db.product.findMany({ where: { shopId: shop.id, status: { not: 'ARCHIVED' } }, select, orderBy: { title: 'asc' } });
    const hits = rows.filter((r) => {
      const title = r.title.toLowerCase();
      return words.every((w) => title.includes(w) || r.productId === w);
    });
    res.json({ products: hits.slice(0, q.data.limit).map(out) });
  });
  return router;
}
