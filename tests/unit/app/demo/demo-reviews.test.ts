import { describe, expect, it } from 'vitest';
import { demoReviews } from '../../../../app/demo/demo-reviews';
import { productInsights } from '../../../../app/analytics/review-insights';
import { analyzeReviewText } from '../../../../ml/text/aspects';

const traffic = Array.from({ length: 40 }, (_, i) => ({ productId: String(100 + i), views: 400 - i * 5, addToCarts: i === 3 ? 2 : 40 - (i % 7) }));

describe('demoReviews', () => {
  it('is repeatable for a seed and reviews only the most viewed products', () => {
    const a = demoReviews(traffic, 7);
    expect(demoReviews(traffic, 7)).toEqual(a);
    expect(a).toHaveLength(30);
    expect(a.every((r) => r.texts.length >= 4 && r.texts.length <= 12 && r.rating >= 1 && r.rating <= 5)).toBe(true);
    expect(demoReviews([{ productId: '1', views: 5, addToCarts: 0 }], 7)).toEqual([]);
  });

  it('gives the low add-to-cart product sizing complaints, which the review insight then reports', () => {
    const rows = demoReviews(traffic, 7);
    const flagged = rows.find((r) => r.productId === '103')!;
    const insights = productInsights(
      rows.map((r) => ({ ...r, title: `P${r.productId}`, texts: r.texts.map((t) => ({ text: t.text, analysis: analyzeReviewText(t.text) })) })),
      new Map(traffic.map((t) => [t.productId, t])),
    );
    expect(flagged.rating).toBeLessThan(4);
    expect(insights[0].productId).toBe('103');
    expect(insights[0].fewAddToCarts).toBe(true);
    expect(insights[0].summary).toMatch(/many views, few add-to-carts.*mention size and fit, mostly negative/);
  });
});
