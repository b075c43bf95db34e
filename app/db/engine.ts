/**
 * Prisma's schema engine, compiled to WebAssembly (@prisma/schema-engine-wasm), driven
 * through driver adapters. This is what lets Waymark migrate with no native engine
 * download: the engine plans and checks, the adapters (better-sqlite3, pg) talk to the
 * database.
 *
 * Internal to app/db: use migrate() / diffAgainstSchema() / createMigrationFiles() (./migrate.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import {
  bindMigrationAwareSqlAdapterFactory,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from '@prisma/driver-adapter-utils';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { pgFieldsFromUrl, sqlitePathFromUrl, type Provider } from './url';
import { createPgDatabase, dropPgDatabase } from './pg-admin';
import { sqlitePragmaScript } from './sqlite-pragmas';

export type { SchemaEngine };

let loaded: Promise<typeof glue> | undefined;

/** Instantiates the engine's .wasm once per process, wired to the package's JS glue. */
function loadWasm(): Promise<typeof glue> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = readFileSync(join(dirname(gluePath), 'schema_engine_bg.wasm'));
    const module = await WebAssembly.compile(bytes);
    const instance = new WebAssembly.Instance(module, {
      './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as unknown as { __wbindgen_start: () => void };
    glue.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    return glue;
  })();
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

export interface EngineHandle {
  engine: SchemaEngine;
  /** Frees the engine and closes every connection it opened. */
  close(): Promise<void>;
}

/**
 * Opens the schema engine on a database. `schema` is the rendered Prisma schema for
 * the provider (the engine reads the provider from it).
 */
export async function openEngine(provider: Provider, url: string, schema: string): Promise<EngineHandle> {
  const { SchemaEngine: Engine } = await loadWasm();
  const tracked = provider === 'sqlite' ? sqliteMigrationFactory(url) : pgMigrationFactory(url);
  const debug = process.env.WAYMARK_DEBUG_ENGINE
    ? (msg: unknown) => console.error('[schema-engine]', msg)
    : () => {};
  const engine = await Engine.new(
    { datamodels: [['schema.prisma', schema]] },
    debug,
    bindMigrationAwareSqlAdapterFactory(tracked.factory),
  );
  return {
    engine,
    async close() {
      try {
        engine.free();
      } finally {
        await tracked.disposeAll();
      }
    },
  };
}

interface TrackedFactory {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Disposes adapters the engine forgot to dispose (e.g. after an error). */
  disposeAll(): Promise<void>;
}

/** Wraps each adapter so dispose is idempotent and leftovers can be closed at the end. */
function tracker() {
  const open = new Set<() => Promise<void>>();
  return {
    track(adapter: SqlDriverAdapter, onDispose?: () => Promise<void>): SqlDriverAdapter {
      let disposed = false;
      const dispose = async () => {
        if (disposed) return;
        disposed = true;
        open.delete(dispose);
        try {
          await adapter.dispose();
        } finally {
          await onDispose?.();
        }
      };
      open.add(dispose);
      return withOverrides(adapter, { dispose });
    },
    async disposeAll() {
      for (const dispose of [...open]) await dispose().catch(() => {});
    },
  };
}

/** A proxy of `target` whose listed methods are replaced (others keep their `this`). */
function withOverrides<T extends object>(target: T, overrides: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(obj, prop) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof T];
      const value = Reflect.get(obj, prop);
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  });
}

// ---------------------------------------------------------------------------------
// SQLite

const MULTI_STATEMENT = /more than one statement/i;

/**
 * better-sqlite3 for the engine. The shadow database is in memory. Two fixes:
 * - when the engine replays a migration on the shadow database it sends the whole
 *   multi-statement script through queryRaw/executeRaw, which better-sqlite3's
 *   prepare() rejects; such parameterless scripts are run with exec() instead;
 * - a locked database (SQLITE_BUSY) reaches the adapter as kind "SocketTimeout", a
 *   kind the engine cannot decode (it reports a garbled WASM_ERROR); it is passed on
 *   as a plain SQLite error saying the database is locked.
 */
