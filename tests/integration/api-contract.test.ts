/**
 * Every admin API answer from a real server, parsed with its schema in app/api-contract
 * (strict objects: a field the server adds, drops or retypes fails here). The shop has
 * simulated journeys (sessionized and rolled up), products, a model version, a data request
 * and a purchase-propensity report, so the answers hold rows, not just empty lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { installedShop, sessionToken, startTestServer, withCredentials, BROWSER_UA, type TestServer } from '../helpers/server';
import { hashClientId } from '../../app/ingest/client-hash';
import { toRow } from '../../app/ingest/pipeline';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { rollupShop } from '../../app/jobs/rollup-job';
import { simulate } from '../../app/demo/simulator';
import {
  dwellAnswerSchema,
  flowAnswerSchema,
  headlineAnswerSchema,
  insightsAnswerSchema,
  journeyMapAnswerSchema,
  pathsAnswerSchema,
  searchAnswerSchema,
} from '../../app/api-contract/analytics';
import { funnelBuilderAnswerSchema, funnelCollectionsAnswerSchema } from '../../app/api-contract/funnel';
import { searchClustersAnswerSchema } from '../../app/api-contract/search-clusters';
import { reviewInsightsAnswerSchema } from '../../app/api-contract/review-insights';
import { modelActivateAnswerSchema, modelsAnswerSchema } from '../../app/api-contract/models';
import { propensityAnswerSchema, propensityTrainAnswerSchema } from '../../app/api-contract/propensity';
import { performanceAnswerSchema } from '../../app/api-contract/recs';
import { settingsSchema } from '../../app/api-contract/settings';
import { dataRequestsAnswerSchema } from '../../app/api-contract/data-requests';
import { productsAnswerSchema, shopAnswerSchema } from '../../app/api-contract/shop';

const SHOP = 'api-contract.myshopify.com';
const RANGE = 'from=2026-01-01&to=2026-01-10';

describe.each(PROVIDERS_UNDER_TEST)('admin API answers match app/api-contract on %s', (provider) => {
  let s: TestServer;

  async function call<S extends z.ZodType>(schema: S, path: string, init: { method?: string; body?: unknown } = {}): Promise<z.infer<S>> {
    const res = await fetch(`${s.url}/api${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${sessionToken(SHOP)}`, 'user-agent': BROWSER_UA, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    expect(res.status, path).toBeLessThan(300);
    const parsed = schema.safeParse(await res.json());
    if (!parsed.success) throw new Error(`${path}: ${JSON.stringify(parsed.error.issues.slice(0, 5))}`);
    return parsed.data;
  }

  beforeAll(async () => {
    // The real local queue: propensity training runs as a background job, as in local mode.
    s = await startTestServer({ provider, env: withCredentials(), backgroundJobs: true });
    const shop = await installedShop(s.db, SHOP);
    const received = new Date();
    const rows = [...simulate({ seed: 21, days: 10, events: 4_000 })].map((e) =>
      toRow(shop.id, e.event, hashClientId(shop.salt, e.event.clientId), e.device, received),
    );
    for (let i = 0; i < rows.length; i += 500) await s.db.event.createMany({ data: rows.slice(i, i + 500) });
    await sessionizeShop(s.db, shop.id);
    await rollupShop(s.db, shop.id);
    await s.db.product.createMany({
      data: [
        { shopId: shop.id, productId: '101', handle: 'dome-tent', title: 'Dome Tent', imageUrl: 'https://cdn.example/tent.png' },
        { shopId: shop.id, productId: '102', handle: 'canoe', title: 'Touring Canoe' },
      ],
    });
    await s.db.modelVersion.create({
      data: { shopId: shop.id, version: 1, kind: 'item-knn', status: 'active', metrics: JSON.stringify({ hitRate: 0.2 }), baseline: '{}', activatedAt: new Date() },
    });
    await s.db.dataExport.create({ data: { shopId: shop.id, customerId: '42', ordersRequested: JSON.stringify(['7']) } });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it('analytics answers', async () => {
    const map = await call(journeyMapAnswerSchema, `/journey-map?${RANGE}`);
    expect(map.flow.nodes.length).toBeGreaterThan(0);
    expect(map.funnel.steps.length).toBeGreaterThan(0);
    expect(map.dwell.steps.length).toBeGreaterThan(0);
    const items = await call(flowAnswerSchema, `/flow?${RANGE}&detail=item`);
    expect(items.nodes.length).toBeGreaterThan(0);
    await call(flowAnswerSchema, `/flow?${RANGE}&anchor=purchase`);
    const funnel = await call(funnelBuilderAnswerSchema, `/funnel?${RANGE}&device=mobile&compare=true&mode=open&steps=session,product,event:add_to_cart`);
    expect(funnel.steps[0].sessions).toBeGreaterThan(0);
    expect(funnel.previous).not.toBeNull();
    await call(funnelCollectionsAnswerSchema, '/funnel/collections');
    await call(dwellAnswerSchema, `/dwell?${RANGE}`);
    await call(headlineAnswerSchema, `/headline?${RANGE}`);
    for (const outcome of ['purchase', 'exit']) expect((await call(pathsAnswerSchema, `/paths?${RANGE}&outcome=${outcome}`)).paths.length).toBeGreaterThan(0);
    expect((await call(searchAnswerSchema, `/search?${RANGE}`)).queries.length).toBeGreaterThan(0);
    expect((await call(searchClustersAnswerSchema, `/search/clusters?${RANGE}`)).top.length).toBeGreaterThan(0);
    await call(insightsAnswerSchema, `/insights?${RANGE}`);
    await call(reviewInsightsAnswerSchema, `/reviews/insights?${RANGE}`);
  });

  it('shop, products, settings, models, data requests and recommendation answers', async () => {
    await call(shopAnswerSchema, '/shop');
    expect((await call(productsAnswerSchema, '/products?query=tent')).products).toHaveLength(1);
    await call(productsAnswerSchema, '/products?ids=102,101');
    await call(settingsSchema, '/settings');
    await call(settingsSchema, '/settings', { method: 'PUT', body: { holdoutPercent: 10, merchandising: { exclusions: ['102'], pins: ['101'] } } });
    expect((await call(modelsAnswerSchema, '/models')).history).toHaveLength(1);
    expect(await call(modelActivateAnswerSchema, '/models/1/activate', { method: 'POST' })).toEqual({ active: 1, changed: false });
    expect((await call(dataRequestsAnswerSchema, '/data-requests')).requests).toHaveLength(1);
    await call(performanceAnswerSchema, `/recommendations/performance?${RANGE}`);
  });

  it('purchase propensity answers, before and after training', async () => {
    expect((await call(propensityAnswerSchema, '/propensity')).status).toBe('not_trained');
    const queued = await call(propensityTrainAnswerSchema, '/propensity/train', { method: 'POST', body: {} });
    expect(queued.status).toBe('training');
    // The job runs in the background; GET answers the contract's other shape until it is done.
    let answer = await call(propensityAnswerSchema, '/propensity');
    for (let i = 0; i < 200 && answer.status !== 'ready'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      answer = await call(propensityAnswerSchema, '/propensity');
    }
    expect(answer.status).toBe('ready');
    await call(propensityAnswerSchema, '/propensity?model=1');
  }, 120_000);
});
