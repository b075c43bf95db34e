import { describe, expect, it } from 'vitest';
import { cleanReviewText, MAX_REVIEW_TEXT_CHARS, parseRating, ratingFromNode } from '../../../../app/catalog/reviews';

describe('parseRating', () => {
  it("reads Shopify's rating type, a bare number, and nothing else", () => {
    expect(parseRating('{"value":"4.5","scale_min":"1.0","scale_max":"5.0"}')).toEqual({ rating: 4.5, max: 5 });
    expect(parseRating('{"value":"8","scale_min":"0","scale_max":"10"}')).toEqual({ rating: 8, max: 10 });
    expect(parseRating('3.7')).toEqual({ rating: 3.7, max: null });
    expect(parseRating(4)).toEqual({ rating: 4, max: null });
    for (const junk of [null, undefined, '', 'great', '{"value":"x"}', '[]', '{', { value: 4 }]) expect(parseRating(junk)).toBeNull();
  });
});

describe('ratingFromNode', () => {
  it('keeps products with a rating or a count, rounds counts, and skips the rest', () => {
    expect(ratingFromNode('1', { rating: { value: '{"value":"4.2","scale_max":"5"}' }, ratingCount: { value: '12' } })).toEqual({ productId: '1', rating: 4.2, ratingMax: 5, ratingCount: 12 });
    expect(ratingFromNode('2', { rating: null, ratingCount: { value: '3.6' } })).toEqual({ productId: '2', rating: null, ratingMax: null, ratingCount: 4 });
    expect(ratingFromNode('3', { rating: null, ratingCount: null })).toBeNull();
    expect(ratingFromNode('4', {})).toBeNull();
  });
});

describe('cleanReviewText', () => {
  it('masks PII, trims, cuts, and drops what is not text', () => {
    expect(cleanReviewText('  Call 555-123-4567, runs small  ')).toBe('Call [phone], runs small');
    expect(cleanReviewText('x'.repeat(50_000))!.length).toBe(MAX_REVIEW_TEXT_CHARS);
    expect(cleanReviewText('   ')).toBeNull();
    expect(cleanReviewText(42)).toBeNull();
    expect(cleanReviewText('😡😡')).toBe('😡😡');
    expect(cleanReviewText('المقاس صغير')).toBe('المقاس صغير');
  });
});
