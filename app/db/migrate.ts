/**
 * Offline migrations for SQLite and PostgreSQL.
 *
 * The committed SQL under prisma/<provider>/migrations is applied by Prisma's schema
 * engine compiled to WebAssembly, talking to the database through the same driver
 * adapters the app uses (see ./engine.ts). It keeps Prisma's `_prisma_migrations`
 * table, so the history is the one `prisma migrate deploy` would keep.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { MigrationList, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { openEngine, type EngineHandle } from './engine';
import { probePg, createPgDatabase } from './pg-admin';
import { pgFieldsFromUrl, providerFromUrl, redactUrl, sqlitePathFromUrl, type Provider } from './url';

import { REPO_ROOT } from '../paths';
import { WaymarkError } from '../errors';

export { REPO_ROOT };

export function defaultMigrationsDir(provider: Provider): string {
  return join(REPO_ROOT, 'prisma', provider, 'migrations');
}

/**
 * The provider's Prisma schema, rendered from prisma/schema.prisma exactly as
 * scripts/prisma-generate.mjs renders prisma/<provider>/schema.prisma. Rendering here
 * (rather than reading the rendered file) keeps drift checks and new migrations on the
 * source schema even when `npm install` has not re-rendered yet.
 */
export function renderSchema(provider: Provider, sourcePath = join(REPO_ROOT, 'prisma/schema.prisma')): string {
  const source = readFileSync(sourcePath, 'utf8');
  return (
    `// GENERATED from prisma/schema.prisma by scripts/prisma-generate.mjs. Do not edit.\n` +
    source.replaceAll('__PROVIDER__', provider).replace('../app/generated/', '../../app/generated/')
  );
}

/**
 * The schema the migration engine plans against. Identical to renderSchema() except on
 * SQLite, where `BigInt @id @default(autoincrement())` becomes `Int`: Prisma renders a
 * BigInt autoincrement key as `BIGINT NOT NULL PRIMARY KEY`, which in SQLite is not a
 * rowid alias, so every insert without an id fails with a null-constraint error
 * (prisma/orm#20449, #13178). As `Int` it becomes `INTEGER PRIMARY KEY AUTOINCREMENT`,
 * which SQLite stores as a 64-bit integer anyway; the generated client keeps the
 * BigInt field and reads the column as bigint. Used for every migration we plan and
 * every drift check, so both stay consistent with the committed SQL.
 */
export function migrationSchema(provider: Provider, sourcePath?: string): string {
  const schema = renderSchema(provider, sourcePath);
  if (provider !== 'sqlite') return schema;
  return schema
    .split('\n')
    .map((line) =>
      /^\s*\w+\s+BigInt\s/.test(line) && /@id\b/.test(line) && line.includes('@default(autoincrement())')
        ? line.replace(/\bBigInt\b/, 'Int')
        : line,
    )
    .join('\n');
}

export class MigrationError extends WaymarkError {
  override name = 'MigrationError';
  /** Prisma error code when the engine gave one (e.g. P3009 failed migration, P3018 SQL error). */
  readonly code: string | undefined;
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = options.code;
  }
}

export interface MigrateOptions {
  /** Defaults to providerFromUrl(url). */
  provider?: Provider;
  url: string;
  /** Defaults to prisma/<provider>/migrations. */
  migrationsDir?: string;
  /** Human-readable progress lines. */
  onProgress?: (message: string) => void;
  /**
   * PostgreSQL only: create the database when it does not exist (like
   * `prisma migrate deploy`). Default true.
   */
  createDatabase?: boolean;
}

export interface MigrateResult {
  provider: Provider;
  /** Names of the migrations applied by this run, in order; empty when up to date. */
  applied: string[];
  /** Every migration in the migrations folder. */
  available: string[];
  durationMs: number;
}

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

