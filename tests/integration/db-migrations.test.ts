/**
 * The committed migrations, on SQLite and (when available, see tests/helpers/db.ts)
 * PostgreSQL: they apply from scratch, re-running applies nothing, the migrated database
 * matches the Prisma schema exactly, and the generated client works on it.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../app/db/client';
import {
  createMigrationFiles,
  defaultMigrationsDir,
  diffAgainstSchema,
  migrate,
  MigrationError,
} from '../../app/db/migrate';
import { dropPgDatabase } from '../../app/db/pg-admin';
import { withPgDatabase, type Provider } from '../../app/db/url';
import { isUniqueViolation } from '../../app/db/types';
import { PG_SERVER_URL, pgTestMode } from '../helpers/db';

const pg = await pgTestMode();

const committed = (provider: Provider) =>
  readdirSync(defaultMigrationsDir(provider), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

describe('committed migrations', () => {
  it('exist for both providers with the same names and a lock file each', () => {
    const sqlite = committed('sqlite');
    expect(sqlite.length).toBeGreaterThan(0);
    expect(sqlite.some((n) => /^\d{14}_init$/.test(n))).toBe(true);
    expect(committed('postgresql')).toEqual(sqlite);
    for (const provider of ['sqlite', 'postgresql'] as const) {
      const lock = readFileSync(join(defaultMigrationsDir(provider), 'migration_lock.toml'), 'utf8');
      expect(lock).toContain(`provider = "${provider}"`);
    }
  });
});

interface Target {
  url: string;
  cleanup(): Promise<void>;
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-migtest-'));
  // A folder that does not exist yet: migrate() must create it.
  return {
    url: `file:${join(dir, 'nested', 'folder', 'fresh.sqlite')}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function pgTarget(): Target {
  const name = `waymark_migtest_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  // The database does not exist yet: migrate() creates it, as `prisma migrate deploy` does.
  return { url: withPgDatabase(PG_SERVER_URL, name), cleanup: () => dropPgDatabase(PG_SERVER_URL, name) };
}

function suite(provider: Provider, makeTarget: () => Target) {
  // Migrated once here, so every test below can run alone or in any order; none of them
  // changes the schema of this database (the drift test breaks a database of its own).
  let target: Target;
  let db: Db;
  let fresh: { result: Awaited<ReturnType<typeof migrate>>; progress: string[] };
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    target = makeTarget();
    const progress: string[] = [];
    const t0 = performance.now();
    const result = await migrate({ url: target.url, onProgress: (m) => progress.push(m) });
    timings.migrateFresh = Math.round(performance.now() - t0);
    fresh = { result, progress };
    db = createDb({ provider, url: target.url });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await target?.cleanup();
    console.log(`[${provider}] timings (ms): ${JSON.stringify(timings)}`);
  });

  /** A shop of its own for a test (random domain and key). */
  const newShop = (prefix: string) => {
    const suffix = randomBytes(3).toString('hex');
    return db.shop.create({ data: { domain: `${prefix}-${suffix}.myshopify.com`, shopKey: `key_${prefix}_${suffix}`, salt: 's'.repeat(32) } });
  };

  it('applies every migration to a brand-new database', () => {
    const { result, progress } = fresh;
    expect(result.provider).toBe(provider);
    expect(result.applied).toEqual(committed(provider));
    expect(result.available).toEqual(committed(provider));
    expect(progress.some((m) => m.includes('applied'))).toBe(true);
  });

  it('applies nothing when run again', async () => {
    const t0 = performance.now();
    const again = await migrate({ provider, url: target.url });
    timings.migrateNoop = Math.round(performance.now() - t0);
    expect(again.applied).toEqual([]);
  });

  it('leaves the database exactly as the Prisma schema describes (empty diff)', async () => {
    const t0 = performance.now();
    const drift = await diffAgainstSchema({ url: target.url });
    timings.diff = Math.round(performance.now() - t0);
    expect(drift).toBe('');
  });

  it('needs no new migration for the current schema', async () => {
    // Plans a migration into a copy of the committed folder: nothing may come out.
    // If this fails, run `npm run db:new-migration -- <name>` after changing the schema.
    const tmp = mkdtempSync(join(tmpdir(), 'waymark-newmig-test-'));
    const other = provider === 'sqlite' ? sqliteTarget() : pgTarget();
    try {
      const dir = join(tmp, 'migrations');
      cpSync(defaultMigrationsDir(provider), dir, { recursive: true });
      const t0 = performance.now();
      const created = await createMigrationFiles({
        provider,
        devUrl: other.url,
        directoryName: '29991231000000_should_be_empty',
        migrationsDir: dir,
      });
      timings.planNewMigration = Math.round(performance.now() - t0);
      expect(created.script ?? '', 'prisma/schema.prisma changed without a migration').toBe('');
      expect(created.path).toBeNull();
      expect(existsSync(join(dir, '29991231000000_should_be_empty'))).toBe(false);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
      await other.cleanup();
    }
  });

  it('creates and reads a Shop and Events through the generated client', async () => {
    const shop = await newShop('test');
    expect(shop.id).toBeTypeOf('number');
    expect(shop.sessionGapMinutes).toBe(30);
    expect(Number(shop.sessionizedThrough)).toBe(0);
    expect(shop.installedAt).toBeInstanceOf(Date);

    const ts = new Date('2026-01-02T03:04:05.678Z');
    const event = await db.event.create({
      data: { shopId: shop.id, eventId: 'evt-1', name: 'page_viewed', ts, clientHash: 'ab'.repeat(32), price: 12.5 },
    });
    expect(['number', 'bigint']).toContain(typeof event.id);

    const read = await db.event.findUnique({ where: { shopId_eventId: { shopId: shop.id, eventId: 'evt-1' } } });
    expect(read?.ts.toISOString()).toBe(ts.toISOString());
    expect(read?.price).toBe(12.5);
    expect(read?.device).toBe('other');

    if (typeof event.id === 'bigint') {
      // BigInt ids keep their full 64-bit range on both engines (on SQLite thanks to
      // migrationSchema(): INTEGER PRIMARY KEY AUTOINCREMENT instead of Prisma's BIGINT).
      const anyDb = db as unknown as { event: { create(a: unknown): Promise<{ id: bigint }> } };
      const big = await anyDb.event.create({
        data: { id: 9_007_199_254_740_993n, shopId: shop.id, eventId: 'evt-big', name: 'page_viewed', ts, clientHash: 'ef'.repeat(32) },
      });
      expect(big.id).toBe(9_007_199_254_740_993n);
      if (provider === 'sqlite') {
        // SQLite's AUTOINCREMENT continues after the largest id ever used; PostgreSQL's
        // sequence ignores explicitly inserted ids, so this holds only on SQLite.
        const next = await db.event.create({
          data: { shopId: shop.id, eventId: 'evt-after-big', name: 'page_viewed', ts, clientHash: 'ef'.repeat(32) },
        });
        expect(next.id).toBe(9_007_199_254_740_994n);
      }
      await db.event.deleteMany({ where: { eventId: { in: ['evt-big', 'evt-after-big'] } } });
    }

    const withEvents = await db.shop.findUnique({ where: { id: shop.id }, include: { events: true } });
    expect(withEvents?.events).toHaveLength(1);
  });

  it('enforces the unique (shopId, eventId)', async () => {
    const shop = await newShop('unique');
    const data = { shopId: shop.id, eventId: 'evt-1', name: 'page_viewed', ts: new Date(), clientHash: 'cd'.repeat(32) };
    await db.event.create({ data });
    const dup = await db.event.create({ data }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(dup).not.toBeNull();
    expect(isUniqueViolation(dup)).toBe(true);

    // Duplicates are per shop: another shop may use the same Shopify event id.
    const other = await newShop('other');
    await expect(db.event.create({ data: { ...data, shopId: other.id } })).resolves.toBeTruthy();
    // skipDuplicates exists on PostgreSQL only, so the shared Db type (the SQLite
    // client's) does not offer it; checked here through the PostgreSQL client's API.
    if (provider === 'postgresql') {
      const pgEvents = db.event as unknown as {
        createMany(a: { data: unknown[]; skipDuplicates: boolean }): Promise<{ count: number }>;
      };
      const res = await pgEvents.createMany({ data: [data, { ...data, eventId: 'evt-2' }], skipDuplicates: true });
      expect(res.count).toBe(1);
    }
  });

  it('cascades a shop delete to its events (foreign keys on)', async () => {
    const shop = await newShop('cascade');
    await db.event.create({ data: { shopId: shop.id, eventId: 'evt-1', name: 'page_viewed', ts: new Date(), clientHash: 'cd'.repeat(32) } });
    await db.shop.delete({ where: { id: shop.id } });
    expect(await db.event.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it('detects drift: a missing index shows up in the diff', async () => {
    const broken = provider === 'sqlite' ? sqliteTarget() : pgTarget();
    await migrate({ url: broken.url });
    const brokenDb = createDb({ provider, url: broken.url });
    try {
      await brokenDb.$executeRawUnsafe('DROP INDEX "Event_shopId_ts_idx"');
      const drift = await diffAgainstSchema({ url: broken.url });
      expect(drift).toMatch(/CREATE INDEX "Event_shopId_ts_idx"/);
    } finally {
      await brokenDb.$disconnect();
      await broken.cleanup();
    }
  });
}

describe('SQLite', () => {
  suite('sqlite', sqliteTarget);

  it('opens connections with WAL, synchronous=NORMAL, busy_timeout and foreign keys', async () => {
    const t = sqliteTarget();
    try {
      await migrate({ url: t.url });
      const db = createDb({ url: t.url });
      try {
        const one = async (sql: string) => Object.values((await db.$queryRawUnsafe<Record<string, unknown>[]>(sql))[0]!)[0];
        expect(await one('PRAGMA journal_mode')).toBe('wal');
        expect(Number(await one('PRAGMA synchronous'))).toBe(1); // NORMAL
        expect(Number(await one('PRAGMA busy_timeout'))).toBe(10000);
        expect(Number(await one('PRAGMA foreign_keys'))).toBe(1);
      } finally {
        await db.$disconnect();
      }
    } finally {
      await t.cleanup();
    }
  });
});

describe('concurrent start-up (server and worker migrating together)', () => {
  for (const [provider, makeTarget] of [
    ['sqlite', sqliteTarget],
    ['postgresql', pgTarget],
  ] as const) {
    it.skipIf(provider === 'postgresql' && !pg.run)(`${provider}: applies each migration exactly once`, async () => {
      const t = makeTarget();
      try {
        const results = await Promise.all([1, 2, 3].map(() => migrate({ url: t.url })));
        const applied = results.flatMap((r) => r.applied);
        expect(applied).toEqual(committed(provider));
      } finally {
        await t.cleanup();
      }
    });
  }
});

describe.skipIf(!pg.run)('PostgreSQL', () => {
  suite('postgresql', pgTarget);

  it('no shadow or throwaway databases are left behind', async () => {
    const { default: pgLib } = await import('pg');
    const client = new pgLib.Client({ connectionString: PG_SERVER_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'waymark_shadow_%' OR datname LIKE 'prisma_migrate_shadow_db_%'",
      );
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});

describe('errors', () => {
  it('reports an unreachable PostgreSQL server clearly', async () => {
    const err = await migrate({ url: 'postgresql://postgres@127.0.0.1:1/waymark' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as Error).message).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1/);
  });

  it('rejects a URL that is neither SQLite nor PostgreSQL', async () => {
    await expect(migrate({ url: 'mysql://root@localhost/waymark' })).rejects.toThrow(/Unsupported database URL/);
    await expect(migrate({ url: 'postgresql://' })).rejects.toThrow(/PostgreSQL URL/);
  });

  it('rejects a provider that contradicts the URL', async () => {
    await expect(migrate({ provider: 'postgresql', url: 'file:./x.sqlite' })).rejects.toThrow(/does not match/);
  });
});
