/**
 * Issue #12 on POST /ingest, over HTTP against a real server: hostile events carrying PII
 * in every string field are masked before storing (every column of every table scanned,
 * after sessionization and roll-ups); timestamps beyond the skew bound are rejected and
 * counted; every client of a batch is charged; a batch above the burst is a 413.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withCredentials, type TestServer } from '../helpers/server';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { dumpAllTables } from '../helpers/table-scan';
import { ensureShop } from '../../app/shops/shop-rows';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import { rollupShop } from '../../app/jobs/rollup-job';

async function post(url: string, shopKey: string, events: unknown[]) {
  const res = await fetch(`${url}/ingest`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ shopKey, events }) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** Planted PII: what must never be found in the database (each in its plain, decoded form). */
const EMAIL = 'zelda.quokka@example.org';
const PLANTED = {
  email: EMAIL,
  usPhone: '555-867-5309',
  usParens: '(555) 867-5309',
  auMobile: '0412 345 678',
  ukPhone: '+44 20 7946 0958',
  card: '4111 1111 1111 1111',
  cardRun: '4012888888881881',
  firstName: 'Zebulon',
  lastName: 'Quixtable',
};
const enc1 = encodeURIComponent(EMAIL); // %40
const enc2 = encodeURIComponent(enc1); // %2540
const enc3 = encodeURIComponent(enc2); // %252540

/** One hostile event per row: the field it attacks, and the value. */
const HOSTILE: Array<[string, Record<string, unknown>]> = [
  ['path ?email=', { path: `/search?email=${EMAIL}` }],
  ['path segment %40', { path: `/pages/${enc1}` }],
  ['path segment %2540', { path: `/pages/${enc2}` }],
  ['path segment %252540', { path: `/pages/${enc3}` }],
  ['path local phone', { path: `/call/${PLANTED.usPhone}` }],
  ['path names in keys', { path: `/p/first_name=${PLANTED.firstName}&last_name=${PLANTED.lastName}` }],
  ['query email + card', { name: 'search_submitted', query: `${EMAIL} ${PLANTED.card}` }],
  ['query phones', { name: 'search_submitted', query: `${PLANTED.usParens} or ${PLANTED.auMobile}` }],
  ['query uk phone, card run', { name: 'search_submitted', query: `${PLANTED.ukPhone} ${PLANTED.cardRun}` }],
  ['query name key', { name: 'search_submitted', query: `name: ${PLANTED.firstName} ${PLANTED.lastName}` }],
  ['utm email', { utm: { source: EMAIL, medium: enc2, campaign: `spring-${PLANTED.usPhone}` } }],
  ['utm name key', { utm: { campaign: `last_name=${PLANTED.lastName}` } }],
  ['refHost with userinfo', { refHost: `${EMAIL}` }],
  ['refHost phone', { refHost: `${PLANTED.usPhone}.example` }],
  ['placement + strategy', { name: 'waymark:rec_impression', placement: EMAIL.slice(0, 60), strategy: PLANTED.usPhone, items: [EMAIL, PLANTED.cardRun] }],
  ['ids', { name: 'product_viewed', productId: EMAIL, variantId: PLANTED.usPhone, collectionId: enc2 }],
  ['checkout', { name: 'checkout_completed', checkoutToken: `tok-${EMAIL}`, orderId: PLANTED.cardRun, lines: [{ productId: EMAIL, variantId: PLANTED.auMobile, qty: 1 }] }],
];

/** Legitimate values that must survive the masks unchanged. */
const KEPT = { path: '/collections/summer-2024/products/7234567890123', query: 'jeans 2024 size 32 #1001 SKU-12345', campaign: 'black_friday_2025' };

