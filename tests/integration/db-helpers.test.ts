/** The shared test helpers hand out isolated, migrated databases and clean them up. */
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlitePathFromUrl } from '../../app/db/url';
import { probePg } from '../../app/db/pg-admin';
import { freshPostgresDb, freshSqliteDb, pgTestMode, type FreshDb } from '../helpers/db';

const pg = await pgTestMode();

async function exercise(fresh: FreshDb) {
  const shop = await fresh.db.shop.create({ data: { domain: 'h.myshopify.com', shopKey: 'k', salt: 's' } });
  expect(await fresh.db.shop.count()).toBe(1);
  return shop;
}

describe('freshSqliteDb', () => {
  const made: FreshDb[] = [];
  afterAll(() => Promise.all(made.map((f) => f.cleanup())));

  it('gives each caller its own migrated database, and cleanup deletes it', async () => {
    const t0 = performance.now();
    const a = await freshSqliteDb();
    const b = await freshSqliteDb();
    console.log(`freshSqliteDb x2 (template copy): ${Math.round(performance.now() - t0)} ms`);
    made.push(a, b);
    expect(a.url).not.toBe(b.url);
    await exercise(a);
    expect(await b.db.shop.count()).toBe(0);
    await a.cleanup();
    await a.cleanup(); // idempotent
    expect(existsSync(sqlitePathFromUrl(a.url))).toBe(false);
  });

  it('can also run the real migrations on the new file', async () => {
    const c = await freshSqliteDb({ migrateFromScratch: true });
    made.push(c);
    await exercise(c);
  });
});

describe.skipIf(!pg.run)('freshPostgresDb', () => {
  it('creates a uniquely named, migrated database and drops it on cleanup', async () => {
    const t0 = performance.now();
    const a = await freshPostgresDb();
    console.log(`freshPostgresDb: ${Math.round(performance.now() - t0)} ms`);
    try {
      expect(a.url).toMatch(/\/waymark_test_[a-z0-9_]+$/);
      await exercise(a);
    } finally {
      await a.cleanup();
    }
    const after = await probePg(a.url);
    expect(after.ok).toBe(false);
    expect(after.ok ? '' : after.reason).toBe('no-database');
  });
});
