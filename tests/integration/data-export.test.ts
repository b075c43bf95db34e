/**
 * GET /api/data/export streams (row counts and valid JSON over several keyset pages),
 * runs one at a time per shop (409 + Retry-After while one is open) and is rate limited
 * (429 + Retry-After).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { ensureShop } from '../../app/shops/shop-rows';
import { toRow } from '../../app/ingest/pipeline';
import { PAGE_ROWS } from '../../app/routes/api-data-export';

const EVENTS = PAGE_ROWS * 5 + 345;

describe.each(PROVIDERS_UNDER_TEST)('GET /api/data/export on %s', (provider) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ provider });
    const shop = await ensureShop(s.db, s.config.devShop!);
    const t0 = Date.UTC(2026, 10, 1);
    const rows = Array.from({ length: EVENTS }, (_, i) =>
      toRow(shop.id, { id: `exp-${i}`, name: 'page_viewed', ts: t0 + i * 1000, clientId: 'c', path: `/products/p-${i % 50}-${'x'.repeat(400)}` }, `hash-${i % 97}`, 'desktop', new Date(t0)),
    );
    await s.server.eventStore.insert(rows);
    await s.db.journey.createMany({ data: Array.from({ length: 30 }, (_, i) => ({ id: `j_exp-${i}`, shopId: shop.id, clientHash: 'h', startedAt: new Date(t0 + i), endedAt: new Date(t0 + i), eventCount: 1 })) });
  });
  afterAll(() => s.close());

  it('streams every row as valid JSON, one export at a time, then rate limits', async () => {
    // An export whose body is not read yet stays open (the server waits for the socket to drain).
    const first = await fetch(`${s.url}/api/data/export`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-disposition')).toMatch(/attachment/);
    const second = await fetch(`${s.url}/api/data/export`);
    expect(second.status).toBe(409);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await second.json()).error.message).toMatch(/already running/);

    const body = JSON.parse(await first.text());
    expect(body.shop).toBe(s.config.devShop);
    expect(body.events).toHaveLength(EVENTS);
    expect(new Set(body.events.map((e: { eventId: string }) => e.eventId)).size).toBe(EVENTS);
    // newest first, across page boundaries
    const ids = body.events.map((e: { id: string }) => BigInt(e.id));
    expect(ids.every((id: bigint, i: number) => i === 0 || id < ids[i - 1])).toBe(true);
    expect(body.journeys).toHaveLength(30);
    expect(Array.isArray(body.products) && Array.isArray(body.models)).toBe(true);

    // limit still caps the events
    const limited = await fetch(`${s.url}/api/data/export?limit=1500`);
    expect((await limited.json()).events).toHaveLength(1500);
    const third = await fetch(`${s.url}/api/data/export?limit=1`);
    expect(third.status).toBe(200);
    await third.text();
    // three exports spent the burst (the refused 409 cost nothing): the next one waits
    const fourth = await fetch(`${s.url}/api/data/export`);
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
