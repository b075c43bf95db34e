/**
 * Starts the real server (app/cli/serve.ts) as a child process on a free loopback port, so
 * a benchmark's load generator and the server do not share a CPU core's event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../../app/server';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** user+system CPU seconds used by the server process so far (Linux /proc) */
  cpuSeconds(): number;
  rssBytes(): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServerProcess(
  env: Record<string, string>,
  /** the entry point, relative to the repository; default the production server */
  entry = 'app/cli/serve.ts',
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...(process.env.WAYMARK_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', join(REPO_ROOT, entry)], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  // Never leave a server behind when the parent dies first (a timed-out test, Ctrl-C).
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr.slice(-2000)}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start in 60 s: ${stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const stat = () => readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return {
    url,
    child,
    cpuSeconds() {
      const f = stat();
      return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, clock ticks (100/s)
    },
    rssBytes() {
      return Number(stat()[21]) * 4096;
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill(signal);
      });
    },
  };
}
