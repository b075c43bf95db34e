/**
 * Writes validated, stripped events with `INSERT ... ON CONFLICT DO NOTHING`, on both
 * SQLite (>= 3.24) and PostgreSQL: a duplicate delivery of (shop, eventId) is stored once,
 * and a batch is committed before the caller acknowledges it. Both stores group commit:
 * the batches that arrive together are written by one transaction.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { SQLITE_PRAGMAS } from '../db/client';
import { sqlitePathFromUrl, type Provider } from '../db/url';
import type { Event } from '../db/types';
import type { JourneyStep } from '../../ml/data/journey-step';

/**
 * An Event row as ingest writes it: the Prisma model's columns (app/db/types.ts, the one
 * definition) less the database's id and the journey the sessionize job assigns later;
 * ingest always stores the step.
 */
export type EventRow = Omit<Event, 'id' | 'journeyId' | 'step'> & { step: JourneyStep };

export const EVENT_COLUMNS = [
  'shopId', 'eventId', 'name', 'ts', 'clientHash', 'device', 'path', 'refHost', 'utmSource', 'utmMedium',
  'utmCampaign', 'productId', 'variantId', 'collectionId', 'price', 'qty', 'query', 'results',
  'checkoutToken', 'orderId', 'total', 'lines', 'placement', 'items', 'strategy', 'step', 'receivedAt',
] as const satisfies readonly (keyof EventRow)[];
/** Fails to compile when the Event model gains a column the insert does not write. */
const _everyColumn: Exclude<keyof EventRow, (typeof EVENT_COLUMNS)[number]> extends never ? true : never = true;
void _everyColumn;

export interface EventStore {
  /** Inserts the rows in one transaction; returns how many were new (the rest were duplicates). */
  insert(rows: EventRow[]): Promise<number>;
  close(): Promise<void>;
}

const quoted = EVENT_COLUMNS.map((c) => `"${c}"`).join(', ');

/**
 * The hot path bypasses Prisma: one prepared statement on a dedicated better-sqlite3
 * connection, or one multi-row statement on a pg pool. Prisma's per-query overhead was
 * most of the ingest cost (docs/BENCHMARKS.md). Values are written in the same format
 * Prisma's driver adapters use (SQLite DateTime: ISO 8601 text with "+00:00").
 */
export function createEventStore(database: { provider: Provider; url: string }): EventStore {
  return database.provider === 'sqlite' ? sqliteStore(database.url) : postgresStore(database.url);
}

/** How long an insert keeps retrying while another connection holds SQLite's write lock. */
export const SQLITE_LOCK_WAIT_MS = 10_000;

/** Rows one SQLite group commit writes at most (the rest wait for the next). */
const SQLITE_MAX_ROWS_PER_COMMIT = 5_000;

/**
 * Group commit, as on PostgreSQL below: `insert` calls made in the same turn of the event
 * loop (the batches whose requests were read together) are written by one transaction on
 * the next turn (setImmediate), and each caller's promise settles once it has committed, so
 * an acknowledged event is always stored. A commit's fixed cost (the WAL frames of every
 * index page it touched) was most of an event's ingest CPU at one batch per transaction
 * (docs/BENCHMARKS.md § ingest cost). If the combined transaction fails for any reason but
 * the write lock, each caller's rows are written alone, so only the faulty ones fail.
 */
function sqliteStore(url: string): EventStore {
  const conn = new Database(sqlitePathFromUrl(url));
  for (const pragma of SQLITE_PRAGMAS) conn.exec(pragma);
  // Never busy-wait: better-sqlite3 waits synchronously, which would freeze this process's
  // event loop, including a Prisma transaction in this same process that holds the lock
  // and needs the loop to finish (a stall until the timeout). Retry asynchronously instead.
  conn.pragma('busy_timeout = 0');
  const stmt = conn.prepare(
    `INSERT INTO "Event" (${quoted}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT ("shopId", "eventId") DO NOTHING`,
  );
  const values = new Array<unknown>(EVENT_COLUMNS.length);
  const insertRows = (rows: EventRow[]) => {
    let n = 0;
    for (const r of rows) {
      for (let i = 0; i < EVENT_COLUMNS.length; i++) {
        const v = r[EVENT_COLUMNS[i]!];
        values[i] = v instanceof Date ? v.toISOString().replace('Z', '+00:00') : v;
      }
      n += stmt.run(values).changes;
    }
    return n;
  };
  const writeGroup = conn.transaction((group: SqlitePendingInsert[]) => group.map((p) => insertRows(p.rows)));

  const queue: SqlitePendingInsert[] = [];
  let scheduled = false;
  let closed = false;

  function schedule(delayMs = 0) {
    if (scheduled) return;
    scheduled = true;
    const run = () => {
      scheduled = false;
      flush();
    };
    if (delayMs > 0) setTimeout(run, delayMs);
    else setImmediate(run);
  }

  function flush(): void {
    const group: SqlitePendingInsert[] = [];
    let rows = 0;
    while (queue.length > 0 && (group.length === 0 || rows + queue[0]!.rows.length <= SQLITE_MAX_ROWS_PER_COMMIT)) {
      rows += queue[0]!.rows.length;
      group.push(queue.shift()!);
    }
    if (group.length === 0) return;
    try {
      const counts = writeGroup(group);
      group.forEach((p, i) => p.resolve(counts[i]!));
    } catch (error) {
      if (isLockError(error) && Date.now() <= group[0]!.deadline) {
        // Another connection holds the write lock: the group goes back to the front, and tries again shortly.
        queue.unshift(...group);
        group[0]!.attempts++;
        scheduled = false;
        return schedule(Math.min(50, 2 + group[0]!.attempts * 2));
      }
      if (group.length === 1) group[0]!.reject(error);
      else for (const p of group) writeAlone(p);
    }
    if (queue.length > 0) schedule();
  }

  function writeAlone(p: SqlitePendingInsert) {
    try {
      p.resolve(writeGroup([p])[0]!);
    } catch (error) {
      p.reject(error);
    }
  }

  return {
    insert(rows) {
      if (rows.length === 0) return Promise.resolve(0);
      if (closed) return Promise.reject(new Error('event store is closed'));
      return new Promise<number>((resolve, reject) => {
        queue.push({ rows, resolve, reject, deadline: Date.now() + SQLITE_LOCK_WAIT_MS, attempts: 0 });
        schedule();
      });
    },
    async close() {
      closed = true;
      while (queue.length > 0 || scheduled) await new Promise((r) => setTimeout(r, 5));
      conn.close();
    },
  };
}

