/**
 * The learned layer of review sentiment: a three-class logistic regression (softmax) over the
 * lexicon score (sentiment.ts) and the text's word stems, tagged with the text's language
 * ("en:peel", "de:gedauert"). The lexicon knows sentiment words; the stems let the model learn
 * what shop complaints say without one ("took a month", "started peeling", "send it back").
 * Pure: features, prediction and training; the weights are ml/text/sentiment-model.json,
 * written by scripts/train-sentiment-model.ts from the labeled fixtures.
 */
import type { ReviewText } from './review-text';
import type { SentimentLabel } from './sentiment';
import { isStopword, stem } from './stem';

export const MODEL_CLASSES = ['negative', 'neutral', 'positive'] as const satisfies readonly SentimentLabel[];
export type ClassWeights = [negative: number, neutral: number, positive: number];

export interface SentimentModel {
  /** What it was trained on and how (for the record). */
  trainedOn: string;
  /** Per feature, one weight per class; `bias` is the intercept. */
  weights: Record<string, ClassWeights>;
}

export type Features = Map<string, number>;

export const LEXICON_FEATURE = 'lexicon';
/** Function words kept as features although they are stopwords: they carry complaints. */
const KEPT = new Set(['not', 'no', 'never', 'still', 'too', 'nicht', 'kein', 'nie', 'noch', 'zu', 'pas', 'jamais', 'trop', 'nunca', 'demasiado', 'todavia']);

/** The lexicon score in [-1, 1] and one 0/1 feature per distinct stem of the text's words. */
export function sentimentFeatures(text: ReviewText, lexiconScore: number): Features {
  const f: Features = new Map([[LEXICON_FEATURE, lexiconScore]]);
  for (const clause of text.clauses) {
    for (const w of clause.words) {
      if (w.length < 2 || (isStopword(w, text.language) && !KEPT.has(w))) continue;
      f.set(`${text.language}:${stem(w, text.language)}`, 1);
    }
  }
  return f;
}

function logits(weights: Record<string, ClassWeights>, f: Features): number[] {
  const z = [...(weights.bias ?? [0, 0, 0])];
  for (const [k, v] of f) {
    const w = weights[k];
    if (w) for (let c = 0; c < 3; c++) z[c] += w[c] * v;
  }
  return z;
}

export function softmax(z: readonly number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** Class probabilities (negative, neutral, positive) and the most probable label. */
export function predictSentiment(model: SentimentModel, f: Features): { label: SentimentLabel; probabilities: number[] } {
  const p = softmax(logits(model.weights, f));
  let best = 0;
  for (let c = 1; c < 3; c++) if (p[c] > p[best]) best = c;
  return { label: MODEL_CLASSES[best], probabilities: p };
}

export interface TrainOptions {
  /** L2 penalty per step on the weights of the features present (not the bias). */
  l2: number;
  epochs: number;
  rate: number;
}

export const DEFAULT_TRAIN: TrainOptions = { l2: 0.001, epochs: 60, rate: 0.1 };

/** Stochastic gradient descent in the examples' order (deterministic); weights rounded and tiny ones dropped. */
export function trainSentimentModel(examples: ReadonlyArray<{ features: Features; label: SentimentLabel }>, trainedOn: string, opts: TrainOptions = DEFAULT_TRAIN): SentimentModel {
  const w: Record<string, ClassWeights> = { bias: [0, 0, 0] };
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (const { features, label } of examples) {
      const p = softmax(logits(w, features));
      for (let c = 0; c < 3; c++) {
        const g = p[c] - (MODEL_CLASSES[c] === label ? 1 : 0);
        w.bias[c] -= opts.rate * g;
        for (const [k, v] of features) {
          const wk = (w[k] ??= [0, 0, 0]);
          wk[c] -= opts.rate * (g * v + opts.l2 * wk[c]);
        }
      }
    }
  }
  const weights: Record<string, ClassWeights> = {};
  for (const [k, ws] of Object.entries(w)) {
    if (ws.every((x) => Math.abs(x) < 0.005)) continue;
    weights[k] = ws.map((x) => Math.round(x * 1000) / 1000) as ClassWeights;
  }
  return { trainedOn, weights };
}
