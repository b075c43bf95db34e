/**
 * Writes validated, stripped events with `INSERT ... ON CONFLICT DO NOTHING`, on both
 * SQLite (>= 3.24) and PostgreSQL: a duplicate delivery of (shop, eventId) is stored once,
 * and a batch is committed before the caller acknowledges it. Both stores group commit:
 * the batches that arrive together are written by one transaction.
 */
import pg from 'pg';
import { SQLITE_PRAGMAS } from '../db/client';
import { sqlitePathFromUrl, type Provider } from '../db/url';
import { createSqliteWriter } from './sqlite-writer';
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
 * connection (on a writer thread), or one multi-row statement on a pg pool. Prisma's per-query overhead was
 * most of the ingest cost (docs/BENCHMARKS.md). Values are written in the same format
 * Prisma's driver adapters use (SQLite DateTime: ISO 8601 text with "+00:00").
 */
export function createEventStore(database: { provider: Provider; url: string }): EventStore {
  return database.provider === 'sqlite' ? sqliteStore(database.url) : postgresStore(database.url);
}

/** How long an insert waits while another connection holds SQLite's write lock. */
export const SQLITE_LOCK_WAIT_MS = 10_000;

/** Rows one SQLite group commit writes at most (the rest wait for the next). */
const SQLITE_MAX_ROWS_PER_COMMIT = 5_000;

/**
 * SQLite: the inserts run on a writer thread of their own (./sqlite-writer-thread.mjs), so
 * neither a commit, nor the WAL checkpoint SQLite runs inside some commits, nor a wait for
 * the write lock held by a job host ever stalls the event loop that serves recommendations.
 * Group commit, as on PostgreSQL below: one group is written at a time, and every batch
 * that arrives meanwhile goes into the next, so under load a commit's fixed cost (the WAL
 * frames of every index page it touched; most of an event's cost at one batch per commit,
 * docs/BENCHMARKS.md § ingest cost) is shared by many batches. Each caller's promise settles
 * once its group has committed: an acknowledged event is always stored. If a group fails for
 * a reason other than the write lock, each caller's rows are written alone, so only the
 * faulty ones fail.
 */
function sqliteStore(url: string): EventStore {
  const writer = createSqliteWriter({
    path: sqlitePathFromUrl(url),
    pragmas: SQLITE_PRAGMAS.filter((p) => !/busy_timeout/i.test(p)),
    insertSql: `INSERT INTO "Event" (${quoted}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')}) ON CONFLICT ("shopId", "eventId") DO NOTHING`,
    width: EVENT_COLUMNS.length,
    lockWaitMs: SQLITE_LOCK_WAIT_MS,
  });
  const queue: Array<PendingInsert & { alone?: boolean }> = [];
  let writing = false;

  // A caller retried alone (see below) is its own group.
  const nextGroup = () => (queue[0]!.alone ? [queue.shift()!] : takeGroup(queue, SQLITE_MAX_ROWS_PER_COMMIT, (p) => !p.alone));

  function pump(): void {
    if (writing || queue.length === 0) return;
    const group = nextGroup();
    const values: unknown[] = [];
    for (const { rows: batch } of group) {
      for (const r of batch) {
        for (const c of EVENT_COLUMNS) {
          const v = r[c];
          values.push(v instanceof Date ? v.toISOString().replace('Z', '+00:00') : v);
        }
      }
    }
    writing = true;
    // A flat array of primitives, copied by structured clone. Measured on Node 24 for a group of
    // 640 rows: 0.4 µs per row on this thread, against 3.5 for JSON.stringify (the earlier
    // hand-off, which only paid off for groups of one batch).
    writer
      .write(values, group.map((p) => p.rows.length))
      .then(
        (counts) => group.forEach((p, i) => p.resolve(counts[i]!)),
        (error) => {
          if (group.length === 1) group[0]!.reject(error);
          // One caller's bad rows must not fail the others: each is written on its own.
          else queue.unshift(...group.map((p) => ({ ...p, alone: true })));
        },
      )
      .finally(() => {
        writing = false;
        pump();
      });
  }

  return {
    insert(rows) {
      if (rows.length === 0) return Promise.resolve(0);
      return new Promise<number>((resolve, reject) => {
        queue.push({ rows, resolve, reject });
        pump();
      });
    },
    async close() {
      while (queue.length > 0 || writing) await new Promise((r) => setTimeout(r, 5));
      await writer.close();
    },
  };
}

/**
 * The callers at the front of `queue` that one group commit writes: always the first, then
 * each next one that `joins` while the group stays within `maxRows` rows.
 */
function takeGroup<T extends PendingInsert>(queue: T[], maxRows: number, joins: (next: T) => boolean = () => true): T[] {
  const group: T[] = [];
  let rows = 0;
  while (queue.length > 0 && (group.length === 0 || (joins(queue[0]!) && rows + queue[0]!.rows.length <= maxRows))) {
    rows += queue[0]!.rows.length;
    group.push(queue.shift()!);
  }
  return group;
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
      const batch = takeGroup(queue, PG_MAX_ROWS_PER_STATEMENT);
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
