/**
 * The SQLite event writer thread (./sqlite-writer-thread.mjs) as a function: `write` sends
 * one group commit (every row's columns back to back in one flat array, and the rows per caller)
 * and resolves with each caller's count of new rows. One write at a time (the event store
 * groups the batches that arrive meanwhile). A thread that dies (an uncaught error, the
 * database file gone) fails the write in hand with its error and is started again for the
 * next. Referenced only while a write is in flight, so an idle store never keeps its
 * process alive.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { REPO_ROOT } from '../paths';

/** The thread's file (plain JavaScript, loaded by Node itself: see its header). */
export const SQLITE_WRITER_THREAD = join(REPO_ROOT, 'app', 'ingest', 'sqlite-writer-thread.mjs');

export interface SqliteWriterOptions {
  path: string;
  pragmas: readonly string[];
  insertSql: string;
  width: number;
  lockWaitMs: number;
}

type Answer = { id: number; counts: number[] } | { id: number; error: { message: string; code?: string } };

export interface SqliteWriter {
  /** `values`: strings, numbers and nulls only (copied to the thread by structured clone). */
  write(values: unknown[], sizes: number[]): Promise<number[]>;
  close(): Promise<void>;
}

export function createSqliteWriter(opts: SqliteWriterOptions): SqliteWriter {
  let thread: Worker | undefined;
  let pending: { id: number; thread: Worker; resolve(counts: number[]): void; reject(error: unknown): void } | undefined;
  let nextId = 1;

  function start(): Worker {
    const t = new Worker(SQLITE_WRITER_THREAD, { workerData: opts });
    t.unref();
    t.on('message', (answer: Answer) => {
      const p = pending;
      if (!p || p.id !== answer.id) return;
      pending = undefined;
      t.unref();
      if ('counts' in answer) p.resolve(answer.counts);
      else p.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
    });
    const died = (error: unknown) => {
      if (thread === t) thread = undefined;
      if (pending?.thread !== t) return; // an earlier thread's late exit
      const p = pending;
      pending = undefined;
      p.reject(error);
    };
    t.on('error', died);
    t.on('exit', (code) => died(new Error(`the SQLite writer thread exited (code ${code})`)));
    return t;
  }

  return {
    write(values, sizes) {
      if (pending) return Promise.reject(new Error('one write at a time'));
      const t = (thread ??= start());
      return new Promise((resolve, reject) => {
        pending = { id: nextId++, thread: t, resolve, reject };
        t.ref();
        t.postMessage({ id: pending.id, values, sizes });
      });
    },
    async close() {
      const t = thread;
      thread = undefined;
      if (!t) return;
      t.ref();
      const exited = new Promise((r) => t.once('exit', r));
      t.postMessage({ kind: 'close' });
      await exited;
    },
  };
}
