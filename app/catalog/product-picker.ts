/**
 * The admin's local product picker (pins and exclusions when App Bridge's resource picker
 * is not there): a shop's products matching words of their title or a numeric id, and the
 * titles of products already chosen. Matching runs over the shop's titles in memory, the
 * same on SQLite and PostgreSQL.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import type { PickedProduct, ProductsAnswer } from '../api-contract/shop';

export const productQuerySchema = z.object({
  query: z.string().max(200).optional(),
  ids: z
    .string()
    .regex(/^\d{1,20}(,\d{1,20})*$/, 'comma-separated numeric product ids')
    .optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type ProductQuery = z.infer<typeof productQuerySchema>;

const select = { productId: true, title: true, imageUrl: true, available: true } as const;
type Row = { productId: string; title: string; imageUrl: string | null; available: boolean };
const out = (p: Row): PickedProduct => ({ id: p.productId, title: p.title, imageUrl: p.imageUrl, available: p.available });

/** `ids`: those products in the order asked (unknown ids left out, at most 500); else the title matches, alphabetically. */
export async function pickProducts(db: Db, shopId: number, q: ProductQuery): Promise<ProductsAnswer> {
  if (q.ids !== undefined) {
    const ids = [...new Set(q.ids.split(','))].slice(0, 500);
    const rows = await db.product.findMany({ where: { shopId, productId: { in: ids } }, select });
    const byId = new Map(rows.map((r) => [r.productId, r]));
    return { products: ids.flatMap((id) => (byId.has(id) ? [out(byId.get(id)!)] : [])) };
  }
  const words = (q.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const rows = await db.product.findMany({ where: { shopId, status: { not: 'ARCHIVED' } }, select, orderBy: { title: 'asc' } });
  const hits = rows.filter((r) => {
    const title = r.title.toLowerCase();
    return words.every((w) => title.includes(w) || r.productId === w);
  });
  return { products: hits.slice(0, q.limit).map(out) };
}
