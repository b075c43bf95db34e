import { describe, expect, it } from 'vitest';
import { analyzeReviewText } from '../../../../ml/text/aspects';
import { productInsights, storeAddRate, type ProductReviews } from '../../../../app/analytics/review-insights';
import { readReviewTexts } from '../../../../app/analytics/review-texts';
import { reviewInsightsAnswerSchema } from '../../../../app/api-contract/review-insights';

const analyzed = (texts: string[]) => texts.map((text) => ({ text, analysis: analyzeReviewText(text) }));
const product = (productId: string, title: string, texts: string[], rating: number | null = null): ProductReviews => ({
  productId, title, rating, ratingMax: rating === null ? null : 5, ratingCount: rating === null ? null : 14, texts: analyzed(texts),
});

const JACKET = product('1', 'Trail Jacket', [
  'Runs small, had to return it.', 'Way too tight in the shoulders.', 'The sizing is off, order one size up.',
  'Love the color.', 'Great quality fabric.', 'Fast shipping.', 'Nice jacket', 'Warm and light',
], 3.1);
const BOOT = product('2', 'Ridge Boot', ['Perfect fit, very comfortable.', 'Excellent boots.']);

describe('productInsights', () => {
  const traffic = new Map([
    ['1', { views: 400, addToCarts: 8 }],
    ['2', { views: 100, addToCarts: 20 }],
    ['3', { views: 500, addToCarts: 60 }],
  ]);

  it('says "many views, few add-to-carts" and which aspect the reviews mention, mostly negative', () => {
    expect(storeAddRate(traffic)).toBeCloseTo(88 / 1000);
    const [first, second] = productInsights([BOOT, JACKET], traffic);
    expect(first.productId).toBe('1');
    expect(first.fewAddToCarts).toBe(true);
    expect(first.topAspects[0]).toMatchObject({ aspect: 'size_fit', mentions: 3, mostly: 'negative' });
    expect(first.summary).toBe('Trail Jacket: many views, few add-to-carts: 400 views, 2% added to cart against 9% store-wide; 38% of its 8 reviews mention size and fit, mostly negative; rated 3.1 of 5 by 14 shoppers.');
    expect(first.examples[0].sentiment).toBe('negative');
    expect(second.fewAddToCarts).toBe(false);
    expect(second.summary).toContain('size and fit, mostly positive');
  });

  it('never says "few add-to-carts" below the view minimum or without traffic', () => {
    const quiet = productInsights([JACKET], new Map([['1', { views: 10, addToCarts: 0 }], ['3', { views: 500, addToCarts: 60 }]]));
    expect(quiet[0].fewAddToCarts).toBe(false);
    const none = productInsights([JACKET], new Map());
    expect(none[0]).toMatchObject({ views: 0, addToCartRate: null, fewAddToCarts: false });
    expect(none[0].summary).toContain('0 views, none added to cart');
  });

  it('stays well-formed on bad review texts (empty, emoji-only, RTL, mixed-script, very long)', () => {
    const bad = product('9', '', ['', '😡😡😡', 'المقاس صغير جدا', 'Great 很好 отлично', 'x'.repeat(200_000), '\u202E\u0000']);
    const [i] = productInsights([bad], new Map());
    expect(i.summary.startsWith('Product 9:')).toBe(true);
    expect(i.reviews).toBe(6);
    expect(i.examples.every((e) => [...e.text].length <= 160)).toBe(true);
    const answer = { range: { from: '2026-11-01', to: '2026-11-30' }, storeAddToCartRate: null, totals: { reviewTexts: 6, productsWithReviews: 1, feedbackAnswers: 0 }, products: [i], steps: [] };
    expect(reviewInsightsAnswerSchema.safeParse(answer).success).toBe(true);
  });
});

describe('readReviewTexts', () => {
  it('reads stored texts and treats anything malformed as none', () => {
    expect(readReviewTexts(JSON.stringify([{ rating: 5, text: 'ok' }, { text: '  ' }, 'plain', 42, null]))).toEqual(['ok', 'plain']);
    for (const junk of ['', 'not json', '{"a":1}', 'null']) expect(readReviewTexts(junk)).toEqual([]);
  });
});
