/**
 * The database client factory: one PrismaClient per process, for SQLite or PostgreSQL.
 *
 *   const db = createDb({ url: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL });
 *   await db.shop.findUnique({ where: { domain } });
 *   await db.$disconnect();
 *
 * Migrations are separate (app/db/migrate.ts): run migrate() before createDb() uses a
 * new database.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient as SqlitePrismaClient } from '../generated/sqlite/client';
import { PrismaClient as PostgresPrismaClient } from '../generated/postgresql/client';
import { providerFromUrl, sqlitePathFromUrl, type Provider } from './url';
import { SQLITE_PRAGMAS, sqlitePragmaScript } from './sqlite-pragmas';

export { providerFromUrl, type Provider } from './url';

export const DEFAULT_DATABASE_URL = 'file:./data/waymark.sqlite';

/**
 * The database client type the whole app uses, whatever the provider.
 *
 * Both generated clients come from the same schema (only the datasource provider
 * differs) and no model uses a provider-specific type, so their model APIs are
 * identical; TypeScript still treats them as distinct nominal-ish class types. We
 * name the SQLite client's type as *the* type and hand out the PostgreSQL client as
 * that type: one type keeps signatures simple everywhere (no union whose methods
 * cannot be called), and tests/integration/db-migrations.test.ts exercises both.
 * Model row types (Shop, Event, ...) come from ./types.ts on the same basis.
 */
export type Db = SqlitePrismaClient;

export interface CreateDbOptions {
  /** Defaults to providerFromUrl(url). */
  provider?: Provider;
  url: string;
  /** Prisma log levels, e.g. ['warn', 'error']. Default: none. */
  log?: ('query' | 'info' | 'warn' | 'error')[];
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
}

export { SQLITE_PRAGMAS } from './sqlite-pragmas';

export function createDb(options: CreateDbOptions): Db {
  const provider = providerFromUrl(options.url);
  if (options.provider && options.provider !== provider) {
    throw new Error(`createDb: provider ${options.provider} does not match the database URL (${provider})`);
  }
  const log = options.log ?? [];
  if (provider === 'sqlite') {
    const path = sqlitePathFromUrl(options.url);
    mkdirSync(dirname(path), { recursive: true });
    const adapter = withPragmas(new PrismaBetterSqlite3({ url: path, timeout: 10_000 }), SQLITE_PRAGMAS);
    return new SqlitePrismaClient({ adapter, log });
  }
  const adapter = new PrismaPg({ connectionString: options.url, max: options.poolSize ?? 10 });
  // Same schema, same model API: see the comment on `Db`.
  return new PostgresPrismaClient({ adapter, log }) as unknown as Db;
}

/** Runs `pragmas` on each connection the adapter factory opens, before any query. */
function withPragmas(inner: PrismaBetterSqlite3, pragmas: readonly string[]): SqlDriverAdapterFactory {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      await adapter.executeScript(sqlitePragmaScript(pragmas));
      return adapter;
    },
  };
}
