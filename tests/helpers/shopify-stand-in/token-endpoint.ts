/**
 * POST https://<shop>/admin/oauth/access_token: token exchange (session token → offline
 * access token, expiring or not), migration (non-expiring offline token → expiring pair)
 * and the refresh grant (rotating). Errors in the OAuth shape `{error, error_description}`.
 */
import { verifySessionToken } from './session-token';
import type { AccessTokenRecord, RefreshTokenRecord, TokenStore } from './token-store';

export const GRANT_TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const GRANT_REFRESH = 'refresh_token';
export const TOKEN_TYPE_ID = 'urn:ietf:params:oauth:token-type:id_token';
export const TOKEN_TYPE_OFFLINE = 'urn:shopify:params:oauth:token-type:offline-access-token';
export const TOKEN_TYPE_ONLINE = 'urn:shopify:params:oauth:token-type:online-access-token';

export interface TokenEndpointDeps {
  apiKey: string;
  apiSecret: string;
  scopes: () => string;
  store: TokenStore;
  now: () => number;
}

export interface EndpointAnswer {
  status: number;
  json: unknown;
  /** what the stand-in did, for the request log */
  note: string;
}

const fail = (status: number, error: string, description: string): EndpointAnswer => ({
  status,
  json: { error, error_description: description },
  note: error,
});

const isTrue = (v: unknown) => v === '1' || v === 1 || v === true || v === 'true';

function expiringAnswer(pair: { access: AccessTokenRecord; refresh: RefreshTokenRecord }, scope: string, now: number, note: string): EndpointAnswer {
  return {
    status: 200,
    json: {
      access_token: pair.access.token,
      scope,
      expires_in: Math.round(((pair.access.expiresAt ?? now) - now) / 1000),
      refresh_token: pair.refresh.token,
      refresh_token_expires_in: Math.round((pair.refresh.expiresAt - now) / 1000),
    },
    note,
  };
}

export function answerTokenRequest(deps: TokenEndpointDeps, shop: string, body: Record<string, unknown>): EndpointAnswer {
  const now = deps.now();
  if (body.client_id !== deps.apiKey || body.client_secret !== deps.apiSecret) {
    return fail(401, 'invalid_client', 'Client authentication failed: unknown client_id or wrong client_secret.');
  }
  const grant = body.grant_type;
  if (grant === GRANT_REFRESH) return refreshGrant(deps, shop, String(body.refresh_token ?? ''), now);
  if (grant !== GRANT_TOKEN_EXCHANGE) return fail(400, 'unsupported_grant_type', `grant_type ${JSON.stringify(grant)} is not supported.`);

  if (body.requested_token_type !== TOKEN_TYPE_OFFLINE) {
    return fail(400, 'invalid_request', 'requested_token_type must be the offline access token type (the stand-in models offline tokens only).');
  }
  const subject = typeof body.subject_token === 'string' ? body.subject_token : '';
  if (!subject) return fail(400, 'missing_subject_token', 'subject_token is required.');

  if (body.subject_token_type === TOKEN_TYPE_OFFLINE) {
    // Migration: a non-expiring offline token of this shop becomes an expiring pair; the old token is revoked.
    const old = deps.store.access.get(subject);
    if (!old || old.shop !== shop || old.revoked || old.kind !== 'non-expiring') {
      return fail(400, 'invalid_subject_token', 'The subject token is not a valid non-expiring offline access token for this shop.');
    }
    if (!isTrue(body.expiring)) return fail(400, 'invalid_request', 'Migration requires expiring=1.');
    old.revoked = true;
    return expiringAnswer(deps.store.issueExpiring(shop, now, 'migration'), deps.scopes(), now, 'migrated');
  }
  if (body.subject_token_type !== TOKEN_TYPE_ID) {
    return fail(400, 'invalid_request', `subject_token_type ${JSON.stringify(body.subject_token_type)} is not supported.`);
  }
  const verdict = verifySessionToken(subject, deps.apiKey, deps.apiSecret, Math.floor(now / 1000));
  if (!verdict.ok) return fail(400, 'invalid_subject_token', `Session token is invalid: ${verdict.reason}.`);
  let destHost: string;
  try {
    destHost = new URL(verdict.claims.dest).host;
  } catch {
    return fail(400, 'invalid_subject_token', 'Session token dest is not a URL.');
  }
  if (destHost !== shop) return fail(400, 'invalid_subject_token', 'Session token was issued for another shop.');

  if (isTrue(body.expiring)) return expiringAnswer(deps.store.issueExpiring(shop, now, 'token-exchange'), deps.scopes(), now, 'exchanged:expiring');
  const record = deps.store.issueNonExpiring(shop, now);
  return { status: 200, json: { access_token: record.token, scope: deps.scopes() }, note: 'exchanged:non-expiring' };
}

function refreshGrant(deps: TokenEndpointDeps, shop: string, token: string, now: number): EndpointAnswer {
  const record = deps.store.refresh.get(token);
  if (!record || record.shop !== shop) return fail(400, 'invalid_grant', 'The refresh token is invalid.');
  if (record.revoked) return fail(400, 'invalid_grant', 'The refresh token has been revoked.');
  if (record.usedAt !== null) return fail(400, 'invalid_grant', 'The refresh token has already been used.');
  if (record.expiresAt <= now) return fail(400, 'invalid_grant', 'The refresh token has expired.');
  record.usedAt = now;
  return expiringAnswer(deps.store.issueExpiring(shop, now, 'refresh'), deps.scopes(), now, 'refreshed');
}
