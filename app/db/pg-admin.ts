/**
 * Small PostgreSQL server chores: reachability checks and creating / dropping whole
 * databases (shadow databases, throwaway dev databases, per-test databases).
 */
import pg from 'pg';
import { pgFieldsFromUrl, redactUrl, withPgDatabase, type PgConnectionFields } from './url';

type Target = string | PgConnectionFields;

const fieldsOf = (target: Target): PgConnectionFields =>
  typeof target === 'string' ? pgFieldsFromUrl(target) : target;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Runs `fn` on a client connected to `database` (default: the target's own database). */
async function withClient<T>(target: Target, database: string | undefined, fn: (c: pg.Client) => Promise<T>) {
  const fields = fieldsOf(target);
  const client = new pg.Client({ ...fields, database: database ?? fields.database, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {}); // a dropped idle connection must not crash the process
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A maintenance database to connect to when `database` itself is being created or dropped. */
const maintenanceDb = (fields: PgConnectionFields, database: string) =>
  fields.database === database ? 'postgres' : fields.database;

export async function createPgDatabase(target: Target, database: string): Promise<void> {
  const fields = fieldsOf(target);
  await withClient(fields, maintenanceDb(fields, database), (c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`));
}

/** DROP DATABASE IF EXISTS ... WITH (FORCE): also ends sessions still connected to it. */
export async function dropPgDatabase(target: Target, database: string): Promise<void> {
  const fields = fieldsOf(target);
  await withClient(fields, maintenanceDb(fields, database), (c) =>
    c.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`),
  );
}

/**
 * Creates a database named `database` on the server of `serverUrl` and returns its URL.
 * `serverUrl` is any URL of that server (its own database only serves as the
 * maintenance connection).
 */
export async function createPgDatabaseFromUrl(serverUrl: string, database: string): Promise<string> {
  await createPgDatabase(serverUrl, database);
  return withPgDatabase(serverUrl, database);
}

export type PgProbe =
  | { ok: true }
  | { ok: false; reason: 'unreachable' | 'no-database' | 'auth' | 'other'; message: string };

/** Connects once and reports whether (and why not) the database at `url` is usable. */
export async function probePg(url: string, timeoutMs = 3_000): Promise<PgProbe> {
  const fields = pgFieldsFromUrl(url);
  const client = new pg.Client({ ...fields, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const where = `${fields.host}:${fields.port}`;
    if (err.code === '3D000') {
      return { ok: false, reason: 'no-database', message: `database "${fields.database}" does not exist on ${where}` };
    }
    if (err.code === '28P01' || err.code === '28000') {
      return { ok: false, reason: 'auth', message: `authentication failed for ${redactUrl(url)}: ${err.message}` };
    }
    const network = ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'];
    if ((err.code && network.includes(err.code)) || /timeout|terminated/i.test(err.message ?? '')) {
      return {
        ok: false,
        reason: 'unreachable',
        message: `cannot reach PostgreSQL at ${where} (${err.code ?? err.message})`,
      };
    }
    return { ok: false, reason: 'other', message: `${redactUrl(url)}: ${err.message ?? String(e)}` };
  } finally {
    await client.end().catch(() => {});
  }
}
