/**
 * The open-loop load generator of the latency benchmarks, against small raw TCP servers
 * that answer in awkward ways: answers split across packets, several answers in one
 * packet's worth of bytes, connections closed by the server, requests never answered.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runPacedLoad, runPacedLoadInChild, slowClusters } from './paced-load';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server that calls `onRequest` for every request line it reads (one GET per request, no body). */
async function rawServer(onRequest: (socket: net.Socket, path: string, nth: number) => void): Promise<string> {
  let nth = 0;
  const server = net.createServer((socket) => {
    let buffered = '';
    socket.on('data', (d) => {
      buffered += d.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\r\n\r\n')) >= 0) {
        const head = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        onRequest(socket, head.split(' ')[1], nth++);
      }
    });
    socket.on('error', () => {});
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function answer(body: string, extra = ''): string {
  return `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
}

describe('runPacedLoad', () => {
  it('sends every request at its due time, reads answers split across packets, and keeps the server timing', async () => {
    const seen: string[] = [];
    const origin = await rawServer((socket, path, nth) => {
      seen.push(path);
      const text = answer(JSON.stringify({ path }), `Server-Timing: app;dur=${(nth % 7) / 10}\r\n`);
      if (nth % 3 === 0) {
        // Split inside the headers and again inside the body.
        socket.write(text.slice(0, 20));
        setTimeout(() => socket.write(text.slice(20, text.length - 3)), 2);
        setTimeout(() => socket.write(text.slice(text.length - 3)), 4);
      } else socket.write(text);
    });
    const paths = Array.from({ length: 200 }, (_, i) => `/r?i=${i}`);
    const t0 = performance.now();
    const r = await runPacedLoad({ origin, paths, ratePerSec: 400, connections: 4 });
    const took = performance.now() - t0;
    expect(r.requests).toBe(200);
    expect(r.errors).toBe(0);
    expect(r.statuses).toEqual({ 200: 200 });
    expect(new Set(seen)).toEqual(new Set(paths));
    // Paced: 200 requests at 400/s take about half a second, not the few ms a burst would.
    expect(took).toBeGreaterThan(450);
    expect(r.seconds).toBeGreaterThan(0.45);
    expect(r.serverMs.length).toBe(200);
    expect(Math.max(...r.serverMs)).toBeCloseTo(0.6, 5);
    // Every answer maps back to its request, and the wait from the due time includes the latency.
    expect(new Set(r.requestIndex)).toEqual(new Set(paths.map((_, i) => i)));
    for (let k = 0; k < r.requests; k++) expect(r.fromDueMs[k]).toBeGreaterThanOrEqual(r.latenciesMs[k] - 1e-6);
    // The split answers waited ~4 ms for their last bytes.
    expect(Math.max(...r.latenciesMs)).toBeGreaterThan(3);
  });

  it('replaces connections the server closes, counting the request that was lost', async () => {
    const origin = await rawServer((socket, _path, nth) => {
      if (nth === 10) {
        socket.destroy(); // drops request 10 unanswered
        return;
      }
      socket.write(answer('{}'));
      if (nth % 5 === 4) socket.end(); // a clean close after the answer
    });
    const r = await runPacedLoad({ origin, paths: Array.from({ length: 60 }, (_, i) => `/c?i=${i}`), ratePerSec: 300, connections: 2 });
    expect(r.requests).toBe(59);
    expect(r.errors).toBe(1);
    expect(r.statuses.network).toBe(1);
  });

  it('gives up on answers that never come, counting them as errors', async () => {
    const origin = await rawServer((socket, path) => {
      if (!path.endsWith('=3')) socket.write(answer('{}'));
    });
    const r = await runPacedLoad({ origin, paths: Array.from({ length: 6 }, (_, i) => `/t?i=${i}`), ratePerSec: 100, connections: 8, timeoutMs: 300 });
    expect(r.requests).toBe(5);
    expect(r.errors).toBe(1);
    expect(r.statuses.timeout).toBe(1);
  });

  it('runs the same load from a process of its own, and reports that process\'s CPU time', async () => {
    const origin = await rawServer((socket, path) => socket.write(answer(JSON.stringify({ path }), 'Server-Timing: app;dur=0.25\r\n')));
    const paths = Array.from({ length: 40 }, (_, i) => `/child?i=${i}`);
    const r = await runPacedLoadInChild({ origin, paths, ratePerSec: 200, connections: 2 });
    expect(r.requests).toBe(40);
    expect(r.errors).toBe(0);
    expect(r.latenciesMs).toBeInstanceOf(Float64Array);
    expect(Array.from(r.serverMs)).toEqual(Array(40).fill(0.25));
    expect(new Set(r.requestIndex)).toEqual(new Set(paths.map((_, i) => i)));
    expect(r.seconds).toBeGreaterThan(0.19);
    expect(r.cpuMs).toBeGreaterThan(0);
  });

  it('finds stalls: slow answers due together, and the time between them', () => {
    // 1,000 requests at 1,000/s; requests 100-104 and 600-605 were slow (two stalls 500 ms apart), 900 alone.
    const latencies = Array.from({ length: 1000 }, (_, i) => ((i >= 100 && i < 105) || (i >= 600 && i < 606) || i === 900 ? 6 : 0.3));
    const load = {
      requests: 1000,
      errors: 0,
      statuses: {},
      seconds: 1,
      latenciesMs: Float64Array.from(latencies),
      fromDueMs: Float64Array.from(latencies),
      serverMs: new Float64Array(0),
      requestIndex: Uint32Array.from(latencies.map((_, i) => i)),
    };
    expect(slowClusters(load, 1000)).toEqual({ slowAnswers: 12, clusters: 2, inClusters: 11, medianGapMs: 500 });
  });
});
