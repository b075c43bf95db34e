/**
 * A shop with a simulated catalog and simulated journeys, written through the ingest event
 * store and sessionized: ready to train. Shared by the benchmarks and the worker tests.
 */
import type { Db } from '../../app/db/client';
import { providerFromUrl } from '../../app/db/url';
import { ensureShop, type ShopRow } from '../../app/shops/shop-rows';
import { upsertProducts } from '../../app/catalog/products';
import { createEventStore } from '../../app/ingest/event-store';
import { toRow } from '../../app/ingest/pipeline';
import { hashClientId } from '../../app/ingest/client-hash';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { simulate, simulatorCatalogs, catalogProductRows } from '../../app/demo/simulator';

export async function seedTrainableShop(
  db: Db,
  url: string,
  opts: { domain?: string; events?: number; products?: number; seed?: string } = {},
): Promise<ShopRow & { productIds: string[] }> {
  const domain = opts.domain ?? 'worker-test.myshopify.com';
  const products = opts.products ?? 300;
  const seed = opts.seed ?? 'worker';
  const shop = await ensureShop(db, domain);
  const [catalog] = simulatorCatalogs({ seed, products });
  const rows = catalogProductRows(catalog);
  await upsertProducts(db, shop.id, rows.map((p) => ({ ...p, tags: p.tags.join(',') })));
  const store = createEventStore({ provider: providerFromUrl(url), url });
  const now = new Date();
  let batch = [];
  for (const e of simulate({ seed, events: opts.events ?? 20_000, products, days: 30 })) {
    batch.push(toRow(shop.id, e.event, hashClientId(shop.salt, e.event.clientId), e.device, now));
    if (batch.length === 500) {
      await store.insert(batch);
      batch = [];
    }
  }
  if (batch.length) await store.insert(batch);
  await store.close();
  await sessionizeShop(db, shop.id);
  return { ...shop, productIds: rows.map((r) => r.productId) };
}
