/**
 * The stages of `npm run demo` that make its data (./demo.ts runs them, and
 * tests/integration/demo-blocks.test.ts runs them on a fresh database): the dev shop and
 * its simulated catalog, the simulated shoppers through the real endpoints, then journeys,
 * roll-ups and models.
 */
import type { Db } from '../../db/client';
import type { AppServer } from '../../server';
import { ensureShop } from '../../shops/shop-rows';
import { upsertProducts } from '../../catalog/products';
import { sessionizeShop } from '../../jobs/sessionize-job';
import { trainShop } from '../../jobs/train-job';
import { rollupShop } from '../../jobs/rollup-job';
import { trainPropensity } from '../../jobs/propensity-job';
import type { JourneyEvent } from '../../api-contract/ingest';
import { catalogProductRows, simulateWithBlocks, simulatorCatalogs, type SimulatedEvent } from '../simulator';
import { createBlockEndpoint } from './block-endpoint';
import { postEvents } from './ingest-client';
import { createProgress } from './progress';

export interface SimulationRun {
  eventsTarget: number;
  seed: string;
  products: number;
  devShop: string;
  /** Signs the blocks' app proxy requests (local mode: the public local secret). */
  apiSecret: string;
}

/** One line per demo stage, on stderr (stdout's last line is the JSON summary). */
export function step(message: string) {
  console.error(`• ${message}`);
}

/** A fresh dev shop each run, so the demo is repeatable, with the simulated catalog. */
export async function setUpDevShop(db: Db, run: SimulationRun) {
  await db.shop.deleteMany({ where: { domain: run.devShop } });
  const shop = await ensureShop(db, run.devShop);
  const [catalog] = simulatorCatalogs({ seed: run.seed, products: run.products });
  // Offline demo: pictures come from the demo storefront, not a CDN.
  const rows = catalogProductRows(catalog).map((p) => ({
    ...p,
    tags: p.tags.join(','),
    imageUrl: `/storefront/images/${p.productId}.svg?t=${encodeURIComponent(p.title)}`,
  }));
  await upsertProducts(db, shop.id, rows);
  step(`Dev shop ${shop.domain}: ${rows.length} products in the simulated catalog`);
  return { shop, rows };
}

/** The day of the 30 on which the store's first model goes live (blocks answer "no recommendations" before). */
export const FIRST_MODEL_DAY = 8;

/**
 * The simulator's events through the real POST /ingest, one browser per request with its
 * user agent, as the pixel sends them; the theme blocks on its home, product and cart pages
 * ask the real app proxy endpoint (signed with the app's secret) and their impressions and
 * clicks go to /ingest with the visit's other events. After FIRST_MODEL_DAY of visits
 * `firstModel` runs (sessionize and train, as after an install), so the blocks serve the
 * model's recommendations from then on.
 */
export async function ingestSimulated(baseUrl: string, shop: { domain: string; shopKey: string }, run: SimulationRun, firstModel: () => Promise<void>) {
  step(`Simulating shoppers: ${run.eventsTarget.toLocaleString()} events through POST /ingest, theme blocks through the app proxy endpoint`);
  const blocks = createBlockEndpoint({ baseUrl, shop: shop.domain, secret: run.apiSecret });
  const progress = createProgress({ label: 'ingest', total: run.eventsTarget });
  const ingestStarted = performance.now();
  // The last 30 days, so the admin page's default range (30 days to today) shows them.
  const startDate = Date.now() - 30 * 86_400_000;
  const source = simulateWithBlocks({ seed: run.seed, events: run.eventsTarget, products: run.products, days: 30, startDate }, blocks.ask);
  const phases = splitAtSession(source, startDate + FIRST_MODEL_DAY * 86_400_000);
  const post = (events: AsyncIterable<{ event: JourneyEvent; userAgent: string }>, offset: number) =>
    postEvents({ baseUrl, shopKey: shop.shopKey, events, perClient: true, concurrency: 8, onProgress: (p) => progress.update(offset + p.sent) });
  const before = await post(phases.before, 0);
  await firstModel();
  const after = await post(phases.after, before.sent);
  const posted = { ...after, sent: before.sent + after.sent, accepted: before.accepted + after.accepted, rejected: before.rejected + after.rejected, failed: before.failed + after.failed, batches: before.batches + after.batches, errors: [...before.errors, ...after.errors] };
  if (posted.failed > 0) throw new Error(`ingest failed for ${posted.failed} events: ${posted.errors.slice(0, 3).join('; ')}`);
  progress.finish();
  return { posted, blocks: blocks.stats, ingestSeconds: (performance.now() - ingestStarted) / 1000 };
}

/** One stream of visits as two: the sessions that start before `cutoff`, then the rest. */
function splitAtSession(source: AsyncIterator<SimulatedEvent>, cutoff: number) {
  let held: IteratorResult<SimulatedEvent> | undefined;
  async function* phase(stopAt: number) {
    let session = -1;
    for (;;) {
      const r = held ?? (await source.next());
      held = undefined;
      if (r.done) return;
      if (r.value.session !== session && r.value.event.ts >= stopAt) {
        held = r;
        return;
      }
      session = r.value.session;
      yield { event: r.value.event, userAgent: r.value.userAgent };
    }
  }
  return { before: phase(cutoff), after: phase(Infinity) };
}

/** The store's first model from its first days of visits, live at once on the server's storefront endpoint. */
export async function firstModel(server: Pick<AppServer, 'jobs' | 'shopStates'>, db: Db, shopId: number) {
  await server.jobs.idle();
  await sessionizeShop(db, shopId);
  const trained = await trainShop(db, shopId);
  server.shopStates.invalidate(shopId);
  step(`  first model after ${FIRST_MODEL_DAY} days: ${trained.result.selected}; the blocks serve it from now on`);
}

/** Journeys, roll-ups, the recommendation models and purchase propensity for the dev shop. */
export async function buildJourneysAndModels(db: Db, shopId: number, eventsAccepted: number) {
  step('Building journeys (sessionizing)');
  const sessProgress = createProgress({ label: 'sessionize', total: eventsAccepted });
  const sess = await sessionizeShop(db, shopId, { onProgress: (p) => sessProgress.update(p.events) });
  sessProgress.finish();
  const rollup = await rollupShop(db, shopId);
  step(`  journey-map roll-ups: ${rollup.days.length} days`);
  const journeys = await db.journey.count({ where: { shopId } });
  const purchases = await db.journey.count({ where: { shopId, purchased: true } });

  step('Training this store\'s models (validated on its most recent sessions)');
  const trainProgress = createProgress({ label: 'train', total: 100 });
  const trained = await trainShop(db, shopId, { onProgress: (f, m) => trainProgress.update(Math.round(f * 100), m) });
  trainProgress.finish();
  step(`  selected ${trained.result.selected}: ${trained.result.note}`);

  step('Purchase propensity from the first steps of each visit');
  const propensity = (await trainPropensity(db, shopId)).report;
  step(`  ${propensity.status === 'ok' ? `selected ${propensity.selected}: ${propensity.selectionReason}` : propensity.message}`);
  return { sess, journeys, purchases, trained, propensity };
}
