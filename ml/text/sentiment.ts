/**
 * Lexicon sentiment for reviews and feedback (positive / neutral / negative with a score in
 * [-1, 1]). Pure and total. Per clause: each word's valence (sentiment-lexicon.ts), times an
 * intensifier before it ("very", "sehr", 1.5), flipped and damped by a negator in the three
 * words before it (× -0.75; German also looks after: "gefällt mir nicht"), "too" + a neutral
 * word counts -1.5 ("too small"); a negated "should just work" verb counts -1.5 ("doesn't work"),
 * a negated content word -1 unless hedged ("never arrived"; not "not tried yet"); two-word
 * phrases replace their words ("like new"). Clauses (split at commas too) after "but" count
 * 1.5×, before it 0.5×. Emoji and emoticons add their valence; "!" adds emphasis. The sum s becomes s / sqrt(s² + 15)
 * (VADER's normalization), and |score| < 0.2 is neutral.
 */
import { createLookup } from './lexicon-lookup';
import { splitReview, type Clause, type ReviewText } from './review-text';
import { AUXILIARIES, BIGRAMS, EMOJI_VALENCE, EXCESS, FUNCTION_VERBS, HEDGES, INTENSIFIERS, NEGATORS, SENTIMENT_LEXICONS } from './sentiment-lexicon';
import { isStopword, type Language } from './stem';

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface Sentiment {
  label: SentimentLabel;
  /** In [-1, 1]. */
  score: number;
}

const NEGATION = -0.75;
const NEUTRAL_BELOW = 0.2;
const valenceOf = createLookup(SENTIMENT_LEXICONS);
const functionVerb = createLookup(FUNCTION_VERBS);
/** A negated function verb ("doesn't work"). */
const NEGATED_FUNCTION = -1.5;

/**
 * A negator with no sentiment word in reach still signals a complaint when it negates a content
 * word ("never arrived", "nunca llegó", "nie angekommen", "wouldn't buy it"): -1, unless a hedge
 * word is near ("not tried yet", "noch nicht ausprobiert", "not sure").
 */
const NEGATED_CONTENT = -1;

function hasContent(words: readonly string[], from: number, to: number, language: Language, negators: ReadonlySet<string>): boolean {
  for (let j = from; j <= to && j < words.length; j++) {
    const w = words[j];
    if (w.length > 1 && !negators.has(w) && !isStopword(w, language) && !AUXILIARIES.has(w)) return true;
  }
  return false;
}

/** Sentiment words' values after bigrams ("like new", "wieder kaufen") replace their parts. */
function wordValues(words: readonly string[], language: Language, confident: boolean, negators: ReadonlySet<string>): number[] {
  const values = words.map((w) => (negators.has(w) ? 0 : (valenceOf(w, language, confident) ?? 0)));
  const pairs = BIGRAMS[language];
  if (pairs) {
    for (let i = 0; i + 1 < words.length; i++) {
      const v = pairs.get(`${words[i]} ${words[i + 1]}`);
      if (v !== undefined) {
        values[i] = 0;
        values[i + 1] = v;
      }
    }
  }
  return values;
}

/** The summed (unnormalized) valence of one clause. */
export function clauseValence(clause: Clause, language: Language, confident: boolean): number {
  const { words } = clause;
  const negators = NEGATORS[language] ?? NEGATORS.en!;
  const boosts = INTENSIFIERS[language];
  const excess = EXCESS[language];
  const values = wordValues(words, language, confident, negators);
  const flipped = new Set<number>();
  const verbs = words.map((w) => functionVerb(w, language, confident) === true);
  const hedged = words.some((w) => HEDGES.has(w));
  const canFlip = (j: number) => (values[j] !== 0 || (verbs[j] && !hedged)) && !flipped.has(j);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (negators.has(w)) {
      let target = -1;
      for (let j = i + 1; j <= i + 3 && j < words.length && target < 0; j++) if (canFlip(j)) target = j;
      if (target < 0 && language === 'de') for (let j = i - 1; j >= i - 3 && j >= 0 && target < 0; j--) if (canFlip(j)) target = j;
      if (target >= 0) {
        values[target] = values[target] === 0 ? NEGATED_FUNCTION : values[target] * NEGATION;
        flipped.add(target);
      } else if (!hedged && (hasContent(words, i + 1, i + 3, language, negators) || (language === 'de' && hasContent(words, i - 3, i - 1, language, negators)))) {
        values[i] = NEGATED_CONTENT;
      }
    } else if (boosts?.has(w) && i + 1 < words.length) {
      const j = values[i + 1] !== 0 ? i + 1 : i + 2;
      if (j < words.length) values[j] *= boosts.get(w)!;
    } else if (excess?.has(w) && i + 1 < words.length) {
      values[i + 1] = values[i + 1] === 0 ? -1.5 : values[i + 1] * 1.5;
    }
  }
  return values.reduce((a, b) => a + b, 0) * clause.weight;
}

/** Sum of emoji / emoticon valences in the raw text. */
export function emojiValence(raw: string): number {
  let sum = 0;
  for (const [emoji, v] of EMOJI_VALENCE) {
    let at = raw.indexOf(emoji);
    while (at >= 0) {
      sum += v;
      at = raw.indexOf(emoji, at + emoji.length);
    }
  }
  return sum;
}

export function normalizeScore(sum: number): number {
  return sum === 0 ? 0 : sum / Math.sqrt(sum * sum + 15);
}

export function labelOf(score: number): SentimentLabel {
  return score >= NEUTRAL_BELOW ? 'positive' : score <= -NEUTRAL_BELOW ? 'negative' : 'neutral';
}

export function sentimentOfSplit(text: ReviewText): Sentiment {
  let sum = emojiValence(text.raw);
  for (const c of text.clauses) sum += clauseValence(c, text.language, text.confident);
  const bangs = Math.min(3, (text.raw.match(/[!！]/g) ?? []).length);
  if (sum !== 0) sum += Math.sign(sum) * bangs * 0.3;
  const score = normalizeScore(sum);
  return { label: labelOf(score), score: Math.round(score * 1000) / 1000 };
}

/** Sentiment of any text; empty or unknown text is neutral with score 0. */
export function sentimentOf(text: unknown): Sentiment {
  return sentimentOfSplit(splitReview(text));
}
