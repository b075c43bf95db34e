/**
 * The retrain policy (app/jobs/retrain-policy.ts) on a real database: events count as new
 * when the last training had not seen them sessionized, whenever they arrived; so a first
 * training that ran while the first events were still arriving does not block the retrain
 * their sessionizing asks for (a race the production end-to-end test met on a loaded machine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type FreshDb } from '../helpers/db';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { ensureShop } from '../../app/shops/shop-rows';
import { createEventStore } from '../../app/ingest/event-store';
import { toRow } from '../../app/ingest/pipeline';
import { simulate } from '../../app/demo/simulator';
import { shouldRetrain, RETRAIN_MIN_NEW_EVENTS } from '../../app/jobs/retrain-policy';

describe.each(PROVIDERS_UNDER_TEST)('retrain policy on %s', (provider) => {
  let fresh: FreshDb;
  beforeAll(async () => {
    fresh = await freshDb(provider);
  });
  afterAll(() => fresh?.cleanup());

  /** A shop whose events all arrived before its one model version was saved. */
  async function shopWithModel(domain: string, metrics: Record<string, unknown>) {
    const shop = await ensureShop(fresh.db, domain);
    const store = createEventStore({ provider, url: fresh.url });
    const received = new Date(Date.now() - 60_000);
    await store.insert([...simulate({ seed: domain, events: 2 * RETRAIN_MIN_NEW_EVENTS, products: 30, days: 1 })].map((e) => toRow(shop.id, e.event, `h-${e.event.clientId}`, e.device, received)));
    await store.close();
    await fresh.db.modelVersion.create({ data: { shopId: shop.id, version: 1, kind: 'pop', status: 'rejected', metrics: JSON.stringify(metrics) } });
    const ids = await fresh.db.event.aggregate({ where: { shopId: shop.id }, _max: { id: true }, _min: { id: true } });
    return { shop, maxId: Number(ids._max.id), minId: Number(ids._min.id) };
  }

  it('events the last training never read count as new, though they arrived before it was saved', async () => {
    const { shop } = await shopWithModel('read-before.myshopify.com', { eventsThrough: 0 });
    expect(await shouldRetrain(fresh.db, shop.id)).toMatchObject({ retrain: true, reason: `${2 * RETRAIN_MIN_NEW_EVENTS} new events since version 1` });
  });

  it('events the last training read do not', async () => {
    const seeded = await shopWithModel('read-all.myshopify.com', {});
    await fresh.db.modelVersion.updateMany({ where: { shopId: seeded.shop.id }, data: { metrics: JSON.stringify({ eventsThrough: seeded.maxId }) } });
    expect(await shouldRetrain(fresh.db, seeded.shop.id)).toMatchObject({ retrain: false, reason: '0 new events since version 1' });
  });

  it('a version saved before the watermark was recorded counts what arrived after it was saved', async () => {
    const { shop } = await shopWithModel('legacy.myshopify.com', { mrr20: 0.1 });
    expect(await shouldRetrain(fresh.db, shop.id)).toMatchObject({ retrain: false, reason: '0 new events since version 1' });
  });
});