/** Applies every committed migration not yet applied. Safe to run on every start-up. */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const started = performance.now();
  const provider = checkedProvider(options.provider, options.url);
  const dir = options.migrationsDir ?? defaultMigrationsDir(provider);
  const progress = options.onProgress ?? (() => {});
  const migrationsList = readMigrationsList(dir, provider);
  const available = migrationsList.migrationDirectories.map((m) => m.path);

  await prepareDatabase(provider, options.url, options.createDatabase ?? true, progress);
  progress(`${provider}: ${available.length} migration(s) in ${dir}`);

  const apply = () =>
    withEngine(provider, options.url, migrationSchema(provider), async ({ engine }) => {
      // On PostgreSQL the engine itself takes an advisory lock, so concurrent
      // migrate() calls (server and worker starting together) apply each migration once.
      const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
      return out.appliedMigrationNames;
    });
  // SQLite has no such lock: we serialize on a lock file next to the database.
  const applied =
    provider === 'sqlite' ? await withSqliteMigrationLock(sqlitePathFromUrl(options.url), progress, apply) : await apply();
  for (const name of applied) progress(`${provider}: applied ${name}`);
  if (applied.length === 0) progress(`${provider}: already up to date`);
  return { provider, applied, available, durationMs: performance.now() - started };
}

export interface DiffOptions {
  provider?: Provider;
  url: string;
  /** The target Prisma schema; defaults to migrationSchema(provider). */
  schema?: string;
}

/**
 * The SQL that would bring the database to the Prisma schema: '' when the database
 * matches it (no drift). Use after migrate() to prove the migrations are complete.
 */
