/**
 * The sentiment of a whole review or feedback answer: the lexicon analyzer (sentiment.ts) read
 * by the learned model (sentiment-model.ts, weights in sentiment-model.json). The label is the
 * model's most probable class; the score, in [-1, 1], is P(positive) − P(negative). Pure and
 * total: a text with no words and no emoji is neutral with score 0.
 */
import { splitReview, type ReviewText } from './review-text';
import { sentimentOfSplit, type Sentiment } from './sentiment';
import { predictSentiment, sentimentFeatures, type SentimentModel } from './sentiment-model';
import trained from './sentiment-model.json';

/** The shipped weights, checked once at load: every feature has three finite weights. */
export function checkedModel(raw: unknown): SentimentModel {
  const m = raw as SentimentModel;
  const ok = typeof m?.trainedOn === 'string' && typeof m.weights === 'object' && m.weights !== null;
  if (!ok || !Object.values(m.weights).every((w) => Array.isArray(w) && w.length === 3 && w.every(Number.isFinite))) {
    throw new Error('sentiment-model.json is malformed: rerun scripts/train-sentiment-model.ts');
  }
  return m;
}

export const SENTIMENT_MODEL = checkedModel(trained);

export function textSentimentOfSplit(text: ReviewText, model: SentimentModel = SENTIMENT_MODEL): Sentiment {
  const lexicon = sentimentOfSplit(text);
  if (!text.clauses.length && lexicon.score === 0) return { label: 'neutral', score: 0 };
  const { label, probabilities } = predictSentiment(model, sentimentFeatures(text, lexicon.score));
  return { label, score: Math.round((probabilities[2] - probabilities[0]) * 1000) / 1000 };
}

export function textSentiment(text: unknown, model?: SentimentModel): Sentiment {
  return textSentimentOfSplit(splitReview(text), model);
}