describe.each(PROVIDERS_UNDER_TEST)('ingest trust on %s', (provider) => {
  let s: TestServer;
  let shopKey: string;
  let shopId: number;
  const now = Date.now();
  beforeAll(async () => {
    s = await startTestServer({ provider, env: { ...withCredentials(), WAYMARK_INGEST_MAX_SKEW_HOURS: '24' }, limits: { client: { ratePerSec: 0.01, burst: 10 } } });
    const shop = await ensureShop(s.db, 'trust.myshopify.com');
    shopKey = shop.shopKey;
    shopId = shop.id;
  });
  afterAll(() => s.close());

  it('masks planted PII in every string field before storing: no table holds it', async () => {
    const events = HOSTILE.map(([, fields], i) => ({ id: `pii-${i}`, name: 'page_viewed', ts: now - 60_000 + i, clientId: `pii-client-${i}`, ...fields }));
    events.push({ id: 'kept-1', name: 'search_submitted', ts: now - 1000, clientId: 'kept-client', path: KEPT.path, query: KEPT.query, utm: { campaign: KEPT.campaign } } as never);
    const res = await post(s.url, shopKey, events);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(events.length);
    await sessionizeShop(s.db, shopId);
    await rollupShop(s.db, shopId);

    const dump = await dumpAllTables(s.db, provider);
    const all = Object.values(dump).join('\n').toLowerCase();
    const needles = [...Object.values(PLANTED), enc1, enc2, enc3, 'zelda.quokka', '5558675309', '867-5309', '345 678', '7946 0958', '4111 1111', '4012888888881881'];
    for (const needle of needles) {
      const hit = Object.entries(dump).find(([, text]) => text.toLowerCase().includes(needle.toLowerCase()));
      expect(hit?.[0], `planted "${needle}" found in table ${hit?.[0]}`).toBeUndefined();
    }
    expect(all).toContain('[email]');
    expect(all).toContain('[phone]');
    expect(all).toContain('[card]');
    // legitimate values are stored as sent
    const kept = await s.db.event.findFirst({ where: { shopId, eventId: 'kept-1' } });
    expect(kept).toMatchObject({ path: KEPT.path, query: KEPT.query, utmCampaign: KEPT.campaign });
    expect(s.server.metrics.snapshot().ingest_pii_masked_fields).toBeGreaterThanOrEqual(HOSTILE.length);
  });

  it('stores every acknowledged event whose id looks like a phone number, as distinct events with no PII in their ids', async () => {
    // Masking would turn both ids into `visit-[phone]` and drop the second as a duplicate.
    const ids = ['visit-3000-100-10', 'visit-3000-100-11', 'visit-555-867-5309'];
    const events = ids.map((id, i) => ({ id, name: 'page_viewed', ts: now - 30_000 + i, clientId: 'phone-like-ids', path: '/' }));
    const res = await post(s.url, shopKey, events);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(ids.length);
    const resent = await post(s.url, shopKey, events);
    expect(resent.body).toMatchObject({ accepted: 0, duplicates: ids.length });
    const stored = await s.db.event.findMany({ where: { shopId, eventId: { startsWith: 'masked-' } }, select: { eventId: true } });
    expect(stored).toHaveLength(ids.length);
    // The masked id is a keyed hash in hex; its digits can spell anything, so check its shape and that no
    // phone-like run with separators survived.
    for (const { eventId } of stored) {
      expect(eventId).toMatch(/^masked-[0-9a-f]+$/);
      expect(eventId).not.toMatch(/3000-100|555-867|867-5309/);
    }
  });

  it('rejects events dated outside ±24 h of receipt, per event, and counts them', async () => {
    const before = s.server.metrics.snapshot().ingest_dropped_ts_out_of_range ?? 0;
    const day = 86_400_000;
    const stamps = [0, Date.UTC(2200, 0, 1), now - 2 * day, now + 2 * day, now - day / 2, now + 60_000];
    const events = stamps.map((ts, i) => ({ id: `skew-${i}`, name: 'page_viewed', ts, clientId: `skew-${i}`, path: '/' }));
    const res = await post(s.url, shopKey, events);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected.map((r: { index: number; field: string }) => [r.index, r.field])).toEqual([
      [0, 'ts'],
      [1, 'ts'],
      [2, 'ts'],
      [3, 'ts'],
    ]);
    expect((s.server.metrics.snapshot().ingest_dropped_ts_out_of_range ?? 0) - before).toBe(4);
    const stored = await s.db.event.findMany({ where: { shopId, eventId: { startsWith: 'skew-' } }, select: { eventId: true } });
    expect(stored.map((e) => e.eventId).sort()).toEqual(['skew-4', 'skew-5']);
  });

  it('charges every client of a batch, not only the first', async () => {
    const ev = (id: string, clientId: string) => ({ id, name: 'page_viewed', ts: now, clientId, path: '/' });
    // the victim client spends its burst of 10
    const own = Array.from({ length: 10 }, (_, i) => ev(`fair-a-${i}`, 'spent-client'));
    expect((await post(s.url, shopKey, own)).status).toBe(200);
    // a fresh client first, then 9 more events of the spent one: the spent one must be charged
    const smuggled = [ev('fair-b-0', 'fresh-client'), ...Array.from({ length: 9 }, (_, i) => ev(`fair-b-${i + 1}`, 'spent-client'))];
    const res = await post(s.url, shopKey, smuggled);
    expect(res.status).toBe(429);
    expect(await s.db.event.count({ where: { shopId, eventId: { startsWith: 'fair-b-' } } })).toBe(0);
    // many clients, each within its own burst, pass together
    const many = Array.from({ length: 40 }, (_, i) => ev(`fair-c-${i}`, `many-${i % 8}`));
    expect((await post(s.url, shopKey, many)).status).toBe(200);
  });

  it('answers 413 with a clear message to a batch holding more events of one client than its burst', async () => {
    const events = Array.from({ length: 11 }, (_, i) => ({ id: `big-${i}`, name: 'page_viewed', ts: now, clientId: 'big-client', path: '/' }));
    const res = await post(s.url, shopKey, events);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/11 events of one visitor.*burst of 10/);
    // and it stays 413 (never a 429 that a retry could satisfy)
    expect((await post(s.url, shopKey, events)).status).toBe(413);
  });
});
