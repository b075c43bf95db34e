import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postEvents } from '../../../../../app/demo/cli/ingest-client';
import type { JourneyEvent } from '../../../../../app/api-contract/ingest';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(handler: (body: { shopKey: string; events: JourneyEvent[] }, req: IncomingMessage, n: number) => { status: number; body?: unknown; headers?: Record<string, string> }): Promise<string> {
  let n = 0;
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const out = handler(JSON.parse(data), req, n++);
      res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers });
      res.end(out.body === undefined ? undefined : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const events = (n: number, client = (i: number) => `c${Math.floor(i / 7)}`): JourneyEvent[] =>
  Array.from({ length: n }, (_, i) => ({ id: `e${i}`, name: 'page_viewed', ts: 1_700_000_000_000 + i, clientId: client(i), path: '/' }));

describe('postEvents', () => {
  it('batches, posts text/plain {shopKey, events}, counts accepted / rejected, handles 204', async () => {
    const seen: Array<{ type?: string; size: number; ua?: string }> = [];
    const url = await serve((body, req, n) => {
      seen.push({ type: req.headers['content-type'], size: body.events.length, ua: req.headers['user-agent'] });
      expect(body.shopKey).toBe('shop-key-123');
      if (n % 2 === 0) return { status: 204 };
      return { status: 200, body: { accepted: body.events.length - 1, rejected: [{ index: 0, field: 'ts', message: 'bad' }] } };
    });
    let progressCalls = 0;
    const res = await postEvents({ baseUrl: url, shopKey: 'shop-key-123', events: events(95), batchSize: 20, concurrency: 1, onProgress: () => progressCalls++ });
    expect(seen.map((s) => s.size)).toEqual([20, 20, 20, 20, 15]);
    expect(seen.every((s) => s.type?.startsWith('text/plain'))).toBe(true);
    expect(res.sent).toBe(95);
    expect(res.rejected).toBe(2);
    expect(res.accepted).toBe(93);
    expect(res.rejections[0]).toMatchObject({ index: 0, field: 'ts' });
    expect(progressCalls).toBe(5);
  });

  it('retries 429 and 5xx with backoff, gives up on other 4xx', async () => {
    const url = await serve((_body, _req, n) => (n === 0 ? { status: 429, headers: { 'retry-after': '0' } } : n === 1 ? { status: 503 } : n === 3 ? { status: 400, body: { error: 'nope' } } : { status: 204 }));
    const res = await postEvents({ baseUrl: url, shopKey: 'shop-key-123', events: events(40), batchSize: 10, concurrency: 1, backoffMs: 5 });
    expect(res.retries).toBe(2);
    expect(res.failed).toBe(10);
    expect(res.accepted).toBe(30);
    expect(res.errors[0]).toMatch(/HTTP 400/);
  });

  it('accepts async iterables; perClient + userAgent items give one browser per request', async () => {
    const seen: Array<{ clients: string[]; ua?: string }> = [];
    const url = await serve((body, req) => {
      seen.push({ clients: [...new Set(body.events.map((e) => e.clientId))], ua: req.headers['user-agent'] });
      return { status: 204 };
    });
    async function* items() {
      for (const e of events(30)) yield { event: e, userAgent: `UA-${e.clientId}` };
    }
    const res = await postEvents({ baseUrl: url, shopKey: 'shop-key-123', events: items(), batchSize: 20, concurrency: 3, perClient: true });
    expect(res.accepted).toBe(30);
    expect(seen.every((s) => s.clients.length === 1 && s.ua === `UA-${s.clients[0]}`)).toBe(true);
    expect(seen.length).toBe(5);
  });
});
