/**
 * GET /api/reviews/insights on a real server and database: stored reviews, product traffic and
 * Quick feedback events joined to their journeys, scoped to the authenticated shop and the range,
 * and the answer matches its contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_UA, installedShop, sessionToken, startTestServer, withCredentials, type TestServer } from '../helpers/server';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { seedReviewStore } from '../helpers/review-seed';
import { reviewInsightsAnswerSchema, type ReviewInsightsAnswer } from '../../app/api-contract/review-insights';

const SHOP = 'review-insights.myshopify.com';
const OTHER = 'review-insights-other.myshopify.com';

describe.each(PROVIDERS_UNDER_TEST)('GET /api/reviews/insights on %s', (provider) => {
  let s: TestServer;
  const day = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);
  const get = async (shop: string, query: string) => {
    const res = await fetch(`${s.url}/api/reviews/insights?${query}`, { headers: { authorization: `Bearer ${sessionToken(shop)}`, 'user-agent': BROWSER_UA } });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    s = await startTestServer({ provider, env: withCredentials() });
    await seedReviewStore(s.db, await installedShop(s.db, SHOP));
    await installedShop(s.db, OTHER);
  }, 120_000);
  afterAll(() => s?.close());

  it('joins reviews to product traffic and feedback to the steps and journeys it came from', async () => {
    const res = await get(SHOP, `from=${day(7 * 86_400_000)}&to=${day(0)}`);
    expect(res.status).toBe(200);
    const answer: ReviewInsightsAnswer = reviewInsightsAnswerSchema.parse(res.body);
    expect(answer.totals).toEqual({ reviewTexts: 10, productsWithReviews: 2, feedbackAnswers: 6 });
    const [jacket, boot] = answer.products;
    expect(jacket).toMatchObject({ productId: '1', title: 'Trail Jacket', views: 33, addToCarts: 1, fewAddToCarts: true, reviews: 8 });
    expect(jacket.topAspects[0]).toMatchObject({ aspect: 'size_fit', mostly: 'negative' });
    expect(boot).toMatchObject({ productId: '2', views: 13, addToCarts: 13, fewAddToCarts: false });
    const cart = answer.steps.find((st) => st.step === 'cart')!;
    expect(cart).toMatchObject({ answers: 3, leftWithoutBuying: 3 });
    expect(answer.steps.map((st) => st.step)).toEqual(['product', 'cart']);
  });

  it('counts only the range for traffic and feedback, and only the own shop', async () => {
    const old = await get(SHOP, 'from=2020-01-01&to=2020-01-31');
    expect(old.body.totals.feedbackAnswers).toBe(0);
    expect(old.body.products[0]).toMatchObject({ views: 0, fewAddToCarts: false }); // reviews are not dated
    const other = await get(OTHER, `from=${day(7 * 86_400_000)}&to=${day(0)}`);
    expect(other.body).toMatchObject({ totals: { reviewTexts: 0, productsWithReviews: 0, feedbackAnswers: 0 }, products: [], steps: [] });
  });

  it('answers a bad range with the one error shape', async () => {
    const res = await get(SHOP, 'from=yesterday&to=2020-01-01');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: expect.any(String), fields: expect.anything() });
  });
});
