/**
 * The local queue's child job processes (app/cli/run-job.ts):
 *   - they run in the mode configured at start-up, even after a build step in the parent
 *     (Vite, in this process, as `npm run demo` used to) set process.env.NODE_ENV=production;
 *   - the admin page build (app/cli/web-build.ts) leaves this process's NODE_ENV alone;
 *   - a failed child job logs one line naming the root cause, and its Job row keeps the full
 *     text (the child's stderr with the stack).
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config';
import { createLogger } from '../../app/logger';
import { createJobQueue } from '../../app/jobs/queue';
import { ensureShop } from '../../app/shops/shop-rows';
import { createEventStore } from '../../app/ingest/event-store';
import { toRow } from '../../app/ingest/pipeline';
import { hashClientId } from '../../app/ingest/client-hash';
import { simulate } from '../../app/demo/simulator';
import { REPO_ROOT } from '../../app/paths';
import { buildWebIfMissing } from '../../app/cli/web-build';
import { freshSqliteDb, type FreshDb } from '../helpers/db';
import { capturingLogger } from '../helpers/capturing-logger';

const savedNodeEnv = process.env.NODE_ENV;
const restoreNodeEnv = () => {
  if (savedNodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = savedNodeEnv;
};


async function shopWithEvents(fresh: FreshDb, domain: string): Promise<number> {
  const shop = await ensureShop(fresh.db, domain);
  const store = createEventStore({ provider: 'sqlite', url: fresh.url });
  const rows = [...simulate({ seed: domain, events: 300, products: 40, days: 3 })].map((e) =>
    toRow(shop.id, e.event, hashClientId(shop.salt, e.event.clientId), e.device, new Date()),
  );
  await store.insert(rows);
  await store.close();
  return shop.id;
}

const tempDirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'waymark-web-build-'));
  tempDirs.push(d);
  return d;
};

describe('local queue child jobs', () => {
  let fresh: FreshDb;

  beforeAll(async () => {
    fresh = await freshSqliteDb();
  });

  afterEach(restoreNodeEnv);

  afterAll(async () => {
    restoreNodeEnv();
    await fresh?.cleanup();
    for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  });

  it('a child job still runs after a build step set process.env.NODE_ENV=production in the parent', async () => {
    // A fresh shell: no NODE_ENV, no credentials -> local mode, read at start-up.
    delete process.env.NODE_ENV;
    const config = loadConfig({ DATABASE_URL: fresh.url });
    expect(config.mode).toBe('local');
    const queue = createJobQueue({ db: fresh.db, logger: createLogger('silent'), child: { databaseUrl: fresh.url, nodeEnv: config.nodeEnv } });
    const shopId = await shopWithEvents(fresh, 'after-build.myshopify.com');

    // The trap: Vite's build, in this process, sets NODE_ENV=production.
    const { build } = await import('vite');
    await build({ configFile: join(REPO_ROOT, 'web', 'vite.config.ts'), logLevel: 'silent', build: { outDir: tempDir(), emptyOutDir: true } });
    expect(process.env.NODE_ENV).toBe('production');

    const r = await queue.enqueue('sessionize', shopId);
    await queue.idle();
    await queue.close();
    const row = await fresh.db.job.findUniqueOrThrow({ where: { id: r.jobId } });
    expect(row.error).toBeNull();
    expect(row.status).toBe('succeeded');
    expect(await fresh.db.journey.count({ where: { shopId } })).toBeGreaterThan(0);
  }, 90_000);

  it('building the admin page (app/cli/web-build.ts) leaves this process in its mode', async () => {
    delete process.env.NODE_ENV;
    const out = tempDir();
    expect(await buildWebIfMissing(out)).toBe('built');
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(process.env.NODE_ENV).toBeUndefined();
    expect(await buildWebIfMissing(out)).toBe('present');
  }, 90_000);

  it('a failed child job logs one line with its root cause and keeps the full error on its Job row', async () => {
    const { logger, lines } = capturingLogger();
    // The child told to run in production mode without credentials: it fails at start-up,
    // as every job did after the demo's in-process build.
    const queue = createJobQueue({ db: fresh.db, logger, child: { databaseUrl: fresh.url, nodeEnv: 'production' } });
    const shopId = await shopWithEvents(fresh, 'failing.myshopify.com');
    const r = await queue.enqueue('sessionize', shopId);
    await queue.idle();
    await queue.close();

    const failures = lines.filter((l) => String(l.msg).startsWith('job failed'));
    expect(failures).toHaveLength(1);
    expect(failures[0].msg).toBe(
      `job failed: sessionize shop ${shopId} (attempt 1/1): ConfigError: Production mode (NODE_ENV=production) needs the Shopify app credentials: set SHOPIFY_API_KEY, SHOPIFY_API_SECRET, HOST. ` +
        'Find the API key and secret in the Partner Dashboard (Apps > Waymark > Client credentials); HOST is the public https URL Shopify reaches this server on.',
    );
    expect(failures[0].level).toBe(50); // error: no retry in the local queue
    expect(failures[0].jobId).toBe(r.jobId);

    const row = await fresh.db.job.findUniqueOrThrow({ where: { id: r.jobId } });
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(1);
    expect(row.finishedAt).not.toBeNull();
    // The full text: the child's exit, its stderr with the stack trace of the cause.
    expect(row.error).toMatch(/^ChildJobError: ConfigError: Production mode .* \(exit 1\)\nchild stderr \(tail\):\n/);
    expect(row.error).toMatch(/ConfigError: Production mode[^\n]*\n\s+at loadConfig \(.*app\/config\.ts:\d+:\d+\)/);
    // The follow-ups of a failed job are not enqueued.
    expect(await fresh.db.job.count({ where: { shopId, type: { in: ['train', 'retention'] } } })).toBe(0);
  }, 60_000);
});
