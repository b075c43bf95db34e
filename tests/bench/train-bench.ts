/**
 * Training and serving benchmarks on simulated stores:
 * - the per-store pipeline (ml/train.ts: validate candidates, select, refit, bundle) on
 *   N simulated events, with each candidate's fit time and validation figures;
 * - in-process serving: recommend() latency for one request (bundle + eligibility).
 */
import { simulate, simulatorCatalogs, catalogProductRows } from '../../app/demo/simulator';
import { trainStore, type RawSession, type TrainResult } from '../../ml/train';
import { ServingBundle } from '../../ml/serve';
import { recommend } from '../../app/recs/recommend';
import type { ShopState } from '../../app/recs/shop-state';
import type { CatalogProduct } from '../../app/recs/eligibility';
import { percentile } from './http-load';
import type { LineItem } from '../../app/api-contract/ingest';

export interface SimulatedStore {
  sessions: RawSession[];
  baskets: string[][];
  products: ReturnType<typeof catalogProductRows>;
  events: number;
  simulateSeconds: number;
}

/** Simulated events grouped into sessions (the simulator's own session ids), baskets and the catalog. */
export function simulatedStore(events: number, products: number, seed = 'bench'): SimulatedStore {
  const t0 = performance.now();
  const sessions = new Map<number, RawSession>();
  const baskets: string[][] = [];
  let n = 0;
  for (const e of simulate({ seed, events, products, days: 60 })) {
    n++;
    const ev = e.event;
    let s = sessions.get(e.session);
    if (!s) sessions.set(e.session, (s = { id: String(e.session), events: [] }));
    if (ev.name === 'product_viewed' && ev.productId) s.events.push({ productId: ev.productId, ts: ev.ts, kind: 'view' });
    else if (ev.name === 'product_added_to_cart' && ev.productId) s.events.push({ productId: ev.productId, ts: ev.ts, kind: 'cart' });
    else if (ev.name === 'checkout_completed') {
      const ids = (ev.lines ?? []).map((l: LineItem) => l.productId).filter((x): x is string => !!x);
      if (ids.length) baskets.push(ids);
    }
  }
  const [catalog] = simulatorCatalogs({ seed, products });
  return {
    sessions: [...sessions.values()],
    baskets,
    products: catalogProductRows(catalog),
    events: n,
    simulateSeconds: (performance.now() - t0) / 1000,
  };
}

export async function benchTraining(store: SimulatedStore, candidates?: string[]): Promise<{ result: TrainResult; seconds: number }> {
  const t0 = performance.now();
  const result = await trainStore(
    { sessions: store.sessions, baskets: store.baskets, products: store.products.map((p) => ({ id: p.productId, title: p.title, productType: p.productType, vendor: p.vendor, tags: p.tags })) },
    { candidates },
  );
  return { result, seconds: (performance.now() - t0) / 1000 };
}

export async function benchServing(store: SimulatedStore, result: TrainResult, requests = 20_000) {
  const bundle = await ServingBundle.fromArtifact(result.bundle);
  const catalog = new Map<string, CatalogProduct>(
    store.products.map((p) => [
      p.productId,
      { id: p.productId, handle: p.handle, title: p.title, vendor: p.vendor, price: p.price, available: p.available, status: p.status, isGiftCard: p.isGiftCard, imageUrl: p.imageUrl },
    ]),
  );
  const state: ShopState = {
    shopId: 1, currency: 'USD', holdoutPercent: 10, merch: { exclusions: [], pins: [] }, catalog, bundle, modelVersion: 1, popular: [], stamp: '',
  };
  const withItems = store.sessions.filter((s) => s.events.length >= 2);
  const lat = new Float64Array(requests);
  const placements = ['recommended', 'also_like', 'bought_together'] as const;
  for (let i = 0; i < requests; i++) {
    const s = withItems[(i * 7919) % withItems.length];
    const upto = 1 + (i % (s.events.length - 1));
    const recent = s.events.slice(0, upto).map((e) => e.productId).slice(-20);
    const t0 = performance.now();
    recommend(state, { placement: placements[i % 3], productId: recent[recent.length - 1], cart: [], recent, limit: 8, visitor: `v${i}` });
    lat[i] = performance.now() - t0;
  }
  return {
    requests,
    sessions: store.sessions.length,
    products: store.products.length,
    model: bundle.sessionKind,
    p50Ms: percentile(lat, 0.5),
    p99Ms: percentile(lat, 0.99),
    maxMs: percentile(lat, 1),
  };
}
