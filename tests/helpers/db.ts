/**
 * Fresh, migrated databases for tests.
 *
 *   const { db, url, cleanup } = await freshSqliteDb();   // always available
 *   afterAll(() => cleanup());
 *
 * PostgreSQL (freshPostgresDb) runs against the server of WAYMARK_PG_URL
 * (default postgresql://postgres@127.0.0.1:5432/postgres); each call creates a uniquely
 * named database and cleanup() drops it. Whether PostgreSQL tests run:
 *
 *   WAYMARK_TEST_PG=1  required: they run, and FAIL if the server is unreachable (CI).
 *   WAYMARK_TEST_PG=0  never: they are skipped.
 *   unset              auto: they run when the server answers, else are skipped with a
 *                      message saying why.
 *
 * In a test file:
 *
 *   const pg = await pgTestMode();
 *   describe.skipIf(!pg.run)('on PostgreSQL', () => { ... freshPostgresDb() ... });
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '../../app/db/client';
import { migrate } from '../../app/db/migrate';
import { createPgDatabaseFromUrl, dropPgDatabase, probePg } from '../../app/db/pg-admin';
import type { Provider } from '../../app/db/url';

export const PG_SERVER_URL = process.env.WAYMARK_PG_URL?.trim() || 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface FreshDb {
  provider: Provider;
  db: Db;
  url: string;
  /** Disconnects the client and deletes the database (file or PG database). Idempotent. */
  cleanup(): Promise<void>;
}

export interface PgTestMode {
  /** Whether PostgreSQL suites should run (use with describe.skipIf(!run)). */
  run: boolean;
  /** WAYMARK_TEST_PG=1: an unreachable server is a failure, not a skip. */
  required: boolean;
  /** Why not, when run is false, or why it will fail when required and unreachable. */
  reason?: string;
}

let modePromise: Promise<PgTestMode> | undefined;

/** Decides once per test process whether PostgreSQL tests run; see the file comment. */
export function pgTestMode(): Promise<PgTestMode> {
  modePromise ??= (async (): Promise<PgTestMode> => {
    const flag = process.env.WAYMARK_TEST_PG?.trim();
    if (flag === '0' || flag === 'false') {
      return { run: false, required: false, reason: 'WAYMARK_TEST_PG=0' };
    }
    const required = flag === '1' || flag === 'true';
    const probe = await probePg(PG_SERVER_URL, 2_000);
    if (probe.ok) return { run: true, required };
    if (required) {
      // Run anyway: freshPostgresDb() will throw and the suite fails loudly.
      return { run: true, required, reason: `WAYMARK_TEST_PG=1 but ${probe.message}` };
    }
    const reason = `PostgreSQL tests skipped: ${probe.message} (set WAYMARK_TEST_PG=1 to require them)`;
    console.warn(reason);
    return { run: false, required, reason };
  })();
  return modePromise;
}

const uniqueSuffix = () => `${Date.now().toString(36)}_${process.pid}_${randomBytes(4).toString('hex')}`;

/** A temp directory removed when the test process exits. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let sqliteTemplate: Promise<string> | undefined;

/**
 * A migrated SQLite file made once per test process; fresh databases are copies of it
 * (a copy takes a millisecond, a migration a few hundred).
 */
function migratedSqliteTemplate(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const path = join(tempDir('waymark-test-template-'), 'template.sqlite');
    await migrate({ provider: 'sqlite', url: `file:${path}` });
    return path;
  })();
  sqliteTemplate.catch(() => {
    sqliteTemplate = undefined;
  });
  return sqliteTemplate;
}

export interface FreshSqliteOptions {
  /** Run the real migrations on this file instead of copying the per-process template. */
  migrateFromScratch?: boolean;
}

/** A new SQLite file in a temp directory with all migrations applied. */
export async function freshSqliteDb(options: FreshSqliteOptions = {}): Promise<FreshDb> {
  const dir = tempDir('waymark-test-db-');
  const path = join(dir, 'test.sqlite');
  const url = `file:${path}`;
  if (options.migrateFromScratch) {
    await migrate({ provider: 'sqlite', url });
  } else {
    copyFileSync(await migratedSqliteTemplate(), path);
  }
  const db = createDb({ provider: 'sqlite', url });
  let done = false;
  return {
    provider: 'sqlite',
    db,
    url,
    async cleanup() {
      if (done) return;
      done = true;
      await db.$disconnect();
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A new, uniquely named PostgreSQL database with all migrations applied. Throws a clear
 * error when the server is unreachable (callers gate on pgTestMode()).
 */
export async function freshPostgresDb(): Promise<FreshDb> {
  const probe = await probePg(PG_SERVER_URL, 3_000);
  if (!probe.ok) throw new Error(`freshPostgresDb: ${probe.message} (WAYMARK_PG_URL=${PG_SERVER_URL})`);
  const name = `waymark_test_${uniqueSuffix()}`;
  const url = await createPgDatabaseFromUrl(PG_SERVER_URL, name);
  let db: Db | undefined;
  let done = false;
  const cleanup = async () => {
    if (done) return;
    done = true;
    try {
      await db?.$disconnect();
    } finally {
      await dropPgDatabase(PG_SERVER_URL, name);
    }
  };
  try {
    await migrate({ provider: 'postgresql', url, createDatabase: false });
    db = createDb({ provider: 'postgresql', url, poolSize: 4 });
  } catch (e) {
    await cleanup().catch(() => {});
    throw e;
  }
  return { provider: 'postgresql', db, url, cleanup };
}

/** freshSqliteDb() or freshPostgresDb() by provider. */
export function freshDb(provider: Provider): Promise<FreshDb> {
  return provider === 'sqlite' ? freshSqliteDb() : freshPostgresDb();
}
