import type { IncomingMessage } from 'node:http';
import type { Config } from '../config';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** True when the request comes from this machine (the only place the local dev bypass answers). */
export function isLoopback(req: IncomingMessage): boolean {
  return LOOPBACK.test(req.socket.remoteAddress ?? '');
}

/**
 * Without real credentials the app signs and verifies with the public local secret
 * (app/config.ts LOCAL_API_SECRET): anyone can make a valid webhook HMAC, app proxy
 * signature or session token with it. Such requests are then accepted from loopback only.
 */
export function refusesLocalSecretFrom(config: Config, req: IncomingMessage): boolean {
  return !config.shopify.hasRealCredentials && !isLoopback(req);
}
