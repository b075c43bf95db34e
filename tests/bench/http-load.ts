/**
 * A small HTTP load generator for loopback benchmarks: `concurrency` workers each send a
 * request, wait for the answer, and send the next, for `seconds` (closed loop), or paced at
 * `ratePerSec` across all workers (open loop). Records every request's latency, and the
 * server's own time when it sends `Server-Timing`. Bounded in count and time.
 */
import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  latenciesMs: Float64Array;
  /** the server's own time per request, from a `Server-Timing: app;dur=…` header when sent */
  serverMs: Float64Array;
}

export async function runLoad(opts: {
  concurrency: number;
  seconds: number;
  maxRequests?: number;
  /** builds request i */
  request: (i: number) => { url: string; init?: RequestInit };
  /** optional: open-loop pacing, requests per second across all workers */
  ratePerSec?: number;
  /**
   * 'fetch' (default) or 'http': node:http GETs on a keep-alive agent, which costs the
   * generator much less CPU per request (what matters when it shares 2 cores with the server).
   */
  client?: 'fetch' | 'http';
  /** called with every answer (request index, status, body text), e.g. to record what was acknowledged */
  onAnswer?: (i: number, status: number, body: string) => void;
}): Promise<LoadResult> {
  const lat: number[] = [];
  const server: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let next = 0;
  const max = opts.maxRequests ?? Infinity;
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  const interval = opts.ratePerSec ? 1000 / opts.ratePerSec : 0;

  async function worker() {
    while (performance.now() < deadline && next < max) {
      const i = next++;
      if (interval) {
        const due = started + i * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const { url, init } = opts.request(i);
      const t0 = performance.now();
      try {
        const res = opts.client === 'http' ? await httpRequest(url, httpInit(init)) : await fetchOnce(url, init);
        opts.onAnswer?.(i, res.status, res.text);
        const timing = /app;dur=([\d.]+)/.exec(res.serverTiming ?? '');
        if (timing) server.push(Number(timing[1]));
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status >= 500) errors++;
      } catch {
        errors++;
        statuses.network = (statuses.network ?? 0) + 1;
      }
      lat.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return { requests: lat.length, errors, statuses, seconds: (performance.now() - started) / 1000, latenciesMs: Float64Array.from(lat), serverMs: Float64Array.from(server) };
}

interface Answer {
  status: number;
  serverTiming: string | undefined;
}

async function fetchOnce(url: string, init?: RequestInit): Promise<HttpAnswer> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, text, serverTiming: res.headers.get('server-timing') ?? undefined };
}

/** The parts of a fetch RequestInit node:http sends: method, string headers, string body. */
function httpInit(init?: RequestInit): Parameters<typeof httpRequest>[1] {
  if (!init) return {};
  return { method: init.method, headers: init.headers as Record<string, string> | undefined, body: typeof init.body === 'string' ? init.body : undefined };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface HttpAnswer extends Answer {
  text: string;
}

/**
 * One request through node:http on a shared keep-alive agent: the cheap client for load
 * generators. Resolves with the status and body text; rejects on network errors or timeout.
 */
export function httpRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, method: init.method ?? 'GET', headers: init.headers, timeout: init.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const timing = res.headers['server-timing'];
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          serverTiming: Array.isArray(timing) ? timing.join(',') : timing,
        });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A figure rounded to two decimals, as the bench reports print them. */
export function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function percentile(values: Float64Array, q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
