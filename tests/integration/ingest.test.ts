import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, postWebhook, withCredentials, type TestServer } from '../helpers/server';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { ensureShop } from '../../app/shops/shop-rows';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import type { JourneyEvent } from '../../app/api-contract/ingest';

const T0 = Date.UTC(2026, 10, 1, 10, 0, 0);
function ev(i: number, over: Partial<JourneyEvent> = {}): JourneyEvent {
  return { id: `sh-${i}`, name: 'page_viewed', ts: T0 + i * 1000, clientId: 'client-a', path: '/', ...over };
}

async function post(url: string, body: unknown, init: RequestInit = {}) {
  const res = await fetch(`${url}/ingest`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

describe.each(PROVIDERS_UNDER_TEST)('POST /ingest on %s', (provider) => {
  let s: TestServer;
  let shopKey: string;
  let shopId: number;
  beforeAll(async () => {
    s = await startTestServer({ provider, env: withCredentials(), limits: { client: { ratePerSec: 1, burst: 60 } } });
    const shop = await ensureShop(s.db, 'ingest.myshopify.com');
    shopKey = shop.shopKey;
    shopId = shop.id;
  });
  afterAll(() => s.close());

  it('stores a good batch, and a duplicate delivery once', async () => {
    const events = [ev(1), ev(2, { name: 'product_viewed', productId: '101', price: 20, path: '/products/x' })];
    const first = await post(s.url, { shopKey, events });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const again = await post(s.url, { shopKey, events });
    expect(again.body).toEqual({ accepted: 0, duplicates: 2, rejected: [] });
    expect(await s.db.event.count({ where: { shopId, eventId: { in: ['sh-1', 'sh-2'] } } })).toBe(2); // this test's events, once each
  });

  it('accepts the good events of a mixed batch and names the bad fields', async () => {
    const res = await post(s.url, {
      shopKey,
      events: [ev(3), { ...ev(4), ts: 'yesterday' }, { ...ev(5), name: 'not_an_event' }, ev(6)],
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected.map((r: { index: number; field: string }) => [r.index, r.field])).toEqual([
      [1, 'ts'],
      [2, 'name'],
    ]);
  });

  it('rejects malformed bodies with 4xx and a JSON error naming the field', async () => {
    expect((await post(s.url, '{not json')).status).toBe(400);
    const noEvents = await post(s.url, { shopKey, events: [] });
    expect(noEvents.status).toBe(400);
    expect(noEvents.body.error.fields[0].path).toBe('events');
    const noKey = await post(s.url, { events: [ev(9)] });
    expect(noKey.body.error.fields[0].path).toBe('shopKey');
    const allBad = await post(s.url, { shopKey, events: [{ id: 'x' }] });
    expect(allBad.status).toBe(400);
    expect(allBad.body.rejected[0].index).toBe(0);
  });

  it('refuses unknown shops, and shops that uninstalled', async () => {
    expect((await post(s.url, { shopKey: 'wm_unknownkey123', events: [ev(10)] })).status).toBe(403);
    const other = await ensureShop(s.db, 'gone.myshopify.com');
    expect((await post(s.url, { shopKey: other.shopKey, events: [ev(11)] })).status).toBe(200);
    expect((await postWebhook(s.url, 'app/uninstalled', 'gone.myshopify.com', { myshopify_domain: 'gone.myshopify.com' })).status).toBe(200);
    expect((await post(s.url, { shopKey: other.shopKey, events: [ev(12)] })).status).toBe(403);
  });

  it('caps the body size (413)', async () => {
    const big = { shopKey, events: [ev(13, { path: '/' + 'a'.repeat(70_000) })] };
    expect((await post(s.url, big)).status).toBe(413);
    // well past the limit, the body is still read to its end: an answer, not a reset connection
    const huge = { shopKey, events: [ev(13, { path: '/' + 'a'.repeat(2_000_000) })] };
    for (let i = 0; i < 5; i++) expect((await post(s.url, huge)).status).toBe(413);
  });

  it('caps a body sent without Content-Length (chunked) too, and refuses what it would have to guess at', async () => {
    const big = JSON.stringify({ shopKey, events: [ev(14, { path: '/' + 'b'.repeat(70_000) })] });
    const chunked = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    expect((await post(s.url, '', { body: chunked, duplex: 'half' } as RequestInit)).status).toBe(413);
    const gzip = await post(s.url, { shopKey, events: [ev(15)] }, { headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' } });
    expect(gzip.status).toBe(400);
    expect(gzip.body.error.message).toMatch(/content encoding "gzip"/);
    const latin1 = await post(s.url, { shopKey, events: [ev(16)] }, { headers: { 'content-type': 'text/plain; charset=latin1' } });
    expect(latin1.status).toBe(400);
    expect(latin1.body.error.message).toMatch(/charset "latin1"/);
    const utf8 = await post(s.url, { shopKey, events: [ev(17)] }, { headers: { 'content-type': 'text/plain;charset=UTF-8' } });
    expect(utf8.status).toBe(200);
    const get = await fetch(`${s.url}/ingest`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
  });

  it('rate-limits one client with 429 and Retry-After', async () => {
    const burst = (from: number) => Array.from({ length: 40 }, (_, i) => ev(from + i, { clientId: 'flooder' }));
    expect((await post(s.url, { shopKey, events: burst(1000) })).status).toBe(200);
    const res = await post(s.url, { shopKey, events: burst(1100) });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers 413, not an endless 429, to a batch larger than one client may ever send at once', async () => {
    const events = Array.from({ length: 70 }, (_, i) => ev(1200 + i, { clientId: 'big-batch' }));
    const res = await post(s.url, { shopKey, events });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/burst of 60/);
    expect(res.headers.get('retry-after')).toBeNull();
  });

  it('answers CORS for the strict-sandbox pixel', async () => {
    const pre = await fetch(`${s.url}/ingest`, { method: 'OPTIONS' });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const res = await post(s.url, { shopKey, events: [ev(20)] });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('stores no raw client id or IP, and reduces the user agent to a device class', async () => {
    await post(
      s.url,
      { shopKey, events: [ev(30, { clientId: 'raw-client-id-XYZ' })] },
      { headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148' } },
    );
    const row = await s.db.event.findUnique({ where: { shopId_eventId: { shopId, eventId: 'sh-30' } } });
    expect(row?.clientHash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('raw-client-id-XYZ');
    expect(row?.device).toBe('mobile');
  });

  it('sessionizes incrementally, splitting on the 30-minute gap', async () => {
    const c = 'client-sessions';
    const base = T0 + 86_400_000;
    const first = [
      ev(2000, { clientId: c, ts: base, path: '/collections/shirts', name: 'collection_viewed', collectionId: '9' }),
      ev(2001, { clientId: c, ts: base + 60_000, path: '/products/x', name: 'product_viewed', productId: '101' }),
    ];
    await post(s.url, { shopKey, events: first });
    const r1 = await sessionizeShop(s.db, shopId);
    expect(r1.events).toBeGreaterThan(0);
    const later = [
      ev(2002, { clientId: c, ts: base + 2 * 60_000, name: 'product_added_to_cart', productId: '101' }),
      ev(2003, { clientId: c, ts: base + 3 * 3_600_000, path: '/', name: 'page_viewed' }),
    ];
    await post(s.url, { shopKey, events: later });
    const r2 = await sessionizeShop(s.db, shopId);
    expect(r2.events).toBe(2); // only the new events were read
    const hash = (await s.db.event.findFirstOrThrow({ where: { shopId, eventId: 'sh-2000' } })).clientHash;
    const journeys = await s.db.journey.findMany({ where: { shopId, clientHash: hash }, orderBy: { startedAt: 'asc' } });
    expect(journeys).toHaveLength(2);
    expect(journeys[0]).toMatchObject({ eventCount: 3, landingStep: 'collection', isReturning: false });
    expect(journeys[0].steps).toBe('collection product cart');
    expect(journeys[1]).toMatchObject({ eventCount: 1, landingStep: 'home', isReturning: true });
    const unassigned = await s.db.event.count({ where: { shopId, journeyId: null } });
    expect(unassigned).toBe(0);
  });
});
