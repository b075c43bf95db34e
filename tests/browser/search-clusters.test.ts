/**
 * The Insights page's Site search card in a real Chromium, against a real server (local
 * dev shop): hand-made journeys with plurals, a typo, a German word and a refinement go
 * through the ingest row mapping and the sessionizer; the page shows them as one cluster,
 * the zero-result cluster with its product suggestion and synonyms line, and a segment
 * filter removes the other device's clusters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashClientId } from '../../app/ingest/client-hash';
import { toRow } from '../../app/ingest/pipeline';
import { sessionizeShop } from '../../app/jobs/sessionize-job';
import type { JourneyEvent } from '../../app/api-contract/ingest';
import type { ShopRow } from '../../app/shops/shop-rows';
import type { TestServer } from '../helpers/server';
import { artifactPath, chromiumSkipReason } from '../helpers/browser';
import { startAdminSession, type AdminSession } from './admin-session';

const skip = chromiumSkipReason();

type Step = Omit<JourneyEvent, 'id' | 'ts' | 'clientId'>;
const search = (query: string, results: number): Step => ({ name: 'search_submitted', path: '/search', query, results });
const view = (productId: string): Step => ({ name: 'product_viewed', path: `/products/p-${productId}`, productId, price: 100 });
const home: Step = { name: 'page_viewed', path: '/' };

const JOURNEYS: Array<{ client: string; device: string; steps: Step[] }> = [
  { client: 'b1', device: 'mobile', steps: [home, search('Kayaks', 0), search('kayac', 0)] },
  { client: 'b2', device: 'mobile', steps: [home, search('kayak', 0), search('canoe', 3), view('2')] },
  { client: 'b3', device: 'desktop', steps: [home, search('tents', 4), view('1')] },
  { client: 'b4', device: 'desktop', steps: [home, search('tents', 4), view('1')] },
  { client: 'b5', device: 'desktop', steps: [home, search('zelt', 2), view('1')] },
  { client: 'b6', device: 'desktop', steps: [home, search('Zelt', 2), view('1')] },
  { client: 'b7', device: 'desktop', steps: [home, search('tent', 4), view('1')] },
  { client: 'b8', device: 'mobile', steps: [home, search('kayaks', 0), search('canoe', 3), view('2')] },
];

/** The catalog and JOURNEYS through the ingest row mapping, sessionized. */
async function seedSearchJourneys(s: TestServer, shop: ShopRow): Promise<void> {
  await s.db.product.createMany({
    data: [
      { shopId: shop.id, productId: '1', handle: 'p-1', title: 'Dome Tent', productType: 'Tent', tags: 'camping' },
      { shopId: shop.id, productId: '2', handle: 'p-2', title: 'Touring Canoe', productType: 'Canoe', tags: 'boat' },
      { shopId: shop.id, productId: '3', handle: 'p-3', title: 'Kayak Paddle', productType: 'Paddle', tags: 'kayak, paddle' },
    ],
  });
  const t0 = Date.now() - 2 * 86_400_000;
  const rows = JOURNEYS.flatMap((j, ji) =>
    j.steps.map((st, i) =>
      toRow(shop.id, { ...st, id: `${j.client}-${i}`, ts: t0 + ji * 3_600_000 + i * 20_000, clientId: j.client } as JourneyEvent, hashClientId(shop.salt, j.client), j.device, new Date()),
    ),
  );
  await s.db.event.createMany({ data: rows });
  await sessionizeShop(s.db, shop.id);
}

describe.skipIf(skip)('admin Insights: site search clusters in Chromium', () => {
  let admin: AdminSession;

  beforeAll(async () => {
    admin = await startAdminSession({ seed: seedSearchJourneys });
  }, 120_000);

  afterAll(() => admin?.close());

  it('shows plurals, case and a co-clicked German word as one search, with what shoppers did next', async () => {
    const { page } = admin;
    await admin.open('/app/insights');
    const tent = page.locator('[data-testid="search-cluster"]', { hasText: '“tents”' });
    await tent.waitFor({ timeout: 20_000 });
    expect(await tent.innerText()).toContain('also zelt, tent'); // most searched first
    const row = page.locator('tr', { has: tent });
    const cells = await row.locator('td, th').allInnerTexts();
    // searches, results opened, added to cart, purchases, sales, then
    expect(cells.slice(1, 4)).toEqual(['5', '100%', '0']);
    expect(cells[cells.length - 1]).toBe('100% opened a product');
    expect(await page.locator('[data-testid="search-cluster"]').count()).toBe(3); // tent, kayak, canoe
    await page.locator('#site-search').screenshot({ path: artifactPath('admin-search-clusters.png') });
  });

  it('explains a zero-result cluster and gives the synonyms to paste', async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: /Found nothing/ }).click();
    const zero = page.locator('[data-testid="search-cluster-zero"]');
    await zero.first().waitFor();
    const text = await zero.first().innerText();
    expect(text).toContain('found nothing 4 times');
    expect(text).toContain('Shoppers then found results with “canoe”');
    expect(text).toContain('Kayak Paddle');
    expect(await page.locator('[data-testid="search-synonyms"] textarea').inputValue()).toBe('canoe, kayaks, kayac, kayak');
  });

  it('honors the segment filter', async () => {
    const { page, pageErrors } = admin;
    await admin.open('/app/insights?device=mobile');
    await page.locator('[data-testid="search-cluster"]').first().waitFor({ timeout: 20_000 });
    const labels = await page.locator('[data-testid="search-cluster"]').allInnerTexts();
    expect(labels.some((l) => l.includes('zelt') || l.includes('tents'))).toBe(false);
    expect(labels.some((l) => l.includes('kayak'))).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
