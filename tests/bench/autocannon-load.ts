/**
 * Closed-loop HTTP load through autocannon, for a server's throughput ceiling: raw
 * keep-alive sockets and pre-parsed responses cost the generator far less CPU per request
 * than Node's fetch, which matters when generator and server share 2 cores. Not used for
 * paced (open-loop) latency: autocannon's rate limit lets each connection send its whole
 * per-second quota at the start of every second, so latencies would measure its bursts.
 * Its histogram has whole-millisecond resolution.
 */
import autocannon from 'autocannon';

export interface AutocannonLoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  achievedRatePerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export async function runAutocannon(opts: {
  /** origin, e.g. http://127.0.0.1:4321 */
  origin: string;
  /** builds the path (with query) of each request */
  path: (i: number) => string;
  seconds: number;
  connections?: number;
}): Promise<AutocannonLoadResult> {
  let i = 0;
  const result = await autocannon({
    url: opts.origin,
    connections: opts.connections ?? 16,
    duration: opts.seconds,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: opts.path(i++) }) }],
  });
  return {
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: result.duration,
    achievedRatePerSec: Math.round(result.requests.total / result.duration),
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
  };
}
