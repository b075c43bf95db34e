/**
 * Managed installation: Shopify installs the app itself and never calls /auth, so the
 * embedded admin's first authenticated request is where Waymark learns of a new shop.
 * Given a verified session token (App Bridge's id token) for a shop that has no usable
 * offline token, this exchanges the session token for an expiring offline token, stores
 * it, creates (or re-activates) the shop and starts the install work, once per
 * installation. The same path repairs a shop marked "needs re-authentication", and OAuth's
 * callback (the non-embedded path) ends in the same `installWithSession`.
 *
 * Order matters for bad input: the exchange happens before anything is written, so a
 * refused exchange leaves the stored tokens and the shop as they were.
 */
import { RequestedTokenType, type Session } from '@shopify/shopify-api';
import { createSingleFlight } from '../single-flight';
import { shopifyHttpStatus, shopifyOAuthError } from '../admin-api/http-status';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { ShopifyApp } from '../shopify';
import type { OfflineTokens } from '../admin-api/offline-tokens';
import { ensureShop, findInstalledShop, type ShopRow } from './shop-rows';
import { claimInstallWork } from './install-work';
import { WaymarkError } from '../errors';

/** Shopify refused or could not answer the token exchange. */
export class TokenExchangeError extends WaymarkError {
  override name = 'TokenExchangeError';
  constructor(
    message: string,
    /** true when the session token itself was refused (App Bridge should retry with a new one) */
    readonly invalidSessionToken: boolean,
    /** true for network faults and 5xx: try again later */
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

export interface SessionTokenInstallerDeps {
  shopify: ShopifyApp;
  db: Db;
  logger: Logger;
  tokens: OfflineTokens;
  /** Starts this installation's install work (enqueues the `install` job). */
  startInstallWork: (shopId: number) => Promise<unknown>;
}

export function createSessionTokenInstaller(deps: SessionTokenInstallerDeps) {
  const { shopify, db, logger, tokens } = deps;
  const exchangeOnce = createSingleFlight<string, ShopRow>();

  async function usable(domain: string): Promise<ShopRow | null> {
    const [shop, session] = await Promise.all([
      findInstalledShop(db, domain),
      db.shopifySession.findUnique({ where: { id: shopify.api.session.getOfflineId(domain) }, select: { accessToken: true } }),
    ]);
    // A non-expiring token still counts: the Admin API client migrates it on first use.
    return shop && !shop.needsReauthAt && session?.accessToken ? shop : null;
  }

  /**
   * A granted offline session (from token exchange, or OAuth's callback): the shop row
   * (created, or re-activated on a re-install), the stored tokens, and this installation's
   * install work, claimed once across processes.
   */
  async function installWithSession(session: Session): Promise<ShopRow> {
    const shop = await ensureShop(db, session.shop);
    await tokens.store(session);
    if (await claimInstallWork(db, shop.id)) {
      logger.info({ shop: session.shop }, 'installed; install work started');
      await deps.startInstallWork(shop.id);
    }
    return db.shop.findUniqueOrThrow({ where: { id: shop.id } });
  }

  async function exchangeAndInstall(domain: string, sessionToken: string): Promise<ShopRow> {
    let session;
    try {
      ({ session } = await shopify.api.auth.tokenExchange({
        shop: domain,
        sessionToken,
        requestedTokenType: RequestedTokenType.OfflineAccessToken,
        expiring: true,
      }));
    } catch (error) {
      throw asExchangeError(error);
    }
    return installWithSession(session);
  }

  /** The installed shop for a verified session token, installing or repairing it when needed. */
  async function shopForSessionToken(domain: string, sessionToken: string): Promise<ShopRow> {
    const ready = await usable(domain);
    if (ready) return ready;
    // Concurrent first requests in this process share one exchange; across processes the
    // install-work claim makes the install work run once.
    return exchangeOnce(domain, () => exchangeAndInstall(domain, sessionToken));
  }

  return { shopForSessionToken, installWithSession };
}

export type SessionTokenInstaller = ReturnType<typeof createSessionTokenInstaller>;

function asExchangeError(error: unknown): TokenExchangeError {
  const code = shopifyHttpStatus(error);
  if (code !== undefined) {
    const oauthError = shopifyOAuthError(error);
    if (code >= 500 || code === 429) return new TokenExchangeError(`token exchange failed: Shopify answered ${code}`, false, true);
    return new TokenExchangeError(`token exchange refused (${code} ${oauthError ?? ''})`.trim(), oauthError === 'invalid_subject_token', false);
  }
  if (error instanceof Error && /jwt|session token/i.test(error.name + error.message)) {
    return new TokenExchangeError('invalid session token', true, false);
  }
  return new TokenExchangeError(`token exchange failed: ${(error as Error)?.message ?? String(error)}`, false, true);
}
