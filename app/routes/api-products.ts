/**
 * GET /api/products?query=&ids=&limit= : the session's shop's products for the admin's
 * local product picker (app/catalog/product-picker.ts).
 *
 *   query  words matched against the title, case-insensitive, or a numeric product id
 *   ids    comma-separated product ids to describe (at most 500)
 *   limit  1-50 (default 20), for query
 *
 * Answers { products: [{ id, title, imageUrl, available }] }.
 */
import { Router } from 'express';
import type { Db } from '../db/client';
import { currentShop } from '../auth/session-token';
import { parseInput } from '../problem';
import { sendProblem } from '../http/send-problem';
import { pickProducts, productQuerySchema } from '../catalog/product-picker';

export function createProductsRouter({ db }: { db: Db }): Router {
  const router = Router();
  router.get('/products', async (req, res) => {
    const shop = currentShop(res);
    const q = parseInput(productQuerySchema, req.query, 'query');
    if (!q.ok) return sendProblem(res, q.problem);
    res.json(await pickProducts(db, shop.id, q.value));
  });
  return router;
}
