/**
 * The local queue's job hosts: long-lived `run-job --host` processes (app/cli/run-job.ts,
 * app/jobs/job-host-child.ts) that run the CPU-heavy jobs one at a time, away from the web
 * process's event loop.
 *
 * - Few: at most `size` hosts, so jobs from many shops wait their turn (first come, first
 *   served) instead of each starting a process of its own and together taking every core
 *   from the requests the web process serves.
 * - Kept warm: a host serves job after job, so a job costs its own work, not a process
 *   start-up; one idle for `idleMs` exits (its memory returns to the machine) and the next
 *   job starts another.
 * - Lower priority: each host runs at `niceness` (POSIX nice, 0–19), so the kernel gives the
 *   web process the CPU first when both want it.
 * - A host that dies (a crash, the OOM killer) fails the job in hand with its exit and
 *   stderr, and is replaced for the next job. Aborting a job fires its signal in the host;
 *   a host that has not answered `abortGraceMs` later is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import type { JobData } from './handlers';
import type { FollowUp } from './follow-ups';
import { ChildJobError, parseChildFailure } from './job-error';
import { runJobCommand } from './job-process';
import { JOB_HOST_FLAG, type FromHost, type ToHost } from './job-host-protocol';
import type { Config } from '../config';

/** Where a local queue runs its job processes: the database, and the mode configured at start-up. */
export interface ChildJobEnv {
  databaseUrl: string;
  /**
   * The parent's configured NODE_ENV (Config.nodeEnv), passed explicitly: process.env.NODE_ENV
   * may have been changed since start-up by a library (Vite's build sets it to production).
   */
  nodeEnv: Config['nodeEnv'];
  /** job host processes (jobs running at once; default 1) and their niceness (default 10) */
  hosts?: { size?: number; niceness?: number };
}

export const JOB_HOST_DEFAULTS = { size: 1, niceness: 10, idleMs: 60_000, abortGraceMs: 10_000 };

export interface JobHostPoolOptions {
  env: ChildJobEnv;
  size?: number;
  niceness?: number;
  idleMs?: number;
  abortGraceMs?: number;
  /** told once when the hosts' priority cannot be lowered (e.g. not permitted) */
  onPriorityError?: (error: unknown) => void;
}

interface Host {
  child: ChildProcess;
  ready: Promise<void>;
  /** settles when the process has exited (and its last stderr is read) */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** called once when the process has exited (a job in hand fails with it) */
  onExit: Set<(exit: { code: number | null; signal: NodeJS.Signals | null }) => void>;
  /** set once the process has exited */
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  stderr(): string;
  idleTimer?: NodeJS.Timeout;
}

export interface JobHostPool {
  /** Waits for a free host (first come, first served); undefined when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<JobHostLease | undefined>;
  /** Ends every host (after its job in hand) and refuses further work. */
  close(): Promise<void>;
  /** The process ids of the hosts now running, and how many hosts were started in all. */
  stats(): { pids: number[]; started: number };
}

export interface JobHostLease {
  /**
   * Runs the job in the leased host: resolves with the follow-up jobs the host decided, or
   * rejects with a ChildJobError when it fails there or the host dies.
   */
  run(data: JobData, signal: AbortSignal): Promise<FollowUp[]>;
  release(): void;
}

export function createJobHostPool(opts: JobHostPoolOptions): JobHostPool {
  const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as Partial<JobHostPoolOptions>;
  const o = { ...JOB_HOST_DEFAULTS, ...given, env: opts.env };
  const slots: Array<Host | undefined> = Array.from({ length: Math.max(1, o.size) }, () => undefined);
  const free = slots.map((_, i) => i);
  const waiting: Array<(slot: number) => void> = [];
  let priorityWarned = false;
  let started = 0;

  function hostIn(slot: number): Host {
    const alive = slots[slot];
    if (alive && !alive.exit && alive.child.connected) return alive;
    const host = spawnHost(o, (error) => {
      if (!priorityWarned) o.onPriorityError?.(error);
      priorityWarned = true;
    });
    started++;
    slots[slot] = host;
    void host.exited.then(() => slots[slot] === host && (slots[slot] = undefined));
    return host;
  }

  function lease(slot: number): JobHostLease {
    let released = false;
    return {
      run: (data, signal) => runIn(hostIn(slot), data, signal, o),
      release() {
        if (released) return;
        released = true;
        const next = waiting.shift();
        if (next) next(slot);
        else free.push(slot);
      },
    };
  }

  let closed = false;
  return {
    stats: () => ({ pids: slots.flatMap((h) => (h && !h.exit && h.child.pid !== undefined ? [h.child.pid] : [])), started }),
    acquire(signal) {
      if (closed || signal.aborted) return Promise.resolve(undefined);
      const slot = free.shift();
      if (slot !== undefined) return Promise.resolve(lease(slot));
      return new Promise((resolve) => {
        const take = (s: number) => {
          signal.removeEventListener('abort', drop);
          resolve(lease(s));
        };
        const drop = () => {
          waiting.splice(waiting.indexOf(take), 1);
          resolve(undefined);
        };
        waiting.push(take);
        signal.addEventListener('abort', drop, { once: true });
      });
    },
    async close() {
      closed = true;
      await Promise.all(
        slots.map(async (host) => {
          if (!host) return;
          clearTimeout(host.idleTimer);
          if (host.child.connected) host.child.disconnect();
          const killer = setTimeout(() => host.child.kill('SIGKILL'), o.abortGraceMs);
          await host.exited;
          clearTimeout(killer);
        }),
      );
    },
  };
}

