/**
 * Expiring offline access tokens, kept fresh for every process that calls the Admin API
 * (web processes, workers, job children).
 *
 * Shopify's expiring offline tokens last about an hour and come with a refresh token that
 * rotates: each refresh returns a new pair and retires the old refresh token. So exactly
 * one process may refresh a shop's token at a time, or the loser would present a retired
 * refresh token and the shop would look revoked. The rule, per shop:
 *
 * - a token that expires within `refreshMarginMs` (or that Shopify just answered 401 to)
 *   is refreshed;
 * - a non-expiring token (installed before expiring tokens) is migrated to an expiring pair;
 * - the refresher takes a lease on the session row (`refreshLockedUntil`/`refreshLockOwner`,
 *   a conditional UPDATE that only succeeds while the row still holds the token it read and
 *   no live lease exists); everyone else waits and rereads the row until the token changed;
 * - the new pair is written in one UPDATE, with the lease released;
 * - when Shopify refuses the refresh (4xx), the stored tokens stay as they were and the shop
 *   is marked "needs re-authentication"; network faults and 5xx only release the lease.
 */
import { randomBytes } from 'node:crypto';
import type { Session } from '@shopify/shopify-api';
import { shopifyHttpStatus } from './http-status';
import { createSingleFlight } from '../single-flight';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { ShopifyApp } from '../shopify';
import { ReauthRequiredError, WaymarkError } from '../errors';
import { sessionColumns, sessionFromRow } from '../auth/prisma-session-storage';

/** Refresh this long before expiry (the Shopify libraries use the same 5 minutes). */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** A refresh lease outlives any single HTTP call to Shopify; a crashed holder frees it by expiry. */
export const REFRESH_LEASE_MS = 60_000;
const WAIT_STEP_MS = 100;

export interface OfflineTokensOptions {
  shopify: ShopifyApp;
  db: Db;
  logger: Logger;
  refreshMarginMs?: number;
  leaseMs?: number;
  now?: () => number;
}

export interface FreshSessionOptions {
  /** The access token Shopify just refused with 401: refresh unless the row already moved on. */
  rejectedAccessToken?: string;
}

