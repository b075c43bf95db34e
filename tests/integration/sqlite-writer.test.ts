/**
 * The SQLite writer thread (app/ingest/sqlite-writer.ts) on a real file: each caller's count
 * of new rows, a failing statement answered as an error (the thread lives on), and a thread
 * that died (here: it could not open its database) failing the write in hand and started
 * again for the next.
 */
import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteWriter } from '../../app/ingest/sqlite-writer';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function options(path: string) {
  return { path, pragmas: ['PRAGMA journal_mode = WAL'], insertSql: 'INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO NOTHING', width: 2, lockWaitMs: 1_000 };
}

function table(path: string) {
  const db = new Database(path);
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  db.close();
}

describe('SQLite writer thread', () => {
  it("answers each caller's count of new rows, and an error for a bad group without dying", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-writer-'));
    dirs.push(dir);
    const path = join(dir, 'w.sqlite');
    table(path);
    const writer = createSqliteWriter(options(path));
    expect(await writer.write(['a', 1, 'b', 2, 'a', 3], [2, 1])).toEqual([2, 0]);
    await expect(writer.write(['c', null], [1])).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
    expect(await writer.write(['c', 4], [1])).toEqual([1]);
    await writer.close();
    const db = new Database(path);
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 });
    db.close();
  });

  it('a thread that died fails the write in hand, and the next write starts a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-writer-'));
    dirs.push(dir);
    const path = join(dir, 'not-yet', 'w.sqlite'); // its folder does not exist: the thread cannot open it
    const writer = createSqliteWriter(options(path));
    await expect(writer.write(['a', 1], [1])).rejects.toThrow();
    mkdirSync(join(dir, 'not-yet'));
    table(path);
    expect(await writer.write(['a', 1], [1])).toEqual([1]);
    await writer.close();
  });
});
