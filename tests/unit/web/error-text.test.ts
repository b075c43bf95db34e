/**
 * Errors in words for the merchant (web/src/error-text.ts), from ApiErrors parsed out of the
 * real server's problem answers (app/http/send-problem.ts, app/http/error-handler.ts, read
 * back by web/src/api.ts's apiErrorFrom) and from requests that got no answer.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler } from '../../../app/http/error-handler';
import { sendProblem } from '../../../app/http/send-problem';
import { createLogger } from '../../../app/logger';
import { createMetrics } from '../../../app/metrics';
import { invalidField, type Problem } from '../../../app/problem';
import { ApiError, apiErrorFrom, NetworkError, retryAfterSeconds } from '../../../web/src/api';
import { describeError, errorSentence, fieldWords, retryIn } from '../../../web/src/error-text';
import { setLocale } from '../../../web/src/i18n';

/** A server that answers each path with a problem the way Waymark's routes do. */
const PROBLEMS: Record<string, Problem> = {
  '/session': { code: 'unauthorized', message: 'invalid or expired session token' },
  '/segment': invalidField('device', 'Invalid option: expected one of "desktop"|"mobile"'),
  '/range': invalidField('from', 'range longer than 366 days'),
  '/pins': invalidField('merchandising.pins.3', 'product ids are numeric'),
  '/limit': invalidField('limit', 'Too big: expected number to be <=100'),
  '/exports': { code: 'rate_limited', message: 'too many exports of this shop; try again later', retryAfterSec: 30 },
  '/exports-hour': { code: 'rate_limited', message: 'too many exports of this shop; try again later', retryAfterSec: 3600 },
  '/running': { code: 'conflict', message: 'an export of this shop is already running; try again when it has finished' },
  '/gone': { code: 'not_found', message: 'no such data request' },
};

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.get('/boom', () => {
    throw new Error('database is locked');
  });
  app.get('/html', (_req, res) => void res.status(502).type('html').send('<html>Bad gateway</html>'));
  app.use((req, res, next) => (PROBLEMS[req.path] ? sendProblem(res, PROBLEMS[req.path]) : next()));
  app.use(createErrorHandler({ logger: createLogger('silent'), metrics: createMetrics() }));
  server = createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** What the admin page's api.ts makes of the server's answer to `path`. */
async function errorFor(path: string): Promise<ApiError> {
  const res = await fetch(`${base}${path}`);
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  return apiErrorFrom(res.status, res.statusText, body, res.headers.get('Retry-After'));
}

describe('ApiError from the server', () => {
  it('carries the problem code, the fields, Retry-After and the reference of a fault', async () => {
    const pins = await errorFor('/pins');
    expect([pins.status, pins.code, pins.field]).toEqual([400, 'invalid_input', 'merchandising.pins.3']);
    expect(pins.message).toBe('merchandising.pins.3: product ids are numeric');
    expect((await errorFor('/exports')).retryAfterSec).toBe(30);
    const fault = await errorFor('/boom');
    expect([fault.status, fault.code]).toEqual([500, 'internal']);
    expect(fault.reference).toMatch(/^[0-9a-f]{8}$/);
    const html = await errorFor('/html');
    expect([html.status, html.code, html.reference]).toEqual([502, 'internal', undefined]);
  });

  it('reads Retry-After as seconds or as a date to come', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterSeconds('45', now)).toBe(45);
    expect(retryAfterSeconds('Thu, 01 Jan 2026 00:02:00 GMT', now)).toBe(120);
    expect(retryAfterSeconds('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBeUndefined();
    expect(retryAfterSeconds(null, now)).toBeUndefined();
  });
});

