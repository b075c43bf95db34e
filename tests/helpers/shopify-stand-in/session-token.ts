/**
 * Session tokens (App Bridge "id tokens"): HS256 JWTs signed with the app's secret.
 * Claims as Shopify documents them: iss `https://<shop>/admin`, dest `https://<shop>`,
 * aud the app's API key (client id), sub the staff user id, exp / nbf / iat in seconds,
 * jti unique, sid the admin session id. Lifetime is one minute in Shopify.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export interface SessionTokenOptions {
  /** sub claim; default '1' */
  userId?: string | number;
  /** exp = iat + this; default 60. Negative for an already-expired token. */
  expiresInSec?: number;
  /** sign with this instead of the app secret (forgery) */
  secret?: string;
  /** aud claim; default the app's API key */
  aud?: string;
  /** dest claim; default `https://<shop>` */
  dest?: string;
  /** iss claim; default `https://<shop>/admin` */
  iss?: string;
  /** iat in seconds since the epoch; default now */
  iat?: number;
  /** nbf in seconds since the epoch; default iat */
  nbf?: number;
  sid?: string;
  jti?: string;
  /** header alg; default HS256 (the signature is always HMAC-SHA256: a lie here is a forgery) */
  alg?: string;
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');

export function mintSessionToken(shop: string, apiKey: string, apiSecret: string, opts: SessionTokenOptions = {}): string {
  const iat = opts.iat ?? Math.floor(Date.now() / 1000);
  const payload = {
    iss: opts.iss ?? `https://${shop}/admin`,
    dest: opts.dest ?? `https://${shop}`,
    aud: opts.aud ?? apiKey,
    sub: String(opts.userId ?? '1'),
    exp: iat + (opts.expiresInSec ?? 60),
    nbf: opts.nbf ?? iat,
    iat,
    jti: opts.jti ?? randomUUID(),
    sid: opts.sid ?? randomUUID().replace(/-/g, ''),
  };
  const signingInput = `${b64url(JSON.stringify({ alg: opts.alg ?? 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  const sig = createHmac('sha256', opts.secret ?? apiSecret).update(signingInput).digest();
  return `${signingInput}.${b64url(sig)}`;
}

export type SessionTokenVerdict =
  | { ok: true; claims: Record<string, unknown> & { dest: string; aud: string; exp: number } }
  | { ok: false; reason: string };

/** How the stand-in's token endpoint checks a subject token: as Shopify would, with no leeway beyond `leewaySec`. */
export function verifySessionToken(token: string, apiKey: string, apiSecret: string, nowSec: number, leewaySec = 5): SessionTokenVerdict {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a JWT' };
  let header: any;
  let claims: any;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed JWT' };
  }
  if (header?.alg !== 'HS256') return { ok: false, reason: 'unsupported alg' };
  const expected = createHmac('sha256', apiSecret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature mismatch' };
  if (typeof claims?.exp !== 'number' || claims.exp + leewaySec < nowSec) return { ok: false, reason: 'expired' };
  if (typeof claims.nbf === 'number' && claims.nbf - leewaySec > nowSec) return { ok: false, reason: 'not yet valid' };
  if (claims.aud !== apiKey) return { ok: false, reason: 'audience mismatch' };
  if (typeof claims.dest !== 'string') return { ok: false, reason: 'no dest' };
  return { ok: true, claims };
}
