/**
 * `npm run db:new-migration -- <name>`: writes a migration for BOTH providers from the
 * current prisma/schema.prisma, into prisma/sqlite/migrations/<ts>_<name>/ and
 * prisma/postgresql/migrations/<ts>_<name>/ (same directory name for both).
 *
 * The dev databases are throwaway: a temp SQLite file and a fresh database on the
 * PostgreSQL server of WAYMARK_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
 * dropped afterwards. Writes nothing when the schema needs no change. Both providers are
 * planned in a staging copy first, so a failure leaves the committed folders untouched.
 *
 * --replace  (before the first release only) re-create the newest migration of that
 *            name instead of adding one, e.g. `npm run db:new-migration -- init --replace`
 *            after editing the schema while `init` is the only migration.
 *
 * After changing the schema also run `npm run postinstall` to regenerate the clients.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  createMigrationFiles,
  defaultMigrationsDir,
  migrationDirectoryName,
  MigrationError,
  readMigrationsList,
  REPO_ROOT,
  type CreatedMigration,
} from '../db/migrate';
import { createPgDatabaseFromUrl, dropPgDatabase, probePg } from '../db/pg-admin';
import { PROVIDERS, redactUrl, type Provider } from '../db/url';

export const DEFAULT_PG_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

function parseArgs(argv: string[]) {
  const replace = argv.includes('--replace');
  const name = argv.find((a) => !a.startsWith('-'));
  return { name, replace };
}

/**
 * With --replace: the migrations named like <ts>_<name> that are the newest of each
 * provider (pre-release only: re-creating `init` after schema edits). Anything else
 * with that name is refused.
 */
function toReplace(provider: Provider, slug: string): string[] {
  const names = readMigrationsList(defaultMigrationsDir(provider), provider).migrationDirectories.map((m) => m.path);
  const same = names.filter((n) => n.replace(/^\d{14}_/, '') === slug);
  if (same.length === 0) return [];
  if (same.length > 1 || same[0] !== names[names.length - 1]) {
    throw new MigrationError(`--replace: ${provider} migration "${slug}" is not the newest one; refusing to rewrite history`);
  }
  return same;
}

async function main(): Promise<number> {
  const { name, replace } = parseArgs(process.argv.slice(2));
  if (!name) {
    console.error('usage: npm run db:new-migration -- <name> [--replace]');
    return 2;
  }
  const directoryName = migrationDirectoryName(name);
  const slug = directoryName.replace(/^\d{14}_/, '');
  const pgServer = process.env.WAYMARK_PG_URL?.trim() || DEFAULT_PG_SERVER_URL;
  const probe = await probePg(pgServer);
  if (!probe.ok) {
    throw new MigrationError(
      `PostgreSQL is needed to plan the postgresql migration: ${probe.message}. Set WAYMARK_PG_URL to a server you can create databases on.`,
    );
  }

  // Plan both providers in a staging copy; touch the real folders only if both succeed.
  const tmp = mkdtempSync(join(tmpdir(), 'waymark-newmig-'));
  const results: CreatedMigration[] = [];
  try {
    const staged = (p: Provider) => join(tmp, p, 'migrations');
    for (const provider of PROVIDERS) {
      const real = defaultMigrationsDir(provider);
      if (existsSync(real)) cpSync(real, staged(provider), { recursive: true });
    }
    const common = (provider: Provider) => ({
      provider,
      directoryName,
      migrationsDir: staged(provider),
      replace: replace ? toReplace(provider, slug) : [],
    });
    results.push(await createMigrationFiles({ ...common('sqlite'), devUrl: `file:${join(tmp, 'dev.sqlite')}` }));
    const devDb = `waymark_dev_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const devUrl = await createPgDatabaseFromUrl(pgServer, devDb);
    try {
      results.push(await createMigrationFiles({ ...common('postgresql'), devUrl }));
    } finally {
      await dropPgDatabase(pgServer, devDb);
    }
    for (const r of results) {
      const real = defaultMigrationsDir(r.provider);
      for (const old of r.replaced) rmSync(join(real, old), { recursive: true, force: true });
      if (r.path) {
        mkdirSync(real, { recursive: true });
        cpSync(join(staged(r.provider), directoryName), join(real, directoryName), { recursive: true });
        cpSync(join(staged(r.provider), 'migration_lock.toml'), join(real, 'migration_lock.toml'));
        r.path = join(real, directoryName, 'migration.sql');
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  for (const r of results) {
    for (const old of r.replaced) console.log(`${r.provider}: removed ${old} (--replace)`);
    console.log(r.path ? `${r.provider}: wrote ${relative(REPO_ROOT, r.path)}` : `${r.provider}: no change`);
  }
  const written = results.filter((r) => r.path);
  if (written.length === 0) {
    console.log('No schema changes: no migration written.');
    return 0;
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