/** Starts `run-job --host` at the given niceness; its `ready` settles when it takes jobs (or rejects when it exits first). */
function spawnHost(o: { env: ChildJobEnv; niceness: number }, onPriorityError: (error: unknown) => void): Host {
  const { command, args } = runJobCommand([JOB_HOST_FLAG]);
  const child = spawn(command, args, {
    env: { ...process.env, NODE_ENV: o.env.nodeEnv, DATABASE_URL: o.env.databaseUrl, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  try {
    if (child.pid !== undefined && o.niceness > 0) setPriority(child.pid, o.niceness);
  } catch (error) {
    onPriorityError(error);
  }
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-8000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', () => resolve({ code: -1, signal: null }));
    // 'close' waits for every holder of the stderr pipe, which may include a grandchild
    // (tsx's esbuild service) that outlives the host: take the exit, and whatever stderr
    // arrives within a moment of it.
    child.once('exit', (code, signal) => {
      const done = () => resolve({ code, signal });
      if (child.stderr!.readableEnded) return done();
      const timer = setTimeout(done, 200);
      child.stderr!.once('end', () => (clearTimeout(timer), done()));
    });
  });
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (m: FromHost) => m.kind === 'ready' && (child.off('message', onMessage), resolve());
    child.on('message', onMessage);
    void exited.then((exit) => reject(exitError(exit, stderr)));
  });
  ready.catch(() => {});
  const host: Host = { child, ready, exited, onExit: new Set(), stderr: () => stderr };
  void exited.then((exit) => {
    host.exit = exit;
    host.onExit.forEach((f) => f(exit));
  });
  return host;
}


function keepAlive(host: Host, busy: boolean, idleMs: number) {
  clearTimeout(host.idleTimer);
  // While idle the host must not keep this process alive (a CLI that is done can exit).
  for (const handle of [host.child, host.child.channel, host.child.stderr]) {
    const h = handle as { ref?(): void; unref?(): void } | null | undefined;
    if (busy) h?.ref?.();
    else h?.unref?.();
  }
  if (!busy) {
    host.idleTimer = setTimeout(() => host.child.connected && host.child.disconnect(), idleMs);
    host.idleTimer.unref();
  }
}


/** Sends the job to the host and settles with its answer, or with the host's exit. */
async function runIn(host: Host, data: JobData, signal: AbortSignal, o: { idleMs: number; abortGraceMs: number }): Promise<FollowUp[]> {
  keepAlive(host, true, o.idleMs);
  try {
    await host.ready;
    return await new Promise<FollowUp[]>((resolve, reject) => {
      let killTimer: NodeJS.Timeout | undefined;
      const settle = (fn: () => void) => {
        host.child.off('message', onMessage);
        host.onExit.delete(onExit);
        signal.removeEventListener('abort', onAbort);
        clearTimeout(killTimer);
        fn();
      };
      const onMessage = (m: FromHost) => {
        if (m.kind === 'done') settle(() => resolve(m.followUps));
        else if (m.kind === 'failed') settle(() => reject(new ChildJobError(null, null, m.cause, m.detail)));
      };
      const onAbort = () => {
        send(host, { kind: 'abort' });
        killTimer = setTimeout(() => host.child.kill('SIGKILL'), o.abortGraceMs);
      };
      const onExit = (exit: { code: number | null; signal: NodeJS.Signals | null }) => settle(() => reject(exitError(exit, host.stderr())));
      host.child.on('message', onMessage);
      host.onExit.add(onExit);
      if (host.exit) return onExit(host.exit);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      send(host, { kind: 'run', data });
    });
  } finally {
    keepAlive(host, false, o.idleMs);
  }
}


function send(host: Host, message: ToHost) {
  if (host.child.connected) host.child.send(message);
}

function exitError(exit: { code: number | null; signal: NodeJS.Signals | null }, stderr: string): ChildJobError {
  return new ChildJobError(exit.code, exit.signal, parseChildFailure(stderr), stderr.trim());
}