function isLockError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** PostgreSQL accepts at most 65,535 bind parameters per statement. */
const PG_MAX_ROWS_PER_STATEMENT = Math.floor(65_535 / EVENT_COLUMNS.length);
/** Statements in flight at once; batches that arrive meanwhile wait and are written together. */
const PG_MAX_IN_FLIGHT = 2;

interface PendingInsert {
  rows: EventRow[];
  resolve(inserted: number): void;
  reject(error: unknown): void;
}

interface SqlitePendingInsert extends PendingInsert {
  /** until when a write lock held by another connection is waited for */
  deadline: number;
  attempts: number;
}

/**
 * Group commit: concurrent `insert` calls are written by one multi-row statement (in its
 * own implicit transaction) while at most PG_MAX_IN_FLIGHT statements run; each caller's
 * promise settles when the statement holding its rows has committed, so an acknowledged
 * event is always stored. Under load this turns many small round trips (each a socket
 * write and a commit on both sides) into a few larger ones. `RETURNING` tells which rows
 * were new, so each caller still learns its own count of duplicates. If a combined
 * statement fails, each caller's rows are retried alone, so only the faulty ones fail.
 */
function postgresStore(url: string): EventStore {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection closed by the server (restart, failover, admin) is dropped from the
  // pool and replaced on next use; unhandled, pg's 'error' event would crash the process.
  pool.on('error', () => {});
  const width = EVENT_COLUMNS.length;
  const queue: PendingInsert[] = [];
  let inFlight = 0;

  async function write(batch: PendingInsert[]): Promise<void> {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (const { rows } of batch) {
      for (const r of rows) {
        const i = tuples.length;
        // Prisma's DateTime is timestamp(3) without time zone, holding UTC: send UTC text.
        for (const c of EVENT_COLUMNS) values.push(r[c] instanceof Date ? (r[c] as Date).toISOString() : r[c]);
        tuples.push(`(${EVENT_COLUMNS.map((_, j) => `$${i * width + j + 1}`).join(', ')})`);
      }
    }
    const res = await pool.query<{ shopId: number; eventId: string }>(
      `INSERT INTO "Event" (${quoted}) VALUES ${tuples.join(', ')} ON CONFLICT ("shopId", "eventId") DO NOTHING RETURNING "shopId", "eventId"`,
      values,
    );
    // A key inserted by this statement is credited to the first caller that sent it.
    const fresh = new Set(res.rows.map((r) => `${r.shopId}\u0000${r.eventId}`));
    for (const p of batch) {
      let n = 0;
      for (const r of p.rows) if (fresh.delete(`${r.shopId}\u0000${r.eventId}`)) n++;
      p.resolve(n);
    }
  }

  function pump(): void {
    while (inFlight < PG_MAX_IN_FLIGHT && queue.length > 0) {
      const batch: PendingInsert[] = [];
      let rows = 0;
      while (queue.length > 0 && (batch.length === 0 || rows + queue[0]!.rows.length <= PG_MAX_ROWS_PER_STATEMENT)) {
        const next = queue.shift()!;
        rows += next.rows.length;
        batch.push(next);
      }
      inFlight++;
      write(batch)
        .catch(async (error) => {
          if (batch.length === 1) return batch[0]!.reject(error);
          // One caller's bad rows must not fail the others: write each on its own.
          for (const p of batch) await write([p]).catch((e) => p.reject(e));
        })
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  }

  return {
    async insert(rows) {
      if (rows.length === 0) return 0;
      if (rows.length > PG_MAX_ROWS_PER_STATEMENT) {
        // Larger than one statement allows (never from /ingest, whose batches are capped).
        let n = 0;
        for (let i = 0; i < rows.length; i += PG_MAX_ROWS_PER_STATEMENT) n += await this.insert(rows.slice(i, i + PG_MAX_ROWS_PER_STATEMENT));
        return n;
      }
      return new Promise<number>((resolve, reject) => {
        queue.push({ rows, resolve, reject });
        pump();
      });
    },
    async close() {
      while (queue.length > 0 || inFlight > 0) await new Promise((r) => setTimeout(r, 5));
      await pool.end();
    },
  };
}
