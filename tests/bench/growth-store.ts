/**
 * Simulated stores for the cost-growth bench (tests/bench/cost-growth.ts): a fresh SQLite
 * database with S shops and their catalogs, preloaded with N simulated events through the
 * ingest event store in big batches (the fast path, not the HTTP one), or, for sizes where
 * the sessionize job alone would take many minutes, by the same INSERT plus each event's
 * journey taken from the simulator's session (so that job need not run); plus a fixed extra sample
 * of pixel batches, and storefront queries, for the measurements made at that size.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../app/db/migrate';
import { createDb, type Db } from '../../app/db/client';
import { ensureShop } from '../../app/shops/shop-rows';
import { createEventStore, EVENT_COLUMNS, type EventRow } from '../../app/ingest/event-store';
import { toRow } from '../../app/ingest/pipeline';
import { hashClientId } from '../../app/ingest/client-hash';
import { catalogProductRows, simulate, simulatorCatalogs } from '../../app/demo/simulator';
import type { JourneyEvent } from '../../app/api-contract/ingest';

export interface GrowthShop {
  id: number;
  domain: string;
  shopKey: string;
  salt: string;
}

export interface GrowthDb {
  url: string;
  path: string;
  db: Db;
  close(): Promise<void>;
}

export async function openGrowthDb(label: string): Promise<GrowthDb> {
  const dir = mkdtempSync(join(tmpdir(), `waymark-growth-${label}-`));
  const path = join(dir, 'growth.sqlite');
  const url = `file:${path}`;
  await migrate({ url, provider: 'sqlite' });
  const db = createDb({ provider: 'sqlite', url });
  return {
    url,
    path,
    db,
    async close() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The database file's size with its WAL, in MiB. */
export function dbMiB(path: string): number {
  const size = (p: string) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  };
  return (size(path) + size(`${path}-wal`)) / 2 ** 20;
}

export async function createShops(gdb: GrowthDb, stores: number, productsPerStore: number, seed: string): Promise<GrowthShop[]> {
  const catalogs = simulatorCatalogs({ seed, shops: stores, products: productsPerStore });
  const shops: GrowthShop[] = [];
  for (let i = 0; i < stores; i++) {
    const row = await ensureShop(gdb.db, `growth-${i + 1}.myshopify.com`);
    shops.push({ id: row.id, domain: row.domain, shopKey: row.shopKey, salt: row.salt });
    const products = catalogProductRows(catalogs[i]!).map((p) => ({ shopId: row.id, ...p, tags: p.tags.join(',') }));
    for (let k = 0; k < products.length; k += 500) await gdb.db.product.createMany({ data: products.slice(k, k + 500) });
  }
  return shops;
}

const DAY = 86_400_000;

/**
 * Writes `events` simulated events spread over the shops (the simulator picks a shop per
 * session), ending now, through the event store in batches of 5,000. With `journeys`, each
 * event also gets its simulator session as its journey (one UPDATE per batch), so the
 * store can be trained without the sessionize job.
 */
export async function preloadEvents(gdb: GrowthDb, shops: GrowthShop[], opts: { events: number; products: number; seed: string; journeys: boolean }) {
  const write = opts.journeys ? directWriter(gdb.path) : storeWriter(gdb.url);
  const now = new Date();
  const days = 60;
  let batch: EventRow[] = [];
  let journeys: string[] = [];
  // Product views of the most recent sessions (keyed "shop index:session"): the storefront queries.
  const views = new Map<string, string[]>();
  for (const e of simulate({ seed: opts.seed, shops: shops.length, events: opts.events, products: opts.products, days, startDate: now.getTime() - days * DAY })) {
    const shop = shops[e.shop]!;
    batch.push(toRow(shop.id, e.event, hashClientId(shop.salt, e.event.clientId), e.device, now));
    journeys.push(`s${e.session}`);
    if (e.event.name === 'product_viewed' && e.event.productId) {
      const key = `${e.shop}:${e.session}`;
      let v = views.get(key);
      if (!v) {
        views.set(key, (v = []));
        if (views.size > 20_000) views.delete(views.keys().next().value!);
      }
      v.push(e.event.productId);
    }
    if (batch.length === 5_000) {
      await write.insert(batch, journeys);
      batch = [];
      journeys = [];
    }
  }
  if (batch.length) await write.insert(batch, journeys);
  await write.close();
  return views;
}

/** Batches through the ingest event store (one transaction each). */
function storeWriter(url: string) {
  const store = createEventStore({ provider: 'sqlite', url });
  return { insert: (rows: EventRow[]) => store.insert(rows).then(() => undefined), close: () => store.close() };
}

/**
 * The event store's INSERT plus the journey column, one transaction per batch: rows as the
 * sessionize job would leave them, with the simulator's session as the journey.
 */
function directWriter(path: string) {
  const conn = new Database(path);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('busy_timeout = 10000');
  const columns = [...EVENT_COLUMNS, 'journeyId'];
  const stmt = conn.prepare(`INSERT INTO "Event" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT ("shopId", "eventId") DO NOTHING`);
  const values = new Array<unknown>(columns.length);
  const insert = conn.transaction((rows: EventRow[], journeys: string[]) => {
    rows.forEach((r, k) => {
      EVENT_COLUMNS.forEach((c, i) => {
        const v = r[c];
        values[i] = v instanceof Date ? v.toISOString().replace('Z', '+00:00') : v;
      });
      values[EVENT_COLUMNS.length] = journeys[k];
      stmt.run(values);
    });
  });
  return {
    insert: async (rows: EventRow[], journeys: string[]) => void insert(rows, journeys),
    close: async () => void conn.close(),
  };
}

/** The JSON bodies of POST /ingest for `events` fresh simulated events, in batches of `batchSize` per shop, timestamped now. */
export function sampleBodies(shops: GrowthShop[], opts: { events: number; products: number; seed: string; batchSize: number }) {
  const pending = new Map<number, JourneyEvent[]>();
  const bodies: { body: string; events: number }[] = [];
  const now = Date.now();
  const emit = (i: number, events: JourneyEvent[]) => bodies.push({ body: JSON.stringify({ shopKey: shops[i]!.shopKey, events }), events: events.length });
  let n = 0;
  for (const e of simulate({ seed: `${opts.seed}:sample`, shops: shops.length, events: opts.events, products: opts.products, days: 1 })) {
    const ev = { ...e.event, ts: now - 60_000 + (n++ % 1000) };
    let buf = pending.get(e.shop);
    if (!buf) pending.set(e.shop, (buf = []));
    buf.push(ev);
    if (buf.length === opts.batchSize) {
      emit(e.shop, buf);
      pending.set(e.shop, []);
    }
  }
  for (const [i, buf] of pending) if (buf.length) emit(i, buf);
  return bodies;
}

/** Raw app proxy queries (as the storefront block sends them), spread over the preloaded sessions with product views. */
export function storefrontQueries(shops: GrowthShop[], views: Map<string, string[]>, count: number) {
  const sessions = [...views].filter(([, v]) => v.length > 0);
  const placements = ['recommended', 'also_like', 'bought_together'] as const;
  return Array.from({ length: count }, (_, i) => {
    const [key, v] = sessions[(i * 7919) % sessions.length]!;
    const shop = shops[Number(key.split(':')[0])]!;
    const upto = 1 + (i % v.length);
    const recent = v.slice(Math.max(0, upto - 5), upto);
    return {
      domain: shop.domain,
      query: { placement: placements[i % 3], product_id: recent[recent.length - 1], recent: recent.join(','), limit: '8', visitor: `v${i % 997}` } as Record<string, string>,
    };
  });
}