describe('describeError (English)', () => {
  it('a lapsed session: reload the page to sign in again', async () => {
    const text = describeError(await errorFor('/session'));
    expect(text).toEqual({ what: 'Your session has expired.', todo: 'Reload the page to sign in again.', action: 'reload' });
  });

  it('too many requests: when to try again, from Retry-After', async () => {
    expect(describeError(await errorFor('/exports')).todo).toBe('Try again in 30 seconds.');
    expect(describeError(await errorFor('/exports-hour')).todo).toBe('Try again in 60 minutes.');
    expect(retryIn(1)).toBe('Try again in 1 second.');
    expect(describeError(new ApiError(429, 'slow down', { code: 'rate_limited' })).todo).toBe('Wait a minute, then try again.');
  });

  it('a fault of ours: data is safe, try again, and the reference to give support; never the raw message', async () => {
    const fault = await errorFor('/boom');
    const text = describeError(fault);
    expect(text.what).toBe('Something went wrong on our side; your data is safe.');
    expect(text.todo).toBe(`Try again in a minute; if it keeps happening, contact support (reference: ${fault.reference}).`);
    expect(text.details).toBeUndefined();
    expect(JSON.stringify(text)).not.toMatch(/internal error|database is locked/);
    expect(describeError(await errorFor('/html')).todo).toBe('Try again in a minute; if it keeps happening, contact support.');
    expect(describeError(new TypeError("Cannot read properties of undefined (reading 'x')")).what).toBe(text.what);
  });

  it('refused input names the field in words and what is allowed, with the server message as details', async () => {
    expect(describeError(await errorFor('/segment'))).toEqual({
      what: 'Waymark could not use the segment filter you chose.',
      todo: 'Choose one of the options in the segment menus, or clear the segments.',
      details: 'device: Invalid option: expected one of "desktop"|"mobile"',
      action: 'none',
    });
    const range = describeError(await errorFor('/range'));
    expect(range.what).toBe('Waymark could not use the date range you chose.');
    expect(range.todo).toContain('at most 366 days apart');
    expect(range.details).toBe('from: range longer than 366 days');
    expect(describeError(await errorFor('/pins')).todo).toBe('Pick up to 24 products from your catalog.');
    const unknown = describeError(await errorFor('/limit'));
    expect(unknown.what).toBe('Waymark could not use what was sent.');
    expect(unknown.details).toBe('limit: Too big: expected number to be <=100');
  });

  it('a conflict or a missing item keeps the server sentence as details', async () => {
    const running = describeError(await errorFor('/running'));
    expect(running.todo).toBe('Wait until it has finished, then try again.');
    expect(running.details).toContain('already running');
    expect(describeError(await errorFor('/gone'))).toMatchObject({ what: 'This item no longer exists.', action: 'reload' });
  });

  it('no answer at all: offline, unreachable, too slow', () => {
    expect(describeError(new NetworkError('offline'))).toEqual({ what: 'You seem to be offline.', todo: 'Check your connection, then try again.', action: 'retry' });
    expect(describeError(new NetworkError('unreachable')).what).toBe('Waymark could not be reached.');
    expect(describeError(new NetworkError('timeout')).what).toBe('Waymark took too long to answer.');
    expect(errorSentence(new NetworkError('offline'))).toBe('You seem to be offline. Check your connection, then try again.');
  });

  it('maps field paths by their longest known prefix', () => {
    expect(['from', 'to', 'landing', 'steps.2', 'merchandising.exclusions.0', 'merchandising', 'limit'].map(fieldWords)).toEqual(['range', 'range', 'segment', 'steps', 'exclusions', undefined, undefined]);
  });
});

describe('describeError in French and Japanese', () => {
  afterEach(() => setLocale('en', 'en-US'));

  it('speaks the page language, placeholders filled', async () => {
    const fault = await errorFor('/boom');
    await setLocale('fr', 'fr-FR');
    expect(describeError(await errorFor('/session')).todo).toBe('Rechargez la page pour vous reconnecter.');
    expect(describeError(fault).todo).toContain(`(référence : ${fault.reference})`);
    expect(describeError(await errorFor('/segment')).what).toBe("Waymark n'a pas pu utiliser ce qui a été choisi pour le filtre de segment.");
    expect(describeError(await errorFor('/exports')).todo).toBe('Réessayez dans 30 secondes.');
    await setLocale('ja', 'ja-JP');
    expect(describeError(await errorFor('/session')).what).toBe('セッションの有効期限が切れました。');
    expect(describeError(await errorFor('/exports')).todo).toBe('30 秒後にもう一度お試しください。');
    expect(describeError(fault).todo).toContain(fault.reference);
  });
});
