import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLabeledTexts } from '../../../../ml/text/review-eval';
import { analyzeReviewText } from '../../../../ml/text/aspects';
import { splitReview } from '../../../../ml/text/review-text';
import { sentimentOf } from '../../../../ml/text/sentiment';
import { DEFAULT_TRAIN, predictSentiment, sentimentFeatures, softmax, trainSentimentModel, type SentimentModel } from '../../../../ml/text/sentiment-model';
import { checkedModel, SENTIMENT_MODEL, textSentiment } from '../../../../ml/text/text-sentiment';

const features = (text: string) => {
  const split = splitReview(text);
  return sentimentFeatures(split, sentimentOf(text).score);
};

describe('sentiment model', () => {
  it('features are the lexicon score and the language-tagged stems, stopwords out but negators kept', () => {
    const f = features('The sole started peeling, not great');
    expect(f.get('lexicon')).toBe(sentimentOf('The sole started peeling, not great').score);
    expect(f.has('en:peel')).toBe(true);
    expect(f.has('en:not')).toBe(true);
    expect(f.has('en:the')).toBe(false);
    expect([...features('Hat drei Wochen gedauert').keys()].some((k) => k.startsWith('de:'))).toBe(true);
  });

  it('learns words that carry no lexicon sentiment, deterministically', () => {
    const data = [
      ...['took a month', 'a month late', 'arrived after a month'].map((t) => ({ features: features(t), label: 'negative' as const })),
      ...['arrived next day', 'next day delivery', 'here the next day'].map((t) => ({ features: features(t), label: 'positive' as const })),
      ...['ordered on monday', 'ordered a gift'].map((t) => ({ features: features(t), label: 'neutral' as const })),
    ];
    const opts = { l2: 0.001, epochs: 50, rate: 0.1 };
    const model = trainSentimentModel(data, 'toy', opts);
    expect(trainSentimentModel(data, 'toy', opts)).toEqual(model);
    expect(predictSentiment(model, features('it took a month')).label).toBe('negative');
    expect(predictSentiment(model, features('came the next day')).label).toBe('positive');
    const untrained: SentimentModel = { trainedOn: 'none', weights: {} };
    expect(predictSentiment(untrained, features('took a month')).probabilities).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('the shipped weights are what scripts/train-sentiment-model.ts trains from the fixtures (retrain after a lexicon change)', () => {
    const files = ['review-texts.txt', 'review-texts-holdout.txt'];
    const texts = files.flatMap((f) => parseLabeledTexts(readFileSync(join(__dirname, '../../../fixtures', f), 'utf8')));
    const model = trainSentimentModel(texts.map((t) => ({ features: features(t.text), label: t.sentiment })), 'check', DEFAULT_TRAIN);
    expect(Object.keys(model.weights).sort()).toEqual(Object.keys(SENTIMENT_MODEL.weights).sort());
    // Within rounding: another V8's Math.exp may differ in the last bits.
    const drift = Object.entries(model.weights).flatMap(([k, w]) => w.map((x, c) => Math.abs(x - SENTIMENT_MODEL.weights[k][c])));
    expect(Math.max(...drift)).toBeLessThanOrEqual(0.002);
  });

  it('refuses malformed weights', () => {
    expect(() => checkedModel({ trainedOn: 'x', weights: { bias: [1, 2] } })).toThrow(/malformed/);
    expect(() => checkedModel({ weights: {} })).toThrow(/malformed/);
    expect(checkedModel({ trainedOn: 'x', weights: { bias: [0, 1, 0] } }).weights.bias).toEqual([0, 1, 0]);
  });

  it('softmax is stable for large logits', () => {
    const p = softmax([1000, 0, -1000]);
    expect(p[0]).toBeCloseTo(1);
    expect(p.reduce((a, b) => a + b)).toBeCloseTo(1);
  });

  it('the shipped model is small and reads complaints without a sentiment word', () => {
    expect(Object.keys(SENTIMENT_MODEL.weights).length).toBeLessThan(5_000);
    expect(SENTIMENT_MODEL.weights.lexicon[2]).toBeGreaterThan(0);
    expect(sentimentOf('Took almost a month to get here.').label).toBe('neutral');
    expect(textSentiment('Took almost a month to get here.').label).toBe('negative');
    expect(textSentiment('I love it').label).toBe('positive');
    expect(textSentiment('')).toEqual({ label: 'neutral', score: 0 });
    const s = textSentiment('Terrible, it broke at once');
    expect(s.label).toBe('negative');
    expect(s.score).toBeLessThan(0);
  });

  it('a one-clause text gives its aspect the whole text sentiment when the clause has no sentiment word', () => {
    const a = analyzeReviewText('Took almost a month to get here.');
    expect(a.sentiment.label).toBe('negative');
    // "get here" is not a shipping cue; a clause naming the aspect is.
    expect(analyzeReviewText('Delivery took almost a month.').aspects).toEqual([expect.objectContaining({ aspect: 'shipping', sentiment: 'negative' })]);
  });
});
