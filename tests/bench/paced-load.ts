/**
 * Open-loop HTTP/1.1 load at a fixed rate on raw keep-alive sockets, for latency figures.
 *
 * Every request is written out before the run (a prebuilt buffer per request), so sending
 * one costs the generator a socket write and reading one a header scan: the generator,
 * which shares the machine's cores with the server, stays out of the way of what it
 * measures. Request i is due at start + i / rate whether or not earlier answers came back
 * (open loop); when every connection is busy it waits for one. Two latencies are kept:
 * from the moment the request was written to the last byte of its answer, and from the
 * moment it was due, which also counts any wait for the generator or for a free connection
 * (the figure that does not hide a stalled server behind fewer requests sent, "coordinated
 * omission"). Answers must carry Content-Length (no chunked bodies). Bounded in count and time.
 */
import net from 'node:net';

export interface PacedLoadResult {
  /** requests answered */
  requests: number;
  /** network errors, timeouts and 5xx answers */
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  /** written → last byte of the answer, ms */
  latenciesMs: Float64Array;
  /** due → last byte of the answer, ms (includes any wait before it could be written) */
  fromDueMs: Float64Array;
  /** the server's own time per request, from a `Server-Timing: app;dur=…` header when sent */
  serverMs: Float64Array;
  /** for each answer (same order as the latencies): the request's index, so its due time is index / rate */
  requestIndex: Uint32Array;
}

interface Conn {
  socket: net.Socket;
  /** index of the request in flight on this connection, or -1 */
  current: number;
  sentAt: number;
  pending: Buffer | null;
}

const HEADER_END = Buffer.from('\r\n\r\n');

export async function runPacedLoad(opts: {
  /** e.g. http://127.0.0.1:4321 */
  origin: string;
  /** path (with query) of each request, sent in this order; their number sets the run's length */
  paths: string[];
  ratePerSec: number;
  /** keep-alive connections (the most requests in flight at once) */
  connections: number;
  /** the run ends this long after the last request was due; what is unanswered then counts as an error (default 10 s) */
  timeoutMs?: number;
}): Promise<PacedLoadResult> {
  const { hostname, port, host } = new URL(opts.origin);
  const requests = opts.paths.map((p) => Buffer.from(`GET ${p} HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n`, 'latin1'));
  const n = requests.length;
  const interval = 1000 / opts.ratePerSec;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const answers = new Answers(n);
  let settled = 0;
  const backlog: number[] = [];
  let backlogHead = 0;
  const idle: Conn[] = [];
  const conns: Conn[] = [];
  let started = 0;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));

  const settle = () => {
    if (++settled === n) done();
  };

  function send(conn: Conn, i: number) {
    conn.current = i;
    conn.sentAt = performance.now();
    conn.socket.write(requests[i]);
  }

  function release(conn: Conn) {
    conn.current = -1;
    if (backlogHead < backlog.length) send(conn, backlog[backlogHead++]);
    else idle.push(conn);
  }

  function dispatch(i: number) {
    const conn = idle.pop();
    if (conn) send(conn, i);
    else backlog.push(i);
  }

  function onAnswer(conn: Conn, status: number, serverTiming: string | undefined) {
    const i = conn.current;
    answers.record(i, conn.sentAt, started + i * interval, status, serverTiming);
    settle();
    release(conn);
  }

  function open(): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: hostname, port: Number(port) });
      socket.setNoDelay(true);
      const conn: Conn = { socket, current: -1, sentAt: 0, pending: null };
      conns.push(conn);
      socket.once('connect', () => resolve(conn));
      // Before the connection: the run cannot start. After it: 'close' follows and counts it.
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        conn.pending = conn.pending ? Buffer.concat([conn.pending, chunk]) : chunk;
        readAnswers(conn, onAnswer);
      });
      socket.on('close', () => {
        const i = conn.current;
        if (i >= 0 && settled < n) {
          answers.fail('network', 1);
          settle();
        }
        conn.current = -1;
        // Replace a connection the server closed, unless the run is over.
        if (settled < n) {
          const at = idle.indexOf(conn);
          if (at >= 0) idle.splice(at, 1);
          open().then(release, () => {});
        }
      });
    });
  }

  for (let c = 0; c < opts.connections; c++) idle.push(await open());

  started = performance.now();
  let next = 0;
  const tick = () => {
    const now = performance.now();
    while (next < n && started + next * interval <= now) dispatch(next++);
    if (next < n) setTimeout(tick, Math.max(0, started + next * interval - performance.now()));
  };
  tick();
  const deadline = setTimeout(
    () => {
      // Whatever is still unanswered is an error.
      answers.fail('timeout', n - settled);
      done();
    },
    n * interval + timeoutMs,
  );
  await finished;
  clearTimeout(deadline);
  const seconds = (performance.now() - started) / 1000;
  settled = n; // stops reconnects
  for (const c of conns) c.socket.destroy();
  return answers.result(seconds);
}

/** The figures of a run's answers, in the order they arrive, and its failures. */
class Answers {
  private readonly latencies: Float64Array;
  private readonly fromDue: Float64Array;
  private readonly server: Float64Array;
  private readonly order: Uint32Array;
  private count = 0;
  private serverCount = 0;
  private errors = 0;
  private readonly statuses: Record<string, number> = {};

