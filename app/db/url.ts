/**
 * Database URLs: which provider a URL means, and how to take it apart.
 *
 * - SQLite: `file:./data/waymark.sqlite`, `file:/abs/path.db`, `file:///abs/path.db`
 *   or a bare path (`./data/x.sqlite`, `/tmp/x.db`). Relative paths are relative to
 *   the process's working directory (as Prisma does with driver adapters).
 * - PostgreSQL: `postgres://user:pass@host:5432/db` or `postgresql://...`.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WaymarkError } from '../errors';

export type Provider = 'sqlite' | 'postgresql';

export const PROVIDERS: readonly Provider[] = ['sqlite', 'postgresql'];

export class DatabaseUrlError extends WaymarkError {
  override name = 'DatabaseUrlError';
}

/** 'file:' URLs and plain paths are SQLite; postgres:// and postgresql:// are PostgreSQL. */
export function providerFromUrl(url: string): Provider {
  const u = url.trim();
  if (u === '') throw new DatabaseUrlError('Database URL is empty');
  if (/^postgres(ql)?:\/\//i.test(u)) return 'postgresql';
  if (/^file:/i.test(u)) return 'sqlite';
  // Any other scheme (mysql://, http://, sqlite://, ...) is a mistake, not a path.
  // A single letter before ':' is a Windows drive, so it still counts as a path.
  if (/^[a-z][a-z0-9+.-]+:/i.test(u)) {
    throw new DatabaseUrlError(
      `Unsupported database URL ${redactUrl(u)}: use file:<path> (SQLite) or postgresql://... (PostgreSQL)`,
    );
  }
  return 'sqlite';
}

/** The absolute file path of a SQLite URL or path (query string dropped). */
export function sqlitePathFromUrl(url: string): string {
  let u = url.trim();
  if (/^file:\/\//i.test(u)) {
    u = fileURLToPath(u.replace(/\?.*$/, ''));
  } else {
    u = u.replace(/^file:/i, '').replace(/\?.*$/, '');
  }
  if (u === '' || u === ':memory:') {
    throw new DatabaseUrlError(`SQLite URL ${JSON.stringify(url)} does not name a file`);
  }
  return isAbsolute(u) ? u : resolve(process.cwd(), u);
}

export interface PgConnectionFields {
  host: string;
  port: number;
  user?: string;
  password?: string;
  database: string;
  ssl?: boolean | { rejectUnauthorized: boolean };
}

/**
 * Splits a PostgreSQL URL into separate connection fields. (node-postgres lets a
 * `connectionString` override an explicit `database`, so code that needs to point the
 * same server at another database must not pass the connection string.)
 */
export function pgFieldsFromUrl(url: string): PgConnectionFields {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseUrlError(`Invalid PostgreSQL URL ${redactUrl(url)}`);
  }
  if (!/^postgres(ql)?:$/i.test(parsed.protocol)) {
    throw new DatabaseUrlError(`Not a PostgreSQL URL: ${redactUrl(url)}`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '') throw new DatabaseUrlError(`PostgreSQL URL ${redactUrl(url)} names no database`);
  const host = parsed.searchParams.get('host') ?? (decodeURIComponent(parsed.hostname) || 'localhost');
  const fields: PgConnectionFields = {
    host,
    port: parsed.port ? Number(parsed.port) : 5432,
    database,
  };
  if (parsed.username) fields.user = decodeURIComponent(parsed.username);
  if (parsed.password) fields.password = decodeURIComponent(parsed.password);
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode === 'require' || sslmode === 'prefer') fields.ssl = { rejectUnauthorized: false };
  else if (sslmode === 'verify-ca' || sslmode === 'verify-full') fields.ssl = true;
  else if (parsed.searchParams.get('ssl') === 'true') fields.ssl = true;
  return fields;
}

/** The same PostgreSQL URL pointing at another database on the same server. */
export function withPgDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = '/' + encodeURIComponent(database);
  return parsed.toString();
}

/** The URL with any password replaced by '***', safe for logs and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
