/**
 * OAuth install and callback (the non-embedded path: Shopify redirects the merchant here on
 * install). A missing or foreign shop is bad input (400), not the library's InvalidShopError (a 500).
 */
import { Router } from 'express';
import type { ShopifyApp } from '../shopify';
import { invalidField } from '../problem';
import { sendProblem } from '../http/send-problem';

export function createAuthRouter(shopify: ShopifyApp): Router {
  const router = Router();
  router.get(
    '/auth',
    (req, res, next) => {
      const shop = typeof req.query.shop === 'string' ? shopify.api.utils.sanitizeShop(req.query.shop) : null;
      if (!shop) return sendProblem(res, invalidField('shop', 'a valid *.myshopify.com domain is required'));
      next();
    },
    shopify.auth.begin(),
  );
  router.get('/auth/callback', shopify.auth.callback(), shopify.redirectToShopifyOrAppRoot());
  return router;
}
