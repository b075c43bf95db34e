/**
 * Replay converters on the real dataset samples in ../shared/data (skipped, with a
 * reason, when that folder is absent).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journeyEventSchema, type JourneyEvent } from '../../../../../app/api-contract/ingest';
import { sessionizeAll } from '../../../../../app/journeys/sessionize';
import { REPO_ROOT } from '../../../../../app/paths';
import { fromDiginetica, fromOtto, fromRees46, fromSessionItemCsv, fromUciRetail, fromYoochoose, londonToUtc, parseCsvLine, readLines, replayFiles } from '../../../../../app/demo/replay';

const DATA = resolve(REPO_ROOT, '../shared/data');
const have = existsSync(DATA);
if (!have && process.env.WAYMARK_TEST_DATA === '1') throw new Error(`WAYMARK_TEST_DATA=1 but the dataset samples are missing at ${DATA}`);
if (!have) console.warn(`replay tests skipped: dataset samples not found at ${DATA} (../shared/data)`);
const d = describe.skipIf(!have);

async function collect(it: AsyncIterable<JourneyEvent>): Promise<JourneyEvent[]> {
  const out: JourneyEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

function expectValid(events: JourneyEvent[]): void {
  for (const e of events) {
    const r = journeyEventSchema.safeParse(e);
    if (!r.success) throw new Error(`invalid event ${JSON.stringify(e)}: ${r.error.message}`);
  }
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
}

describe('csv', () => {
  it('parses quoted fields', () => {
    expect(parseCsvLine('536381,82567,"AIRLINE LOUNGE,METAL SIGN",2')).toEqual(['536381', '82567', 'AIRLINE LOUNGE,METAL SIGN', '2']);
    expect(parseCsvLine('1,"RECORD FRAME 7"" SINGLE SIZE ",48')).toEqual(['1', 'RECORD FRAME 7" SINGLE SIZE ', '48']);
    expect(parseCsvLine('a;b;c', ';')).toEqual(['a', 'b', 'c']);
  });
  it('converts UK local time with DST', () => {
    expect(londonToUtc('2010-12-01 08:26:00')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(londonToUtc('2011-07-01 12:00:00')).toBe(Date.UTC(2011, 6, 1, 11, 0));
  });
});

d('REES46 (Shopify-shaped → toJourneyEvent)', () => {
  const file = join(DATA, 'rees46-multicategory-2019oct-head/2019-Oct.head.csv');
  it('converts the whole 17,434-row sample', async () => {
    const events = await collect(fromRees46(readLines(file)));
    expectValid(events);
    const count = (n: string) => events.filter((e) => e.name === n).length;
    expect(count('product_viewed')).toBe(17_055);
    expect(count('product_added_to_cart')).toBe(165);
    // 214 purchase rows; no two share (session, second), so 214 orders.
    expect(count('checkout_completed')).toBe(214);
    expect(new Set(events.map((e) => e.clientId)).size).toBe(4_504);
    const first = events[0];
    expect(first).toMatchObject({ id: 'r46-2', name: 'product_viewed', productId: '44600062', price: 35.79, currency: 'USD', ts: Date.UTC(2019, 9, 1) });
    const order = events.find((e) => e.name === 'checkout_completed')!;
    expect(order.lines?.length).toBeGreaterThan(0);
    expect(order.total).toBeCloseTo(order.lines!.reduce((a, l) => a + (l.price ?? 0) * l.qty, 0), 2);
    // Sessionized by the 30-min gap per user: close to the 5,066 user_session ids (users' sessions
    // within 30 min merge; the sample spans < 3 h).
    const journeys = sessionizeAll(events).created;
    expect(journeys.length).toBeGreaterThan(4_504 - 1);
    expect(journeys.length).toBeLessThanOrEqual(5_066);
    expect(journeys.filter((j) => j.purchased).length).toBeGreaterThan(150);
  });
  it('honors limit and clientBy session', async () => {
    const events = await collect(fromRees46(readLines(file), { limit: 1000, clientBy: 'session' }));
    expect(events.length).toBeLessThanOrEqual(1000);
    expect(events.length).toBeGreaterThan(950);
    expect(events[0].clientId).toBe('r46s-72d76fde-8bb3-4e00-8c23-a032dfed738c');
  });
});

d('YooChoose / session-rec (compact shape)', () => {
  it('converts the session-rec 100k training file (tab-separated, Time in seconds)', async () => {
    const events = await collect(fromYoochoose(readLines(join(DATA, 'yoochoose-rsc15-100k/yoochoose-clicks-100k_train_full.txt')), { timeShiftSec: 7200 }));
    expectValid(events);
    expect(events).toHaveLength(70_278);
    expect(new Set(events.map((e) => e.clientId)).size).toBe(17_794);
    expect(new Set(events.map((e) => e.productId)).size).toBe(2_933);
    expect(events[0]).toMatchObject({ name: 'product_viewed', clientId: 'yc-3', productId: '214716935', ts: Math.round((1396437466.94 + 7200) * 1000) });
  });
  it('reads the raw clicks.dat layout', async () => {
    const raw = ['1,2014-04-07T10:51:09.277Z,214536502,0', '1,2014-04-07T10:54:09.868Z,214536500,0', '2,2014-04-07T13:56:37.614Z,214662742,S'];
    const events = await collect(fromYoochoose(raw));
    expectValid(events);
    expect(events.map((e) => [e.clientId, e.productId, e.ts])).toEqual([
      ['yc-1', '214536502', Date.UTC(2014, 3, 7, 10, 51, 9, 277)],
      ['yc-1', '214536500', Date.UTC(2014, 3, 7, 10, 54, 9, 868)],
      ['yc-2', '214662742', Date.UTC(2014, 3, 7, 13, 56, 37, 614)],
    ]);
  });
  it('reads the SessionId,ItemId,Time reference splits', async () => {
    const events = await collect(fromSessionItemCsv(readLines(join(DATA, 'reference-splits/diginetica-valid.test.csv'))));
    expectValid(events);
    expect(events).toHaveLength(66);
    expect(new Set(events.map((e) => e.clientId)).size).toBe(19);
  });
});

d('Diginetica (compact shape)', () => {
  it('converts the 11,173-view sample into 2,716 session clients', async () => {
    const events = await collect(fromDiginetica(readLines(join(DATA, 'diginetica-cikm16-sample/train-item-views.shared.csv'))));
    expectValid(events);
    expect(events).toHaveLength(11_173);
    expect(new Set(events.map((e) => e.clientId)).size).toBe(2_716);
    expect(new Set(events.map((e) => e.productId)).size).toBe(6_571);
    expect(events[0]).toMatchObject({ clientId: 'dg-1', productId: '81766', ts: Date.UTC(2016, 4, 9) + 526_309 });
    // Every session spans < 30 min except the ones crossing a date boundary.
    const journeys = sessionizeAll(events).created;
    expect(journeys.length).toBeGreaterThanOrEqual(2_716);
    expect(journeys.length).toBeLessThanOrEqual(2_716 + 2);
  });
});

d('OTTO (compact shape)', () => {
  it('converts the 20-session fixture: clicks, carts, orders grouped per checkout', async () => {
    const file = join(DATA, 'otto-recsys-first20/train.first20sessions.jsonl');
    const events = await collect(fromOtto(readLines(file)));
    expectValid(events);
    // Expected counts from the raw file.
    let clicks = 0;
    let carts = 0;
    let orderRows = 0;
    const checkouts = new Set<string>();
    for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const s = JSON.parse(line) as { session: number; events: Array<{ ts: number; type: string }> };
      for (const e of s.events) {
        if (e.type === 'clicks') clicks++;
        else if (e.type === 'carts') carts++;
        else {
          orderRows++;
          checkouts.add(`${s.session}:${e.ts}`);
        }
      }
    }
    expect([clicks, carts, orderRows]).toEqual([800, 52, 10]);
    const count = (n: string) => events.filter((e) => e.name === n).length;
    expect(count('product_viewed')).toBe(800);
    expect(count('product_added_to_cart')).toBe(52);
    expect(count('checkout_completed')).toBe(checkouts.size);
    expect(events.filter((e) => e.name === 'checkout_completed').reduce((a, e) => a + e.lines!.length, 0)).toBe(10);
    expect(new Set(events.map((e) => e.clientId)).size).toBe(20);
    // An OTTO "session" is 4 weeks of a user: the 30-min gap splits it into many visits.
    expect(sessionizeAll(events).created.length).toBeGreaterThan(100);
  });
});

d('UCI Online Retail (Shopify-shaped checkout_completed → toJourneyEvent)', () => {
  const dir = join(DATA, 'uci-online-retail');
  const files = ['online-retail.2010-12.csv', 'online-retail.2011-01.csv', 'online-retail.2011-02.csv'].map((f) => join(dir, f));
  it('emits one purchase per valid invoice across the three months', async () => {
    const events = await collect(replayFiles('uci', files));
    expectValid(events);
    expect(events.every((e) => e.name === 'checkout_completed' && e.currency === 'GBP')).toBe(true);
    // 4,089 non-cancellation invoices; 365 of them have only non-product / zero-price lines.
    expect(events).toHaveLength(3_724);
    expect(new Set(events.map((e) => e.orderId)).size).toBe(3_724);
    const first = events.find((e) => e.orderId === '536365')!;
    expect(first).toMatchObject({ clientId: 'uci-c17850', ts: Date.UTC(2010, 11, 1, 8, 26) });
    expect(first.lines).toHaveLength(7);
    expect(first.total).toBeCloseTo(139.12, 2);
    // Interleaved invoice 542806 is emitted once, with all its lines.
    const split = events.find((e) => e.orderId === '542806')!;
    expect(split.lines!.length).toBeGreaterThanOrEqual(10);
    expect(events.some((e) => e.clientId.startsWith('uci-i'))).toBe(true);
  });
  it('honors limit', async () => {
    const events = await collect(fromUciRetail(readLines(files[0]), { limit: 25 }));
    expect(events).toHaveLength(25);
    expectValid(events);
  });
});
