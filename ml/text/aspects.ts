/**
 * Aspects a review or feedback answer talks about, each with the sentiment of the clause it
 * is mentioned in ("Love the color but it runs small" → appearance positive, size_fit
 * negative). Lexicon tagging (aspect-lexicon.ts says why these aspects). Pure and total.
 */
import { ASPECT_WORDS, type Aspect } from './aspect-lexicon';
import { createLookup } from './lexicon-lookup';
import { splitReview, type ReviewText } from './review-text';
import { clauseValence, emojiValence, labelOf, normalizeScore, type Sentiment, type SentimentLabel } from './sentiment';
import { textSentimentOfSplit } from './text-sentiment';
import type { Language } from './stem';

export interface AspectMention {
  aspect: Aspect;
  sentiment: SentimentLabel;
  score: number;
  /** The word that named it. */
  cue: string;
}

export interface TextAnalysis {
  language: Language;
  sentiment: Sentiment;
  aspects: AspectMention[];
}

const aspectOf = createLookup(ASPECT_WORDS);

/**
 * A clause with no sentiment word takes the emoji's ("size 👎"); a one-clause text with neither
 * takes the whole text's sentiment (the model's: "took a month to get here" → shipping negative).
 */
export function aspectsOfSplit(text: ReviewText, whole?: Sentiment): AspectMention[] {
  const found = new Map<Aspect, AspectMention>();
  const single = text.clauses.length === 1;
  for (const clause of text.clauses) {
    let clauseScore: number | null = null;
    for (const w of clause.words) {
      const aspect = aspectOf(w, text.language, text.confident);
      if (!aspect || found.has(aspect)) continue;
      clauseScore ??= normalizeScore(clauseValence({ ...clause, weight: 1 }, text.language, text.confident) || emojiValence(text.raw)) || (single && whole ? whole.score : 0);
      const label = clauseScore === whole?.score && single ? whole.label : labelOf(clauseScore);
      found.set(aspect, { aspect, sentiment: label, score: Math.round(clauseScore * 1000) / 1000, cue: w });
    }
  }
  return [...found.values()];
}

/** Sentiment and aspects of one text (any string; empty gives neutral and no aspects). */
export function analyzeReviewText(text: unknown): TextAnalysis {
  const split = splitReview(text);
  const sentiment = textSentimentOfSplit(split);
  return { language: split.language, sentiment, aspects: aspectsOfSplit(split, sentiment) };
}
