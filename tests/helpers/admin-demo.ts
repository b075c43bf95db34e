/**
 * A dev shop with simulated shoppers behind a real Waymark server in local mode, for the
 * admin page's browser tests: catalog, events through the real POST /ingest (with the
 * "You may also like" block's impressions and clicks), sessionized, rolled up, trained.
 *
 *   const demo = await startAdminDemo({ events: 4000 });
 *   await page.goto(`${demo.url}/`);
 *   await demo.close();
 */
import { ensureShop } from '../../app/shops/shop-rows';
import { upsertProducts } from '../../app/catalog/products';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { rollupShop } from '../../app/jobs/rollup-job';
import { trainShop } from '../../app/jobs/train-job';
import { catalogProductRows, simulate, simulatorCatalogs } from '../../app/demo/simulator';
import { postEvents } from '../../app/demo/cli/ingest-client';
import { startTestServer, type TestServer } from './server';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface AdminDemo {
  url: string;
  s: TestServer;
  shopId: number;
  shopDomain: string;
  close(): Promise<void>;
}

export async function startAdminDemo(
  opts: { events?: number; days?: number; products?: number; seed?: number; train?: boolean; timezone?: string } = {},
): Promise<AdminDemo> {
  const events = opts.events ?? 4000;
  const days = opts.days ?? 42;
  const products = opts.products ?? 80;
  const seed = opts.seed ?? 7;
  const s = await startTestServer({ backgroundJobs: true });
  try {
    const shopDomain = s.config.devShop!;
    const shop = await ensureShop(s.db, shopDomain);
    if (opts.timezone) await s.db.shop.update({ where: { id: shop.id }, data: { timezone: opts.timezone } });
    const [catalog] = simulatorCatalogs({ seed, products });
    await upsertProducts(
      s.db,
      shop.id,
      catalogProductRows(catalog).map((p) => ({ ...p, tags: p.tags.join(',') })),
    );
    const start = Date.parse(`${dayOf(Date.now() - (days - 1) * DAY_MS)}T00:00:00Z`);
    const posted = await postEvents({
      baseUrl: s.url,
      shopKey: shop.shopKey,
      perClient: true,
      concurrency: 4,
      events: (function* () {
        let n = 0;
        for (const e of simulate({ seed, events, products, days: days - 0.5, startDate: start })) {
          yield { event: e.event, userAgent: e.userAgent };
          if (e.event.name === 'product_viewed' && e.event.productId && n++ % 4 !== 0) {
            const base = { clientId: e.event.clientId, path: e.event.path, placement: 'also_like', strategy: 'model' };
            yield { event: { ...base, id: `${e.event.id}-ri`, name: 'waymark:rec_impression' as const, ts: e.event.ts + 400, items: [e.event.productId] }, userAgent: e.userAgent };
            if (n % 7 === 0) {
              yield { event: { ...base, id: `${e.event.id}-rc`, name: 'waymark:rec_click' as const, ts: e.event.ts + 900, productId: e.event.productId }, userAgent: e.userAgent };
            }
          }
        }
      })(),
    });
    if (posted.failed > 0) throw new Error(`${posted.failed} event batches failed`);
    await s.server.jobs.idle();
    await sessionizeShop(s.db, shop.id);
    await rollupShop(s.db, shop.id);
    await s.server.jobs.idle();
    if (opts.train !== false) await trainShop(s.db, shop.id);
    return { url: s.url, s, shopId: shop.id, shopDomain, close: () => s.close() };
  } catch (e) {
    await s.close();
    throw e;
  }
}
