/**
 * Structured logging (pino) with redaction: secrets, tokens, cookies and raw client ids
 * never reach the logs.
 */
import { pino, type Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-shopify-hmac-sha256"]',
  'headers.authorization',
  'headers.cookie',
  '*.accessToken',
  '*.apiSecret',
  '*.apiSecretKey',
  '*.salt',
  '*.password',
  '*.token',
  '*.clientId',
  'accessToken',
  'apiSecret',
  'salt',
  'clientId',
  'token',
];

export function createLogger(level: string = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { app: 'waymark' },
    },
    destination as never,
  );
}

export type { Logger };
