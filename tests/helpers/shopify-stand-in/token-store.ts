/**
 * Every access and refresh token the stand-in has issued, per shop, in memory.
 * Expiring offline access tokens come with a refresh token; refreshing rotates both and
 * spends the old refresh token. Non-expiring offline tokens are the pre-2026 kind.
 */
import { randomBytes } from 'node:crypto';

export interface AccessTokenRecord {
  token: string;
  shop: string;
  kind: 'expiring' | 'non-expiring';
  via: 'token-exchange' | 'refresh' | 'migration' | 'seeded';
  issuedAt: number;
  /** ms since the epoch; null for non-expiring */
  expiresAt: number | null;
  revoked: boolean;
}

export interface RefreshTokenRecord {
  token: string;
  shop: string;
  issuedAt: number;
  expiresAt: number;
  /** set when it was exchanged; a spent refresh token is refused */
  usedAt: number | null;
  revoked: boolean;
  /** the access token issued with it */
  accessToken: string;
}

export type AccessCheck = { ok: true; record: AccessTokenRecord } | { ok: false; reason: 'unknown' | 'other-shop' | 'expired' | 'revoked' | 'non-expiring-rejected' };

export interface TokenLifetimes {
  tokenLifetimeSec: number;
  refreshTokenLifetimeSec: number;
}

const secret = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

export function createTokenStore(lifetimes: () => TokenLifetimes) {
  const access = new Map<string, AccessTokenRecord>();
  const refresh = new Map<string, RefreshTokenRecord>();

  function issueNonExpiring(shop: string, now: number, via: AccessTokenRecord['via'] = 'token-exchange'): AccessTokenRecord {
    const record: AccessTokenRecord = { token: secret('shpat_'), shop, kind: 'non-expiring', via, issuedAt: now, expiresAt: null, revoked: false };
    access.set(record.token, record);
    return record;
  }

  function issueExpiring(shop: string, now: number, via: AccessTokenRecord['via']): { access: AccessTokenRecord; refresh: RefreshTokenRecord } {
    const { tokenLifetimeSec, refreshTokenLifetimeSec } = lifetimes();
    const a: AccessTokenRecord = {
      token: secret('shpat_'), shop, kind: 'expiring', via, issuedAt: now, expiresAt: now + tokenLifetimeSec * 1000, revoked: false,
    };
    const r: RefreshTokenRecord = {
      token: secret('shprt_'), shop, issuedAt: now, expiresAt: now + refreshTokenLifetimeSec * 1000, usedAt: null, revoked: false, accessToken: a.token,
    };
    access.set(a.token, a);
    refresh.set(r.token, r);
    return { access: a, refresh: r };
  }

  function checkAccess(shop: string, token: string | undefined, now: number, rejectNonExpiring: boolean): AccessCheck {
    const record = token ? access.get(token) : undefined;
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.shop !== shop) return { ok: false, reason: 'other-shop' };
    if (record.revoked) return { ok: false, reason: 'revoked' };
    if (record.expiresAt !== null && record.expiresAt <= now) return { ok: false, reason: 'expired' };
    if (record.kind === 'non-expiring' && rejectNonExpiring) return { ok: false, reason: 'non-expiring-rejected' };
    return { ok: true, record };
  }

  return {
    access,
    refresh,
    issueNonExpiring,
    issueExpiring,
    checkAccess,
    forShop(shop: string) {
      return {
        accessTokens: [...access.values()].filter((t) => t.shop === shop),
        refreshTokens: [...refresh.values()].filter((t) => t.shop === shop),
      };
    },
    /** Make every access token of the shop expired now (refresh tokens too when asked). */
    expire(shop: string, now: number, opts: { refreshTokens?: boolean } = {}) {
      for (const t of access.values()) if (t.shop === shop) t.expiresAt = Math.min(t.expiresAt ?? now, now);
      if (opts.refreshTokens) for (const t of refresh.values()) if (t.shop === shop) t.expiresAt = Math.min(t.expiresAt, now);
    },
    /** Revoke everything the shop has (as an uninstall does). */
    revoke(shop: string) {
      for (const t of access.values()) if (t.shop === shop) t.revoked = true;
      for (const t of refresh.values()) if (t.shop === shop) t.revoked = true;
    },
  };
}

export type TokenStore = ReturnType<typeof createTokenStore>;
