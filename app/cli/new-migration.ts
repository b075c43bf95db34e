/**
 * `npm run db:new-migration -- <name>`: writes a migration for BOTH providers from the
 * current prisma/schema.prisma, into prisma/sqlite/migrations/<ts>_<name>/ and
 * prisma/postgresql/migrations/<ts>_<name>/ (same directory name for both).
 *
 * The dev databases are throwaway: a temp SQLite file and a fresh database on the
 * PostgreSQL server of WAYMARK_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
 * dropped afterwards. Writes nothing when the schema needs no change.
 *
 * After changing the schema also run `npm run postinstall` to regenerate the clients.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createMigrationFiles, migrationDirectoryName, MigrationError, REPO_ROOT, type CreatedMigration } from '../db/migrate';
import { createPgDatabaseFromUrl, dropPgDatabase, probePg } from '../db/pg-admin';
import { redactUrl } from '../db/url';

export const DEFAULT_PG_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

async function main(): Promise<number> {
  const name = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!name) {
    console.error('usage: npm run db:new-migration -- <name>');
    return 2;
  }
  const directoryName = migrationDirectoryName(name);
  const pgServer = process.env.WAYMARK_PG_URL?.trim() || DEFAULT_PG_SERVER_URL;
  const probe = await probePg(pgServer);
  if (!probe.ok) {
    throw new MigrationError(
      `PostgreSQL is needed to plan the postgresql migration: ${probe.message}. Set WAYMARK_PG_URL to a server you can create databases on.`,
    );
  }

  const results: CreatedMigration[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'waymark-newmig-'));
  try {
    results.push(
      await createMigrationFiles({ provider: 'sqlite', devUrl: `file:${join(tmp, 'dev.sqlite')}`, directoryName }),
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const devDb = `waymark_dev_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const devUrl = await createPgDatabaseFromUrl(pgServer, devDb);
  try {
    results.push(await createMigrationFiles({ provider: 'postgresql', devUrl, directoryName }));
  } finally {
    await dropPgDatabase(pgServer, devDb);
  }

  const written = results.filter((r) => r.path);
  if (written.length === 0) {
    console.log('No schema changes: no migration written.');
    return 0;
  }
  for (const r of results) {
    console.log(r.path ? `${r.provider}: wrote ${relative(REPO_ROOT, r.path)}` : `${r.provider}: no change`);
  }
  if (written.length !== results.length) {
    console.warn('Warning: only one provider needed a migration; check that this is intended.');
  }
  console.log(`Apply with: npm run db:migrate (PostgreSQL planned on ${redactUrl(pgServer)}).`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`db:new-migration failed: ${e instanceof MigrationError ? e.message : ((e as Error)?.stack ?? String(e))}`);
    process.exit(1);
  },
);
