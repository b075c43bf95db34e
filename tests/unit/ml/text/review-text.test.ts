import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeReviewText } from '../../../../ml/text/aspects';
import { parseLabeledTexts, reviewQuality, reviewQualityByLanguage } from '../../../../ml/text/review-eval';
import { splitReview } from '../../../../ml/text/review-text';
import { sentimentOf } from '../../../../ml/text/sentiment';

const fixture = readFileSync(join(__dirname, '../../../fixtures/review-texts.txt'), 'utf8');
const texts = parseLabeledTexts(fixture);

describe('labeled review and feedback fixtures', () => {
  it('hold at least 200 texts in at least 3 languages, with every kind of bad input', () => {
    expect(texts.length).toBeGreaterThanOrEqual(200);
    const languages = new Set(texts.map((t) => t.language));
    for (const l of ['en', 'es', 'de', 'fr']) expect(languages).toContain(l);
    expect(texts.some((t) => /^\p{Extended_Pictographic}+$/u.test(t.text.replace(/\s/g, '')))).toBe(true); // emoji-only
    expect(texts.some((t) => t.text.length > 800)).toBe(true); // very long
    expect(texts.some((t) => /\p{Script=Arabic}|\p{Script=Hebrew}/u.test(t.text))).toBe(true); // right-to-left
    expect(texts.some((t) => /\p{Script=Latin}/u.test(t.text) && /\p{Script=Han}|\p{Script=Katakana}|\p{Script=Arabic}/u.test(t.text))).toBe(true); // mixed
  });

  it('the training fixtures are learned (English >= 0.85), aspect F1 is reported', () => {
    // review-texts.txt and review-texts-holdout.txt train the sentiment model
    // (scripts/train-sentiment-model.ts), so these figures are not an estimate for new text.
    const q = reviewQualityByLanguage(texts);
    expect(q.en.texts).toBeGreaterThanOrEqual(60);
    expect(q.en.sentimentAccuracy).toBeGreaterThanOrEqual(0.85);
    for (const l of ['es', 'de', 'fr']) expect(q[l].sentimentAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(q.all.aspectF1).toBeGreaterThanOrEqual(0.85);
    const first = reviewQualityByLanguage(parseLabeledTexts(readFileSync(join(__dirname, '../../../fixtures/review-texts-holdout.txt'), 'utf8')));
    expect(first.all.texts).toBeGreaterThanOrEqual(50);
    expect(first.en.sentimentAccuracy).toBeGreaterThanOrEqual(0.85);
  });

  it('reaches the English goal on the second held-out set, never trained on (new text)', () => {
    const holdout = parseLabeledTexts(readFileSync(join(__dirname, '../../../fixtures/review-texts-holdout-2.txt'), 'utf8'));
    const q = reviewQualityByLanguage(holdout);
    expect(q.en.texts).toBeGreaterThanOrEqual(60);
    for (const l of ['es', 'de', 'fr']) expect(q[l].texts).toBeGreaterThanOrEqual(8);
    // Measured 0.875 English (56 of 64), 0.886 all, aspect F1 0.819 when first run; the lexicon alone: 0.656 English.
    expect(q.en.sentimentAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(q.all.sentimentAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(q.all.aspectF1).toBeGreaterThanOrEqual(0.75);
  });

  it('reads German, Spanish and French new text (the third held-out set, never trained on)', () => {
    const q = reviewQualityByLanguage(parseLabeledTexts(readFileSync(join(__dirname, '../../../fixtures/review-texts-holdout-3.txt'), 'utf8')));
    // Measured when first run: German 0.900 (27 of 30), Spanish 0.967, French 0.867; aspect F1 0.865 over all.
    for (const l of ['de', 'es', 'fr']) {
      expect(q[l].texts).toBe(30);
      expect(q[l].sentimentAccuracy).toBeGreaterThanOrEqual(0.85);
    }
    expect(q.all.aspectF1).toBeGreaterThanOrEqual(0.8);
  });

  it('a wrong analyzer scores low on the same fixtures (the metric can fail)', () => {
    const flipped = texts.map((t) => ({ ...t, sentiment: t.sentiment === 'positive' ? ('negative' as const) : ('positive' as const), aspects: [] }));
    const q = reviewQuality(flipped);
    expect(q.sentimentAccuracy).toBeLessThan(0.3);
    expect(q.aspectPrecision).toBe(0);
  });

  it('rejects malformed fixture lines', () => {
    expect(() => parseLabeledTexts('en | review | great | - | x')).toThrow(/bad label/);
    expect(() => parseLabeledTexts('en | review | positive | colour | x')).toThrow(/unknown aspect/);
  });
});

describe('sentiment', () => {
  it('handles negation, intensifiers, "too" and contrast', () => {
    expect(sentimentOf('good').label).toBe('positive');
    expect(sentimentOf('not good').label).toBe('negative');
    expect(sentimentOf('very good').score).toBeGreaterThan(sentimentOf('good').score);
    expect(sentimentOf('too small').label).toBe('negative');
    expect(sentimentOf('Nice color, but it broke after a day').label).toBe('negative');
    expect(sentimentOf('Gefällt mir nicht').label).toBe('negative');
    expect(sentimentOf("Je n'aime pas").label).toBe('negative');
    expect(sentimentOf('No funciona').label).toBe('negative');
  });
});

describe('aspects', () => {
  it('tags each aspect with the sentiment of its own clause', () => {
    const a = analyzeReviewText('Love the color, but it runs small.');
    expect(a.aspects.find((x) => x.aspect === 'appearance')?.sentiment).toBe('positive');
    expect(a.aspects.find((x) => x.aspect === 'size_fit')?.sentiment).toBe('negative');
    expect(analyzeReviewText('Der Versand war schnell').aspects.map((x) => x.aspect)).toEqual(['shipping']);
  });
});

describe('bad input never throws and stays bounded', () => {
  const bad: unknown[] = ['', '   ', '😀😀😀', '🤔', 'x'.repeat(1_000_000), 'ممتاز جدا', 'מוצר מעולה', 'Great 很好 отлично ممتاز',
    '\u202Eevil override\u202C', '\u0000\uFFFF\uD800', null, undefined, 42, { text: 'good' }, 'a'.repeat(10_000) + ' good'];
  it.each(bad.map((b, i) => [i, b]))('input %i', (_i, input) => {
    const started = performance.now();
    const a = analyzeReviewText(input);
    expect(['positive', 'neutral', 'negative']).toContain(a.sentiment.label);
    expect(Math.abs(a.sentiment.score)).toBeLessThanOrEqual(1);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
  it('cuts very long text before analysis', () => {
    expect(splitReview('good '.repeat(100_000)).raw.length).toBeLessThanOrEqual(5_000);
    expect(sentimentOf(null)).toEqual({ label: 'neutral', score: 0 });
  });
});
