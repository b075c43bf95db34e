/**
 * Quick feedback answers (`waymark:feedback`) through the real POST /ingest: same validation,
 * limits and PII masking as every other event; the answer is stored masked in the free-text column.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withCredentials, type TestServer } from '../helpers/server';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { ensureShop } from '../../app/shops/shop-rows';
import { MAX_FEEDBACK_CHARS, type JourneyEvent } from '../../app/api-contract/ingest';

const T0 = Date.UTC(2026, 10, 1, 10, 0, 0);
const feedback = (i: number, over: Partial<JourneyEvent> = {}): JourneyEvent => ({
  id: `fb-${i}`, name: 'waymark:feedback', ts: T0 + i * 1000, clientId: 'client-fb', path: '/cart', placement: 'feedback:cart', answer: 'Shipping is too expensive', ...over,
});

async function post(url: string, body: unknown) {
  const res = await fetch(`${url}/ingest`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe.each(PROVIDERS_UNDER_TEST)('feedback events through POST /ingest on %s', (provider) => {
  let s: TestServer;
  let shopKey: string;
  let shopId: number;
  beforeAll(async () => {
    s = await startTestServer({ provider, env: withCredentials() });
    const shop = await ensureShop(s.db, 'feedback-ingest.myshopify.com');
    shopKey = shop.shopKey;
    shopId = shop.id;
  });
  afterAll(() => s.close());

  it('stores the answer with PII masked, on the step of the page it was given on', async () => {
    const res = await post(s.url, { shopKey, events: [feedback(1, { answer: 'Call me at +44 20 7946 0958 or mail jo@example.com, the size chart is missing' })] });
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const row = await s.db.event.findFirstOrThrow({ where: { shopId, eventId: 'fb-1' } });
    expect(row.name).toBe('waymark:feedback');
    expect(row.query).toContain('size chart is missing');
    expect(row.query).not.toContain('example.com');
    expect(row.query).not.toContain('7946');
    expect(row.placement).toBe('feedback:cart');
  });

  it('stores right-to-left, mixed-script and emoji answers as sent', async () => {
    const answers = ['الشحن بطيء جدا', 'Great 很好 отлично 👍', '😡😡'];
    const res = await post(s.url, { shopKey, events: answers.map((answer, i) => feedback(10 + i, { answer })) });
    expect(res.body.accepted).toBe(3);
    const rows = await s.db.event.findMany({ where: { shopId, eventId: { in: ['fb-10', 'fb-11', 'fb-12'] } }, orderBy: { eventId: 'asc' } });
    expect(rows.map((r) => r.query)).toEqual(answers);
  });

  it('rejects a blank or too long answer, and an answer on any other event', async () => {
    const res = await post(s.url, {
      shopKey,
      events: [
        feedback(20, { answer: '   ' }),
        feedback(21, { answer: 'x'.repeat(MAX_FEEDBACK_CHARS + 1) }),
        { id: 'pv-22', name: 'page_viewed', ts: T0, clientId: 'client-fb', path: '/', answer: 'smuggled' },
        feedback(23, { answer: undefined }),
        feedback(24),
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { index: number; field: string }) => [r.index, r.field])).toEqual([
      [0, 'answer'],
      [1, 'answer'],
      [2, 'answer'],
      [3, 'answer'],
    ]);
  });
});
