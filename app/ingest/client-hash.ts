import { createHmac } from 'node:crypto';

/** HMAC-SHA256 of the browser's client id with the shop's secret salt: stable per shop, unlinkable across shops. */
export function hashClientId(salt: string, clientId: string): string {
  return createHmac('sha256', salt).update(clientId).digest('hex').slice(0, 32);
}