export function createOfflineTokens(opts: OfflineTokensOptions) {
  const { shopify, db, logger } = opts;
  const marginMs = opts.refreshMarginMs ?? REFRESH_MARGIN_MS;
  const leaseMs = opts.leaseMs ?? REFRESH_LEASE_MS;
  const now = opts.now ?? Date.now;
  const owner = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const refreshOnce = createSingleFlight<string, Session>();

  const idOf = (shop: string) => shopify.api.session.getOfflineId(shop);
  const loadRow = (shop: string) => db.shopifySession.findUnique({ where: { id: idOf(shop) } });

  async function markNeedsReauth(shop: string, reason: string): Promise<void> {
    await db.shop.updateMany({ where: { domain: shop }, data: { needsReauthAt: new Date(now()), reauthReason: reason } });
    logger.warn({ shop, reason }, 'shop needs re-authentication');
  }

  /** Stores a session from token exchange or OAuth, and clears any "needs re-authentication". */
  async function store(session: Session): Promise<void> {
    const data = { ...sessionColumns(session), refreshLockedUntil: null, refreshLockOwner: null };
    await db.shopifySession.upsert({ where: { id: session.id }, create: { id: session.id, ...data }, update: data });
    await db.shop.updateMany({ where: { domain: session.shop }, data: { needsReauthAt: null, reauthReason: null } });
  }

  function needsRefresh(row: { expires: Date | null; accessToken: string }, rejected?: string): boolean {
    if (!row.expires) return true; // non-expiring: migrate
    if (rejected && row.accessToken === rejected) return true;
    return row.expires.getTime() - now() < marginMs;
  }

  /** An offline session whose access token is good for at least the margin. */
  async function freshSession(shop: string, options: FreshSessionOptions = {}): Promise<Session> {
    const row = await loadRow(shop);
    if (!row || !row.accessToken) throw new ReauthRequiredError(shop, 'no offline access token stored');
    if (!needsRefresh(row, options.rejectedAccessToken)) return sessionFromRow(row);
    // One refresh per shop in this process; other processes are held off by the lease.
    return refreshOnce(shop, () => refreshWithLease(shop, row.accessToken));
  }

  async function refreshWithLease(shop: string, staleToken: string): Promise<Session> {
    const deadline = now() + leaseMs + 10_000;
    for (;;) {
      const t = now();
      const claim = await db.shopifySession.updateMany({
        where: {
          id: idOf(shop),
          accessToken: staleToken,
          OR: [{ refreshLockedUntil: null }, { refreshLockedUntil: { lt: new Date(t) } }],
        },
        data: { refreshLockedUntil: new Date(t + leaseMs), refreshLockOwner: owner },
      });
      if (claim.count === 1) return refreshClaimed(shop, staleToken);
      // Someone else holds the lease, or already replaced the token: reread.
      const row = await loadRow(shop);
      if (!row) throw new ReauthRequiredError(shop, 'offline session deleted (uninstalled?)');
      if (row.accessToken !== staleToken) return sessionFromRow(row);
      const reauth = await db.shop.findUnique({ where: { domain: shop }, select: { needsReauthAt: true, reauthReason: true } });
      if (reauth?.needsReauthAt && reauth.needsReauthAt.getTime() >= t - leaseMs) {
        throw new ReauthRequiredError(shop, reauth.reauthReason ?? 'token refresh refused');
      }
      if (now() > deadline) throw new WaymarkError(`timed out waiting for another process to refresh ${shop}'s token`);
      await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
    }
  }

  async function refreshClaimed(shop: string, staleToken: string): Promise<Session> {
    const row = await loadRow(shop);
    const release = () =>
      db.shopifySession.updateMany({ where: { id: idOf(shop), refreshLockOwner: owner }, data: { refreshLockedUntil: null, refreshLockOwner: null } });
    try {
      if (!row) throw new ReauthRequiredError(shop, 'offline session deleted (uninstalled?)');
      let session: Session;
      if (!row.expires) {
        ({ session } = await shopify.api.auth.migrateToExpiringToken({ shop, nonExpiringOfflineAccessToken: row.accessToken }));
        logger.info({ shop }, 'migrated a non-expiring offline token to an expiring one');
      } else {
        if (!row.refreshToken) throw new ReauthRequiredError(shop, 'expiring token without a refresh token');
        if (row.refreshTokenExpires && row.refreshTokenExpires.getTime() <= now()) {
          throw new ReauthRequiredError(shop, 'refresh token expired');
        }
        ({ session } = await shopify.api.auth.refreshToken({ shop, refreshToken: row.refreshToken }));
      }
      // The new pair and the lease's release in one statement.
      const data = { ...sessionColumns(session), refreshLockedUntil: null, refreshLockOwner: null };
      await db.shopifySession.update({ where: { id: idOf(shop) }, data });
      logger.info({ shop, expires: session.expires }, 'offline token refreshed');
      return session;
    } catch (error) {
      await release().catch(() => {});
      const status = shopifyHttpStatus(error);
      const refused = status !== undefined && status >= 400 && status < 500 && status !== 429;
      if (refused || error instanceof ReauthRequiredError) {
        // Did another process refresh meanwhile (our lease had lapsed)? Then use its token.
        const current = await loadRow(shop);
        if (current && current.accessToken !== staleToken) return sessionFromRow(current);
        const reason = error instanceof ReauthRequiredError ? error.reason : `Shopify refused the token refresh (${status})`;
        await markNeedsReauth(shop, reason);
        throw error instanceof ReauthRequiredError ? error : new ReauthRequiredError(shop, reason);
      }
      throw error;
    }
  }

  return { freshSession, store, markNeedsReauth };
}

export type OfflineTokens = ReturnType<typeof createOfflineTokens>;