  constructor(n: number) {
    this.latencies = new Float64Array(n);
    this.fromDue = new Float64Array(n);
    this.server = new Float64Array(n);
    this.order = new Uint32Array(n);
  }

  /** Request `i`'s answer, complete now: written at `sentAt`, due at `dueAt`. */
  record(i: number, sentAt: number, dueAt: number, status: number, serverTiming: string | undefined): void {
    const now = performance.now();
    this.latencies[this.count] = now - sentAt;
    this.fromDue[this.count] = now - dueAt;
    this.order[this.count] = i;
    this.count++;
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    if (status >= 500) this.errors++;
    const timing = serverTiming ? /app;dur=([\d.]+)/.exec(serverTiming) : null;
    if (timing) this.server[this.serverCount++] = Number(timing[1]);
  }

  /** `count` requests that got no answer: their connection closed (network) or the run ended (timeout). */
  fail(kind: 'network' | 'timeout', count: number): void {
    this.errors += count;
    this.statuses[kind] = (this.statuses[kind] ?? 0) + count;
  }

  result(seconds: number): PacedLoadResult {
    return {
      requests: this.count,
      errors: this.errors,
      statuses: this.statuses,
      seconds,
      latenciesMs: this.latencies.slice(0, this.count),
      fromDueMs: this.fromDue.slice(0, this.count),
      serverMs: this.server.slice(0, this.serverCount),
      requestIndex: this.order.slice(0, this.count),
    };
  }
}

/** Reads as many whole answers as `conn.pending` holds, handing each to `onAnswer`. */
function readAnswers(conn: Conn, onAnswer: (conn: Conn, status: number, serverTiming: string | undefined) => void): void {
  while (conn.pending && conn.current >= 0) {
    const buf = conn.pending;
    const end = buf.indexOf(HEADER_END);
    if (end < 0) return;
    const head = buf.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) throw new Error(`answer without Content-Length: ${head.split('\r\n')[0]}`);
    const total = end + 4 + Number(length[1]);
    if (buf.length < total) return;
    conn.pending = buf.length > total ? buf.subarray(total) : null;
    onAnswer(conn, status, /\r\nserver-timing:\s*([^\r]*)/i.exec(head)?.[1]);
  }
}

/**
 * Groups the slow answers (at least `slowMs`) of a paced run by when they were due: answers
 * due within `joinMs` of each other form one cluster. Clusters of at least `minSize` answers
 * are stalls that held up several requests at once; the median time between their starts
 * tells a periodic stall (a timer, a GC, the machine) from scattered slow requests.
 */
export function slowClusters(load: PacedLoadResult, ratePerSec: number, opts: { slowMs?: number; joinMs?: number; minSize?: number } = {}) {
  const slowMs = opts.slowMs ?? 2;
  const joinMs = opts.joinMs ?? 25;
  const minSize = opts.minSize ?? 3;
  const due: number[] = [];
  for (let k = 0; k < load.requests; k++) if (load.latenciesMs[k] >= slowMs) due.push((load.requestIndex[k] * 1000) / ratePerSec);
  due.sort((a, b) => a - b);
  const clusters: Array<{ startMs: number; size: number }> = [];
  let last = -Infinity;
  for (const t of due) {
    if (t - last > joinMs) clusters.push({ startMs: t, size: 0 });
    clusters[clusters.length - 1].size++;
    last = t;
  }
  const big = clusters.filter((c) => c.size >= minSize);
  const gaps = big.slice(1).map((c, j) => c.startMs - big[j].startMs).sort((a, b) => a - b);
  return {
    slowAnswers: due.length,
    clusters: big.length,
    inClusters: big.reduce((a, c) => a + c.size, 0),
    medianGapMs: gaps.length ? Math.round(gaps[Math.floor(gaps.length / 2)]) : null,
  };
}

/**
 * The same load, generated by a fresh Node process (tests/bench/paced-load-child.ts) that does
 * nothing else: a benchmark that seeded and trained a store in its own process would
 * otherwise bring that heap, and its GC pauses, into the generator. Also returns the
 * generator process's CPU time.
 */
export async function runPacedLoadInChild(opts: { origin: string; paths: string[]; ratePerSec: number; connections: number }): Promise<PacedLoadResult & { cpuMs: number }> {
  const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { spawn } = await import('node:child_process');
  const dir = mkdtempSync(join(tmpdir(), 'waymark-paced-'));
  try {
    const pathsFile = join(dir, 'paths.txt');
    const resultFile = join(dir, 'result.json');
    const jobFile = join(dir, 'job.json');
    writeFileSync(pathsFile, opts.paths.join('\n'));
    writeFileSync(jobFile, JSON.stringify({ origin: opts.origin, pathsFile, ratePerSec: opts.ratePerSec, connections: opts.connections, resultFile }));
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'paced-load-child.ts'), jobFile], { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`load generator exited with ${code}: ${stderr.slice(-2000)}`);
    const r = JSON.parse(readFileSync(resultFile, 'utf8'));
    return {
      ...r,
      latenciesMs: Float64Array.from(r.latenciesMs),
      fromDueMs: Float64Array.from(r.fromDueMs),
      serverMs: Float64Array.from(r.serverMs),
      requestIndex: Uint32Array.from(r.requestIndex),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
