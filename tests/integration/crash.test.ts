/**
 * SIGKILL the server in the middle of an ingest load: every batch that was acknowledged
 * (200) is in the database, nothing is stored twice, and re-sending everything after a
 * restart (as the pixel's retries do) completes the set without duplicates.
 */
import { describe, expect, it } from 'vitest';
import { startServerProcess } from '../bench/server-process';
import { ensureShop } from '../../app/shops/shop-rows';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { freshDb } from '../helpers/db';
import type { JourneyEvent } from '../../app/api-contract/ingest';

const BATCH = 20;
function batch(i: number): JourneyEvent[] {
  return Array.from({ length: BATCH }, (_, k) => ({
    id: `crash-${i}-${k}`,
    name: 'product_viewed',
    ts: Date.UTC(2026, 10, 1) + i * 1000 + k,
    clientId: `crash-client-${i}`,
    path: '/products/x',
    productId: String(100 + k),
  }));
}

describe.each(PROVIDERS_UNDER_TEST)('crash during ingest on %s', (provider) => {
  it('keeps every acknowledged event, once', { timeout: 180_000 }, async () => {
    const fresh = await freshDb(provider);
    try {
      const shop = await ensureShop(fresh.db, 'crash.myshopify.com');
      const env = { DATABASE_URL: fresh.url, WAYMARK_INGEST_SHOP_RATE: '10000000', WAYMARK_INGEST_CLIENT_RATE: '100000' };
      const server = await startServerProcess(env);
      const acked: number[] = [];
      const sent: number[] = [];
      let next = 0;
      let killed = false;
      const post = (url: string, i: number) =>
        fetch(`${url}/ingest`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ shopKey: shop.shopKey, events: batch(i) }) });
      const worker = async () => {
        while (!killed) {
          const i = next++;
          sent.push(i);
          try {
            const res = await post(server.url, i);
            if (res.status === 200) acked.push(i);
            await res.arrayBuffer();
          } catch {
            /* the server died under this request: not acknowledged */
          }
        }
      };
      const workers = Array.from({ length: 16 }, worker);
      // Let a steady load build up, then kill -9 mid-flight.
      while (acked.length < 150) await new Promise((r) => setTimeout(r, 20));
      killed = true;
      server.child.kill('SIGKILL');
      await Promise.all(workers);
      expect(acked.length).toBeGreaterThanOrEqual(150);

      const ackedIds = acked.flatMap((i) => batch(i).map((e) => e.id));
      const storedIds = new Set((await fresh.db.event.findMany({ where: { shopId: shop.id }, select: { eventId: true } })).map((e) => e.eventId));
      const missing = ackedIds.filter((id) => !storedIds.has(id));
      expect(missing, 'acknowledged but not stored').toEqual([]);

      // The pixel re-sends what it could not confirm; a restarted server stores each event once.
      const restarted = await startServerProcess(env);
      try {
        const queue = [...sent];
        const statuses: number[] = [];
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            for (let i = queue.pop(); i !== undefined; i = queue.pop()) statuses.push((await post(restarted.url, i)).status);
          }),
        );
        expect(statuses.every((st) => st === 200)).toBe(true);
      } finally {
        await restarted.stop();
      }
      const total = await fresh.db.event.count({ where: { shopId: shop.id } });
      expect(total).toBe(sent.length * BATCH);
    } finally {
      await fresh.cleanup();
    }
  });
});
