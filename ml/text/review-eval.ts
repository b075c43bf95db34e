/**
 * Quality of review/feedback analysis against labeled texts: sentiment accuracy and aspect
 * precision/recall/F1 (micro, over (text, aspect) pairs), overall and per language. Also the
 * parser of tests/fixtures/review-texts.txt. Pure.
 */
import { ASPECTS, type Aspect } from './aspect-lexicon';
import { analyzeReviewText } from './aspects';
import type { SentimentLabel } from './sentiment';

export interface LabeledText {
  language: string;
  kind: 'review' | 'feedback';
  sentiment: SentimentLabel;
  aspects: Aspect[];
  text: string;
}

export interface ReviewQuality {
  texts: number;
  sentimentAccuracy: number;
  aspectPrecision: number;
  aspectRecall: number;
  aspectF1: number;
}

const LABELS = new Set<string>(['positive', 'neutral', 'negative']);

/** `<language> | <kind> | <sentiment> | <aspects or -> | <text>` per line; `#` starts a comment. */
export function parseLabeledTexts(source: string): LabeledText[] {
  const out: LabeledText[] = [];
  source.split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const parts = line.split(' | ');
    if (parts.length < 5) throw new Error(`line ${i + 1}: expected 5 fields`);
    const [language, kind, sentiment, aspects] = parts.map((p) => p.trim());
    const text = parts.slice(4).join(' | ');
    if (!LABELS.has(sentiment) || (kind !== 'review' && kind !== 'feedback')) throw new Error(`line ${i + 1}: bad label`);
    const list = aspects === '-' ? [] : aspects.split(',').map((a) => a.trim());
    for (const a of list) if (!(ASPECTS as readonly string[]).includes(a)) throw new Error(`line ${i + 1}: unknown aspect ${a}`);
    out.push({ language, kind, sentiment: sentiment as SentimentLabel, aspects: list as Aspect[], text });
  });
  return out;
}

export function reviewQuality(texts: readonly LabeledText[]): ReviewQuality {
  let correct = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const t of texts) {
    const got = analyzeReviewText(t.text);
    if (got.sentiment.label === t.sentiment) correct++;
    const predicted = new Set(got.aspects.map((a) => a.aspect));
    for (const a of predicted) if (t.aspects.includes(a)) tp++;
    else fp++;
    for (const a of t.aspects) if (!predicted.has(a)) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return {
    texts: texts.length,
    sentimentAccuracy: texts.length ? correct / texts.length : 1,
    aspectPrecision: precision,
    aspectRecall: recall,
    aspectF1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

/** Quality per fixture language, plus `all`. */
export function reviewQualityByLanguage(texts: readonly LabeledText[]): Record<string, ReviewQuality> {
  const out: Record<string, ReviewQuality> = { all: reviewQuality(texts) };
  for (const lang of [...new Set(texts.map((t) => t.language))].sort()) out[lang] = reviewQuality(texts.filter((t) => t.language === lang));
  return out;
}
