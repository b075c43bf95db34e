/** The one error handler: a fault answers 500 with a reference that is also in its log line; bad input answers without one. */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler, notFound } from '../../../../app/http/error-handler';
import { createLogger } from '../../../../app/logger';
import { createMetrics } from '../../../../app/metrics';

describe('createErrorHandler', () => {
  const logLines: string[] = [];
  const metrics = createMetrics();
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => logLines.push(...chunk.toString().split('\n').filter(Boolean)));
    const app = express();
    app.get('/boom', () => {
      throw new Error('secret detail of the fault');
    });
    app.post('/echo', express.json(), (req, res) => void res.json(req.body));
    app.use(notFound);
    app.use(createErrorHandler({ logger: createLogger('info', sink), metrics }));
    server = createServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('answers a fault with 500, a fresh reference and none of its details; the log line carries the same reference', async () => {
    const first = await fetch(`${url}/boom`);
    const second = await fetch(`${url}/boom`);
    expect(first.status).toBe(500);
    const a = (await first.json()) as { error: { code: string; message: string; reference: string } };
    const b = (await second.json()) as { error: { reference: string } };
    expect(a.error).toEqual({ code: 'internal', message: 'internal error', reference: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(b.error.reference).not.toBe(a.error.reference);
    expect(JSON.stringify(a)).not.toContain('secret detail');
    await new Promise((r) => setTimeout(r, 50));
    const logged = logLines.map((l) => JSON.parse(l) as { reference?: string; err?: { message: string } }).find((l) => l.reference === a.error.reference);
    expect(logged?.err?.message).toBe('secret detail of the fault');
    expect(metrics.snapshot().http_500).toBe(2);
  });

  it('answers bad input and unknown paths without a reference', async () => {
    const bad = await fetch(`${url}/echo`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: Record<string, unknown> }).error).not.toHaveProperty('reference');
    const missing = await fetch(`${url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'not found' } });
  });
});
