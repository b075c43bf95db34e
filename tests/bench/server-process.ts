/**
 * Starts the real server (app/cli/serve.ts) as a child process on a free loopback port, so
 * a benchmark's load generator and the server do not share a CPU core's event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../app/server';
import { freePort } from '../helpers/free-port';
import { processCpu, processRssBytes } from './proc-cpu';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** user+system CPU seconds used by the server process so far (Linux /proc) */
  cpuSeconds(): number;
  rssBytes(): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /**
   * The server's event-loop delay since the last call (or start), when started with
   * `loopDelay: true` (./loop-delay-probe.ts); undefined otherwise.
   */
  loopDelay(): Promise<LoopDelay | undefined>;
}

export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export async function startServerProcess(
  env: Record<string, string>,
  /** the entry point, relative to the repository; default the production server */
  entry = 'app/cli/serve.ts',
  opts: { loopDelay?: boolean } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const delayFile = opts.loopDelay ? join(mkdtempSync(join(tmpdir(), 'waymark-loop-')), 'delay.json') : undefined;
  const probe = delayFile ? ['--import', join(import.meta.dirname, 'loop-delay-probe.ts')] : [];
  const child = spawn(process.execPath, [...(process.env.WAYMARK_BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', ...probe, join(REPO_ROOT, entry)], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...env, PORT: String(port), ...(delayFile ? { WAYMARK_LOOP_DELAY_FILE: delayFile } : {}) },
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
  return {
    url,
    child,
    async loopDelay() {
      if (!delayFile || child.exitCode !== null) return undefined;
      const read = () => (existsSync(delayFile) ? (JSON.parse(readFileSync(delayFile, 'utf8')) as LoopDelay & { at: number }) : undefined);
      const before = read()?.at;
      child.kill('SIGUSR2');
      for (let i = 0; i < 100; i++) {
        await new Promise((r) => setTimeout(r, 20));
        const now = read();
        if (now && now.at !== before) return { p50Ms: now.p50Ms, p99Ms: now.p99Ms, p999Ms: now.p999Ms, maxMs: now.maxMs };
      }
      return undefined;
    },
    cpuSeconds() {
      return processCpu(child.pid!).selfSeconds;
    },
    rssBytes() {
      return processRssBytes(child.pid!);
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
