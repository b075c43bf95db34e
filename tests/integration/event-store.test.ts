/**
 * The ingest hot path's store on both engines: concurrent batches (which both write
 * together, group commit) are all stored, batches wait out SQLite's write lock held elsewhere, duplicates within and across batches are stored
 * once, and each caller learns how many of its own rows were new.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventStore, type EventRow, type EventStore } from '../../app/ingest/event-store';
import { ensureShop } from '../../app/shops/shop-rows';
import { sqlitePathFromUrl } from '../../app/db/url';
import { freshDb, PG_SERVER_URL, type FreshDb } from '../helpers/db';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';

function row(shopId: number, eventId: string, i = 0): EventRow {
  return {
    shopId, eventId, name: 'page_viewed', ts: new Date(Date.UTC(2026, 10, 1, 12, 0, i)), clientHash: 'c'.repeat(64), device: 'desktop',
    path: `/p/${i}`, refHost: null, utmSource: null, utmMedium: null, utmCampaign: null, productId: null, variantId: null,
    collectionId: null, price: null, qty: null, query: null, results: null, checkoutToken: null, orderId: null, total: null,
    lines: null, placement: null, items: null, strategy: null, step: 'other', receivedAt: new Date(),
  };
}

describe.each(PROVIDERS_UNDER_TEST)('event store on %s', (provider) => {
  let f: FreshDb;
  let store: EventStore;
  let shopId: number;
  let otherShopId: number;
  beforeAll(async () => {
    f = await freshDb(provider);
    shopId = (await ensureShop(f.db, 'store-a.myshopify.com')).id;
    otherShopId = (await ensureShop(f.db, 'store-b.myshopify.com')).id;
    store = createEventStore({ provider, url: f.url });
  });
  afterAll(async () => {
    await store?.close();
    await f?.cleanup();
  });

  it('stores 200 concurrent batches, each once, and counts each caller\'s new rows', async () => {
    const busyShopId = (await ensureShop(f.db, 'store-busy.myshopify.com')).id; // its own shop: the other tests' rows don't count
    const batches = Array.from({ length: 200 }, (_, b) => Array.from({ length: 20 }, (_, k) => row(busyShopId, `b${b}-e${k}`, k)));
    const counts = await Promise.all(batches.map((rows) => store.insert(rows)));
    expect(counts).toEqual(batches.map(() => 20));
    expect(await f.db.event.count({ where: { shopId: busyShopId } })).toBe(4_000);
  });

  it('stores a duplicate once, within a batch, across concurrent batches and across shops', async () => {
    expect(await store.insert([row(shopId, 'stored-before')])).toBe(1);
    const [a, b, c, d] = await Promise.all([
      store.insert([row(shopId, 'dup-1'), row(shopId, 'dup-1'), row(shopId, 'dup-2')]),
      store.insert([row(shopId, 'dup-2'), row(shopId, 'dup-3')]),
      store.insert([row(otherShopId, 'dup-1')]), // another shop's event id: not a duplicate
      store.insert([row(shopId, 'stored-before')]), // stored by an earlier insert
    ]);
    expect(a + b).toBe(3); // dup-1, dup-2, dup-3 once each, whichever batch won
    expect(c).toBe(1);
    expect(d).toBe(0);
    expect(await f.db.event.count({ where: { shopId, eventId: { startsWith: 'dup-' } } })).toBe(3);
    expect(await f.db.event.count({ where: { shopId: otherShopId } })).toBe(1);
  });

  it('rejects only the caller whose rows cannot be written; the batches around it are stored', async () => {
    const bad = { ...row(shopId, 'bad-1'), shopId: 999_999 }; // no such shop: foreign key violation
    const results = await Promise.allSettled([
      store.insert([row(shopId, 'before-bad')]),
      store.insert([row(shopId, 'next-to-bad'), row(shopId, 'next-to-bad-2')]),
      store.insert([bad]),
      store.insert([row(shopId, 'after-bad')]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : null))).toEqual([1, 2, null, 1]);
    expect(await f.db.event.count({ where: { shopId, eventId: { in: ['before-bad', 'next-to-bad', 'next-to-bad-2', 'after-bad'] } } })).toBe(4);
    expect(await store.insert([row(shopId, 'later')])).toBe(1);
  });

  // SQLite only: one writer at a time, across processes (a job host sessionizing).
  if (provider === 'sqlite') it('waits while another connection holds the write lock, then stores every waiting batch', async () => {
    const other = new Database(sqlitePathFromUrl(f.url));
    other.exec('BEGIN IMMEDIATE');
    const waiting = Promise.all([store.insert([row(shopId, 'locked-1')]), store.insert([row(shopId, 'locked-2'), row(shopId, 'locked-3')])]);
    let settled = false;
    void waiting.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    other.exec('COMMIT');
    other.close();
    expect(await waiting).toEqual([1, 2]);
    expect(await f.db.event.count({ where: { shopId, eventId: { startsWith: 'locked-' } } })).toBe(3);
  });

  // PostgreSQL only (SQLite has no server to drop connections).
  if (provider === 'postgresql') it('survives the server closing its idle connections (restart, failover)', async () => {
    expect(await store.insert([row(shopId, 'before-terminate')])).toBe(1);
    const admin = new pg.Client({ connectionString: PG_SERVER_URL });
    await admin.connect();
    try {
      const database = new URL(f.url).pathname.slice(1);
      const { rowCount } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
      expect(rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 200)); // the pool sees its idle clients die (no crash)
    expect(await store.insert([row(shopId, 'after-terminate')])).toBe(1);
    await f.db.$connect(); // Prisma's pool reconnects too
    expect(await f.db.event.count({ where: { shopId, eventId: { in: ['before-terminate', 'after-terminate'] } } })).toBe(2);
  });
});