function sqliteMigrationFactory(url: string): TrackedFactory {
  const path = sqlitePathFromUrl(url);
  const inner = new PrismaBetterSqlite3({ url: path, timeout: 10_000 });
  const t = tracker();
  const engineFriendly = (adapter: SqlDriverAdapter): SqlDriverAdapter => {
    const asScript = async <T>(query: SqlQuery, run: () => Promise<T>, empty: T): Promise<T> => {
      try {
        return await run();
      } catch (e) {
        if (query.args.length > 0 || !MULTI_STATEMENT.test(messageOf(e))) throw busyAsSqliteError(e);
        if (process.env.WAYMARK_DEBUG_ENGINE) console.error('[schema-engine] multi-statement query run as a script');
        await adapter.executeScript(query.sql).catch((err: unknown) => {
          throw busyAsSqliteError(err);
        });
        return empty;
      }
    };
    return withOverrides(adapter, {
      queryRaw: (query: SqlQuery) =>
        asScript(query, () => adapter.queryRaw(query), { columnNames: [], columnTypes: [], rows: [] }),
      executeRaw: (query: SqlQuery) => asScript(query, () => adapter.executeRaw(query), 0),
      executeScript: (script: string) =>
        adapter.executeScript(script).catch((e: unknown) => {
          throw busyAsSqliteError(e);
        }),
    });
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = await inner.connect();
      // Same pragmas as the app (WAL also makes the migration's many small commits cheap).
      await adapter.executeScript(sqlitePragmaScript());
      return t.track(engineFriendly(adapter));
    },
    connectToShadowDb: async () => t.track(engineFriendly(await inner.connectToShadowDb())),
  };
  return { factory, disposeAll: t.disposeAll };
}

function busyAsSqliteError(e: unknown): unknown {
  if (e instanceof DriverAdapterError && e.cause.kind === 'SocketTimeout') {
    return new DriverAdapterError({
      kind: 'sqlite',
      extendedCode: 5, // SQLITE_BUSY
      message: `database is locked (${e.cause.originalMessage ?? 'SQLITE_BUSY'})`,
    });
  }
  return e;
}

function messageOf(e: unknown): string {
  if (e && typeof e === 'object') {
    const cause = (e as { cause?: { message?: unknown; originalMessage?: unknown } }).cause;
    const parts = [(e as { message?: unknown }).message, cause?.message, cause?.originalMessage];
    return parts.filter((p) => typeof p === 'string').join(' ');
  }
  return String(e);
}

// ---------------------------------------------------------------------------------
// PostgreSQL

const PG_CHAR_OID = 18; // "char" (pg_class.relkind, pg_constraint.contype, ...)
const PG_TEXT_OID = 25;

/**
 * A pg.Client whose results report PostgreSQL's internal `"char"` type as text:
 * @prisma/adapter-pg 7.10 rejects that type, and the engine's introspection queries
 * read such catalog columns.
 */
class CatalogFriendlyClient extends pg.Client {
  override query(...args: unknown[]): any {
    const fix = (res: unknown) => {
      for (const r of Array.isArray(res) ? res : [res]) {
        const fields = (r as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
        if (fields) for (const f of fields) if (f.dataTypeID === PG_CHAR_OID) f.dataTypeID = PG_TEXT_OID;
      }
      return res;
    };
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const cb = args[last] as (err: unknown, res: unknown) => void;
      args[last] = (err: unknown, res: unknown) => cb(err, err ? res : fix(res));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const ret = (super.query as (...a: unknown[]) => unknown)(...args);
    return ret && typeof (ret as Promise<unknown>).then === 'function' ? (ret as Promise<unknown>).then(fix) : ret;
  }
}

/**
 * node-postgres for the engine, with three fixes over PrismaPg's defaults:
 * - connection fields instead of a connection string (with a string, PrismaPg's
 *   shadow database silently is the main database);
 * - the shadow database is created here and dropped WITH (FORCE) when released
 *   (PrismaPg's own drop runs while its pool is still connected, and fails);
 * - executeScript sends the whole script in one simple-query round trip, so a
 *   migration runs as one implicit transaction and a ';' inside a string literal
 *   cannot split a statement.
 */
function pgMigrationFactory(url: string): TrackedFactory {
  const fields = pgFieldsFromUrl(url);
  const t = tracker();
  const poolFor = (database: string) =>
    new pg.Pool({ ...fields, database, max: 4, Client: CatalogFriendlyClient, connectionTimeoutMillis: 10_000 });
  const wrap = (adapter: SqlDriverAdapter, pool: pg.Pool): SqlDriverAdapter =>
    withOverrides(adapter, {
      async executeScript(script: string) {
        try {
          await pool.query(script);
        } catch (e) {
          throw toPgAdapterError(e);
        }
      },
    });
  const connectTo = async (database: string, onDispose?: () => Promise<void>) => {
    const pool = poolFor(database);
    const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
    return t.track(wrap(adapter, pool), onDispose);
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectTo(fields.database),
    async connectToShadowDb() {
      const shadow = `waymark_shadow_${randomUUID().replaceAll('-', '')}`;
      await createPgDatabase(fields, shadow);
      return connectTo(shadow, () => dropPgDatabase(fields, shadow));
    },
  };
  return { factory, disposeAll: t.disposeAll };
}

function toPgAdapterError(e: unknown): unknown {
  const err = e as Partial<pg.DatabaseError> | undefined;
  if (!err || typeof err.code !== 'string' || typeof err.message !== 'string' || !err.severity) return e;
  return new DriverAdapterError({
    kind: 'postgres',
    code: err.code,
    severity: err.severity,
    message: err.message,
    detail: err.detail,
    column: err.column,
    hint: err.hint,
  });
}
