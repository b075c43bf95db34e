/**
 * Authenticates /api/* requests from the embedded admin page.
 *
 * Production: App Bridge sends `Authorization: Bearer <session token>`, a JWT signed with
 * the app secret. We verify it offline (signature, expiry, audience) with
 * `shopify.api.session.decodeSessionToken` and take the shop from its `dest`. A shop with
 * a usable offline token costs no call to Shopify; a shop without one (a new managed
 * install, a re-install, or "needs re-authentication") is installed or repaired by token
 * exchange (app/shops/install-from-session-token.ts). Forged or expired tokens get 401 and
 * never reach the exchange.
 *
 * Local mode: with no token, requests from loopback act as the dev shop. The bypass is
 * refused when NODE_ENV=production or real credentials are configured (checked here, at
 * request time, as well as in config).
 */
import type { NextFunction, Request, Response } from 'express';
import { isLoopback, refusesLocalSecretFrom } from './loopback';
import { devBypassAllowed, type Config } from '../config';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { ShopifyApp } from '../shopify';
import { findInstalledShop, type ShopRow } from '../shops/shop-rows';
import { TokenExchangeError, type SessionTokenInstaller } from '../shops/install-from-session-token';
import { sendProblem } from '../http/send-problem';
import { WaymarkError } from '../errors';

export interface ApiLocals {
  shop: ShopRow;
}

function unauthorized(res: Response, message: string, retry = true) {
  // App Bridge retries a request once with a fresh token when it sees this header.
  sendProblem(res, { code: 'unauthorized', message }, { headers: retry ? { 'X-Shopify-Retry-Invalid-Session-Request': '1' } : {} });
}

export function createApiAuth({
  config,
  db,
  shopify,
  installer,
  logger,
}: {
  config: Config;
  db: Db;
  shopify: ShopifyApp;
  installer: SessionTokenInstaller;
  logger: Logger;
}) {
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
    // Local mode's secret is public: a token signed with it proves nothing from another machine.
    if (refusesLocalSecretFrom(config, req)) return unauthorized(res, 'local mode: session tokens are accepted from this machine only', false);
    let dest: string;
    try {
      const payload = await shopify.api.session.decodeSessionToken(bearer);
      dest = payload.dest;
    } catch {
      return unauthorized(res, 'invalid or expired session token');
    }
    const domain = shopify.api.utils.sanitizeShop(destHostname(dest));
    if (!domain) return unauthorized(res, 'session token names no valid shop', false);
    try {
      res.locals.shop = await installer.shopForSessionToken(domain, bearer);
    } catch (error) {
      if (!(error instanceof TokenExchangeError)) return next(error);
      logger.warn({ shop: domain, err: error.message }, 'token exchange failed');
      if (error.retriable) {
        return sendProblem(res, { code: 'unavailable', message: 'Shopify could not be reached to finish installing Waymark; try again shortly', retryAfterSec: 5 });
      }
      return unauthorized(res, error.invalidSessionToken ? 'invalid session token' : 'Shopify refused to grant Waymark access to this shop', error.invalidSessionToken);
    }
    next();
  };
}

/** The host of a token's `dest`, or '' when it is missing or not a URL (a signed but malformed token). */
function destHostname(dest: unknown): string {
  if (typeof dest !== 'string') return '';
  try {
    return new URL(dest).hostname;
  } catch {
    return '';
  }
}

/** The authenticated shop of this request (set by apiAuth). Every query is scoped by it. */
export function currentShop(res: Response): ShopRow {
  const shop = (res.locals as Partial<ApiLocals>).shop;
  if (!shop) throw new WaymarkError('apiAuth did not run for this route');
  return shop;
}
