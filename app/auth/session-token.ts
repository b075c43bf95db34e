/**
 * Authenticates /api/* requests from the embedded admin page.
 *
 * Production: App Bridge sends `Authorization: Bearer <session token>`, a JWT signed with
 * the app secret. We verify it offline (signature, expiry, audience) with
 * `shopify.api.session.decodeSessionToken`, take the shop from its `dest`, and require the
 * shop to be installed. No call to Shopify per request.
 *
 * Local mode: with no token, requests from loopback act as the dev shop. The bypass is
 * refused when NODE_ENV=production or real credentials are configured (checked here, at
 * request time, as well as in config).
 */
import type { NextFunction, Request, Response } from 'express';
import { isLoopback } from './loopback';
import { devBypassAllowed, type Config } from '../config';
import type { Db } from '../db/client';
import type { ShopifyApp } from '../shopify';
import { findInstalledShop, type ShopRow } from '../shops/shops';

export interface ApiLocals {
  shop: ShopRow;
}

function unauthorized(res: Response, message: string) {
  // App Bridge retries a request once with a fresh token when it sees this header.
  res.setHeader('X-Shopify-Retry-Invalid-Session-Request', '1');
  res.status(401).json({ error: message });
}

export function createApiAuth({ config, db, shopify }: { config: Config; db: Db; shopify: ShopifyApp }) {
  return async function apiAuth(req: Request, res: Response, next: NextFunction) {
    const bearer = req.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!bearer) {
      if (devBypassAllowed(config) && isLoopback(req)) {
        const shop = await findInstalledShop(db, config.devShop);
        if (!shop) return unauthorized(res, `dev shop ${config.devShop} is not set up: run npm run demo`);
        res.locals.shop = shop;
        return next();
      }
      return unauthorized(res, 'missing session token');
    }
    let dest: string;
    try {
      const payload = await shopify.api.session.decodeSessionToken(bearer);
      dest = payload.dest;
    } catch {
      return unauthorized(res, 'invalid or expired session token');
    }
    const domain = shopify.api.utils.sanitizeShop(new URL(dest).hostname);
    const shop = domain ? await findInstalledShop(db, domain) : null;
    if (!shop) return unauthorized(res, 'shop is not installed');
    res.locals.shop = shop;
    next();
  };
}

/** The authenticated shop of this request (set by apiAuth). Every query is scoped by it. */
export function currentShop(res: Response): ShopRow {
  const shop = (res.locals as Partial<ApiLocals>).shop;
  if (!shop) throw new Error('apiAuth did not run for this route');
  return shop;
}
