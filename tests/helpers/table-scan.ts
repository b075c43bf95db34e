/** Reads every row of every application table as text (for PII scans and isolation checks). */
import type { Db } from '../../app/db/client';
import type { Provider } from '../../app/db/url';

export async function tableNames(db: Db, provider: Provider): Promise<string[]> {
  const rows: Array<{ name: string }> =
    provider === 'sqlite'
      ? await db.$queryRawUnsafe(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      : await db.$queryRawUnsafe(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`);
  return rows.map((r) => r.name).filter((n) => n !== '_prisma_migrations');
}

export async function dumpAllTables(db: Db, provider: Provider): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await tableNames(db, provider)) {
    const rows = await db.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${table}"`);
    out[table] = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? `<${v.length} bytes>` : v));
  }
  return out;
}
