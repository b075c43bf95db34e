/**
 * Reviews kept fresh after the install: the daily `reviews` job re-reads the rating metafields
 * and the product_review metaobjects through the app's own Admin API client (the real
 * @shopify/shopify-api over HTTPS, stored offline token) against the Shopify stand-in, and the
 * sessionize follow-ups queue it once a day for shops whose install work ran.
 */
import { describe, expect, it } from 'vitest';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { useStandInServer } from '../helpers/stand-in-server';
import { runInstallWork } from '../../app/shops/install-work';
import { runJob } from '../../app/jobs/handlers';
import { decideFollowUps } from '../../app/jobs/follow-ups';
import { REVIEWS_INTERVAL_MS } from '../../app/catalog/review-refresh';
import { markUninstalled } from '../../app/shops/shop-rows';
import { createLogger } from '../../app/logger';

const HOUR = 3_600_000;

describe.each(PROVIDERS_UNDER_TEST)('review refresh on %s', (provider) => {
  const ctx = useStandInServer(provider);
  let n = 0;
  const newShop = () => `reviews-${provider}-${++n}-${Date.now().toString(36)}.myshopify.com`;
  const products = (ratings: Record<number, number>) =>
    Array.from({ length: 300 }, (_, i) => ({ id: i + 1, title: `Product ${i + 1}`, price: '10', ...(ratings[i + 1] ? { rating: ratings[i + 1], ratingCount: 4 } : {}) }));

  /** Installs the shop through its first authenticated request, then runs the install work (which reads reviews once). */
  async function installed(seed: Parameters<typeof ctx.standIn.seed>[1]) {
    const shop = newShop();
    ctx.standIn.seed(shop, seed);
    const res = await fetch(`${ctx.s.url}/api/shop`, { headers: { authorization: `Bearer ${ctx.standIn.sessionToken(shop)}` } });
    expect(res.status).toBe(200);
    const row = await ctx.s.db.shop.findUniqueOrThrow({ where: { domain: shop } });
    await runInstallWork({ db: ctx.s.db, admin: ctx.s.server.admin, appUrl: ctx.s.config.appUrl }, row.id);
    return { shop, shopId: row.id };
  }
  const reviewsJob = (shopId: number) =>
    runJob({ db: ctx.s.db, logger: createLogger('silent'), install: { admin: ctx.s.server.admin, appUrl: ctx.s.config.appUrl } }, { type: 'reviews', shopId });
  const stored = async (shopId: number) =>
    Object.fromEntries(
      (await ctx.s.db.productReview.findMany({ where: { shopId }, orderBy: { productId: 'asc' } })).map((r) => [r.productId, { rating: r.rating, texts: JSON.parse(r.texts).map((t: { text: string }) => t.text) }]),
    );

  it('re-reads ratings and texts: new and changed ones come in, removed ones go', async () => {
    const { shop, shopId } = await installed({
      products: products({ 1: 4.5, 280: 2 }),
      reviews: [
        { id: 1, productId: 1, rating: 5, body: 'Love it' },
        { id: 2, productId: 280, rating: 2, body: 'Runs small' },
      ],
    });
    expect(await stored(shopId)).toEqual({ '1': { rating: 4.5, texts: ['Love it'] }, '280': { rating: 2, texts: ['Runs small'] } });

    // In the store since: product 1 got a review and a lower rating, 280 lost its rating and review, 7 got both.
    ctx.standIn.seed(shop, {
      products: products({ 1: 3.5, 7: 4 }),
      reviews: [
        { id: 1, productId: 1, rating: 5, body: 'Love it' },
        { id: 3, productId: 1, rating: 2, body: 'Zipper broke, email me at jo@example.com' },
        { id: 4, productId: 7, rating: 4, body: 'Solid' },
      ],
    });
    const before = ctx.standIn.graphqlRequests(shop).length;
    const result = await reviewsJob(shopId);
    expect(result).toMatchObject({ ratings: { products: 300, rated: 2, cleared: 1 }, texts: { texts: 3, products: 2 }, emptied: 1 });
    expect(await stored(shopId)).toEqual({
      '1': { rating: 3.5, texts: ['Love it', 'Zipper broke, email me at [email]'] },
      '7': { rating: 4, texts: ['Solid'] },
    });
    // Two pages of the light ratings query (300 products), one of metaobjects, through the real client.
    const ops = ctx.standIn.graphqlRequests(shop).slice(before).map((r) => r.operationName);
    expect(ops).toEqual(['WaymarkRatings', 'WaymarkRatings', 'WaymarkReviewTexts']);
  });

  it('keeps the stored texts when the app may not read metaobjects', async () => {
    const { shop, shopId } = await installed({ products: products({ 2: 4 }), reviews: [{ id: 1, productId: 2, body: 'Nice' }] });
    ctx.standIn.seed(shop, { products: products({ 2: 5 }), denyMetaobjects: true });
    const result = await reviewsJob(shopId);
    expect(result).toMatchObject({ ratings: { rated: 1 }, texts: { texts: 0, skipped: expect.stringMatching(/read_metaobjects|Access denied/) } });
    expect(await stored(shopId)).toEqual({ '2': { rating: 5, texts: ['Nice'] } });
  });

  it('skips an uninstalled shop without calling Shopify', async () => {
    const { shop, shopId } = await installed({ products: products({}) });
    await markUninstalled(ctx.s.db, shop);
    const before = ctx.standIn.graphqlRequests(shop).length;
    expect(await reviewsJob(shopId)).toEqual({ skipped: 'uninstalled' });
    expect(ctx.standIn.graphqlRequests(shop).length).toBe(before);
  });

  it('is queued after sessionizing once a day, only for shops whose install work ran', async () => {
    const { shopId } = await installed({ products: products({}) });
    const now = new Date();
    const due = async () => (await decideFollowUps(ctx.s.db, 'sessionize', shopId, now)).filter((f) => f.type === 'reviews');
    expect(await due()).toEqual([]); // the install work has no Job row here: never read by a job
    const install = await ctx.s.db.job.create({ data: { shopId, type: 'install', status: 'succeeded', finishedAt: new Date(now.getTime() - 2 * HOUR) } });
    expect(await due()).toEqual([]); // read two hours ago
    await ctx.s.db.job.update({ where: { id: install.id }, data: { finishedAt: new Date(now.getTime() - REVIEWS_INTERVAL_MS - HOUR) } });
    expect(await due()).toEqual([{ type: 'reviews', reason: expect.stringMatching(/^reviews last read /) }]);
    await ctx.s.db.job.create({ data: { shopId, type: 'reviews', status: 'failed', finishedAt: new Date(now.getTime() - HOUR) } });
    expect(await due()).toHaveLength(1); // a failed run does not count as a read
    await ctx.s.db.job.create({ data: { shopId, type: 'reviews', status: 'succeeded', finishedAt: new Date(now.getTime() - HOUR) } });
    expect(await due()).toEqual([]);
  });
});