export async function diffAgainstSchema(options: DiffOptions): Promise<string> {
  const provider = checkedProvider(options.provider, options.url);
  await prepareDatabase(provider, options.url, false, () => {});
  const schema = options.schema ?? migrationSchema(provider);
  return withEngine(provider, options.url, schema, async ({ engine }) => {
    const out = await engine.diff({
      from: { tag: 'schemaDatasource', files: [{ path: 'schema.prisma', content: schema }], configDir: REPO_ROOT },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return normalizeScript(out.stdout ?? '');
  });
}

export interface CreateMigrationOptions {
  provider: Provider;
  /** A throwaway dev database: its migrations are applied first, then it is used for planning. */
  devUrl: string;
  /** Full directory name, e.g. 20261127190000_add_widgets. */
  directoryName: string;
  migrationsDir?: string;
  schema?: string;
  /**
   * Before the first release only: plan as if these committed migration directories did
   * not exist, and delete them once the new migration is written (used to re-create
   * `init` after schema changes). Never use on migrations a real database has applied.
   */
  replace?: string[];
}

export interface CreatedMigration {
  provider: Provider;
  /** Path of the written migration.sql, or null when the schema needs no change. */
  path: string | null;
  script: string | null;
  /** Directories deleted because of `replace`. */
  replaced: string[];
}

/**
 * Plans the migration from the committed migrations to the schema (the engine replays
 * the history on a shadow database) and writes it as <dir>/<directoryName>/migration.sql.
 * Writes nothing when there is no change.
 */
export async function createMigrationFiles(options: CreateMigrationOptions): Promise<CreatedMigration> {
  const { provider } = options;
  checkedProvider(provider, options.devUrl);
  const dir = options.migrationsDir ?? defaultMigrationsDir(provider);
  const schema = options.schema ?? migrationSchema(provider);
  const replace = new Set(options.replace ?? []);
  const fullList = readMigrationsList(dir, provider);
  const migrationsList: MigrationList = {
    ...fullList,
    migrationDirectories: fullList.migrationDirectories.filter((m) => !replace.has(m.path)),
  };
  await prepareDatabase(provider, options.devUrl, true, () => {});
  const script = await withEngine(provider, options.devUrl, schema, async ({ engine }) => {
    // The dev database must hold the history first (on an empty one devDiagnostic
    // fails with P1014).
    await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    // devDiagnostic replays the history on a shadow database and caches the result
    // inside the engine; createMigration has no shadow database of its own and plans
    // from that cache (this is the order `prisma migrate dev` uses).
    const diagnostic = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
    if (diagnostic.action.tag === 'reset') {
      throw new MigrationError(
        `${provider}: the migration history does not replay cleanly (${diagnostic.action.reason}); fix the committed migrations first`,
      );
    }
    const out = await engine.createMigration({
      draft: false,
      migrationName: options.directoryName,
      migrationsList,
      schema: { files: [{ path: 'schema.prisma', content: schema }] },
      filters: NO_FILTER,
    });
    return out.migrationScript;
  });
  const replaced = fullList.migrationDirectories.map((m) => m.path).filter((p) => replace.has(p) && p !== options.directoryName);
  for (const name of replaced) rmSync(join(dir, name), { recursive: true, force: true });
  if (script === null || normalizeScript(script) === '') return { provider, path: null, script: null, replaced };
  const target = join(dir, options.directoryName, 'migration.sql');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, script);
  writeLockfile(dir, provider);
  return { provider, path: target, script, replaced };
}

/** YYYYMMDDHHMMSS_name, the directory naming Prisma uses. */
export function migrationDirectoryName(name: string, now = new Date()): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) throw new MigrationError(`Invalid migration name ${JSON.stringify(name)}`);
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}_${slug}`;
}

// ---------------------------------------------------------------------------------

function checkedProvider(provider: Provider | undefined, url: string): Provider {
  const fromUrl = providerFromUrl(url);
  if (provider && provider !== fromUrl) {
    throw new MigrationError(`Provider ${provider} does not match database URL ${redactUrl(url)} (${fromUrl})`);
  }
  return fromUrl;
}

/** Creates the SQLite file's folder; for PostgreSQL checks the server and database. */
async function prepareDatabase(
  provider: Provider,
  url: string,
  createDatabase: boolean,
  progress: (message: string) => void,
): Promise<void> {
  if (provider === 'sqlite') {
    mkdirSync(dirname(sqlitePathFromUrl(url)), { recursive: true });
    return;
  }
  const probe = await probePg(url);
  if (probe.ok) return;
  if (probe.reason === 'no-database' && createDatabase) {
    const fields = pgFieldsFromUrl(url);
    progress(`postgresql: creating database "${fields.database}"`);
    await createPgDatabase(fields, fields.database).catch((e: unknown) => {
      // Created meanwhile by a concurrent migrate(): 42P04, or 23505 when both raced
      // into pg_database at the same instant.
      const code = (e as { code?: unknown }).code;
      if (code === '42P04' || code === '23505') return;
      throw new MigrationError(`Cannot create database "${fields.database}": ${(e as Error).message}`, { cause: e });
    });
    return;
  }
  throw new MigrationError(`PostgreSQL: ${probe.message}`);
}

const inProcessLocks = new Map<string, Promise<unknown>>();
const LOCK_WAIT_MS = 120_000;

/**
 * Runs `fn` holding an exclusive lock on `<database>.migrate-lock`, a small SQLite file
 * (the lock is SQLite's own file lock, so a crashed holder releases it). Waiting polls
 * asynchronously and never blocks the event loop. Calls in one process queue up first.
 */
async function withSqliteMigrationLock<T>(
  dbPath: string,
  progress: (message: string) => void,
  fn: () => Promise<T>,
): Promise<T> {
  const previous = inProcessLocks.get(dbPath) ?? Promise.resolve();
  const run = previous.catch(() => {}).then(async () => {
    const lock = new Database(`${dbPath}.migrate-lock`, { timeout: 0 });
    try {
      const started = Date.now();
      let told = false;
      for (;;) {
        try {
          lock.exec('BEGIN EXCLUSIVE');
          break;
        } catch (e) {
          if (!String((e as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY')) throw e;
          if (Date.now() - started > LOCK_WAIT_MS) {
            throw new MigrationError(`sqlite: another process has been migrating ${dbPath} for over ${LOCK_WAIT_MS / 1000}s`);
          }
          if (!told) progress('sqlite: waiting for another process to finish migrating');
          told = true;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      return await fn();
    } finally {
      if (lock.inTransaction) lock.exec('ROLLBACK');
      lock.close();
    }
  });
  inProcessLocks.set(dbPath, run);
  try {
    return await run;
  } finally {
    if (inProcessLocks.get(dbPath) === run) inProcessLocks.delete(dbPath);
  }
}

async function withEngine<T>(
  provider: Provider,
  url: string,
  schema: string,
  fn: (handle: EngineHandle) => Promise<T>,
): Promise<T> {
  let handle: EngineHandle | undefined;
  try {
    handle = await openEngine(provider, url, schema);
    return await fn(handle);
  } catch (e) {
    throw toMigrationError(e, provider, url);
  } finally {
    await handle?.close();
  }
}

/** The engine rejects with user-facing errors ({ message, error_code, ... }) or Errors. */
function toMigrationError(e: unknown, provider: Provider, url: string): Error {
  if (e instanceof MigrationError) return e;
  const obj = (e ?? {}) as { message?: unknown; error_code?: unknown; errorCode?: unknown; code?: unknown };
  const code = [obj.error_code, obj.errorCode, obj.code].find((c): c is string => typeof c === 'string');
  let message = typeof obj.message === 'string' ? obj.message : typeof e === 'string' ? e : JSON.stringify(e);
  if (message.startsWith('{')) {
    try {
      const parsed = JSON.parse(message) as { message?: string; error_code?: string };
      if (parsed.message) message = parsed.message;
    } catch {
      /* keep as is */
    }
  }
  // The engine appends a Rust span trace ("   0: sql_schema_connector::..."); keep
  // only the message, plus the migration the trace names (the full error stays in cause).
  const migrationName = /migration_name="([^"]+)"/.exec(message)?.[1];
  message = message.split(/\n\s+0: /)[0]!.trim();
  if (migrationName && !message.includes(migrationName)) message += ` (in migration ${migrationName})`;
  if (code === 'P3009') {
    message +=
      '\nA failed migration blocks all later ones. Fix its SQL, repair the database by hand, then mark it rolled back' +
      ' (UPDATE "_prisma_migrations" SET "rolled_back_at" = CURRENT_TIMESTAMP WHERE "migration_name" = \'<name>\' AND "finished_at" IS NULL)' +
      '; a local SQLite database can simply be deleted.';
  }
  return new MigrationError(`${provider} (${redactUrl(url)}): ${code ? `${code}: ` : ''}${message}`, {
    code,
    cause: e,
  });
}

/** Reads a migrations folder the way the Prisma CLI passes it to the engine. */
export function readMigrationsList(dir: string, provider: Provider): MigrationList {
  const lockPath = join(dir, 'migration_lock.toml');
  const lock = existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null;
  if (lock !== null) {
    const locked = /provider\s*=\s*"([^"]+)"/.exec(lock)?.[1];
    if (locked && locked !== provider) {
      throw new MigrationError(`${lockPath} is for provider "${locked}", not "${provider}"`);
    }
  }
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lock },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(join(dir, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

function writeLockfile(dir: string, provider: Provider): void {
  const path = join(dir, 'migration_lock.toml');
  const content =
    '# Please do not edit this file manually\n' +
    '# It should be added in your version-control system (e.g., Git)\n' +
    `provider = "${provider}"\n`;
  if (!existsSync(path) || readFileSync(path, 'utf8') !== content) writeFileSync(path, content);
}

/** Drops comments and blank lines, and the engine's "empty migration" placeholder. */
function normalizeScript(script: string): string {
  const meaningful = script
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('--'))
    .join('\n');
  return meaningful.trim() === '' ? '' : script.trim();
}
