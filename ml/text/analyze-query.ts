/**
 * One query, understood against a store's vocabulary: tokens → typo folding → language →
 * stopwords dropped → stems → the intent key (sorted distinct stems). Queries with equal
 * keys normalize alike. Pure.
 */
import { guessLanguage } from './language';
import type { QueryParams } from './params';
import { isStopword, stem, type Language } from './stem';
import { tokenize, type Token } from './tokenize';
import type { Vocabulary } from './vocabulary';

export interface AnalyzedQuery {
  query: string;
  /** Normalized tokens after typo folding. */
  tokens: string[];
  /** Tokens that were folded, as [typed, folded]. */
  folded: Array<[string, string]>;
  language: Language;
  stems: string[];
  /** Sorted distinct stems of the content words ("" for an empty or emoji-only query). */
  key: string;
}

export function analyzeQuery(query: string, vocab: Vocabulary | null, params: QueryParams): AnalyzedQuery {
  const raw = tokenize(query);
  const folded: Array<[string, string]> = [];
  const tokens: Token[] = raw.map((t) => {
    const f = vocab?.fold(t.text);
    if (!f) return t;
    folded.push([t.text, f]);
    return { ...t, text: f };
  });
  const { language } = guessLanguage(query, tokens, params.languages, vocab ? vocab.votes : undefined);
  const content = tokens.filter((t) => !isStopword(t.text, language));
  const kept = content.length ? content : tokens;
  const stems = kept.map((t) => (t.script === 'latin' || t.script === 'cyrillic' ? stem(t.text, language) : t.text));
  const key = [...new Set(stems)].sort().join(' ');
  return { query, tokens: tokens.map((t) => t.text), folded, language, stems, key };
}
