/**
 * A review or feedback answer split for analysis: clauses (sentences, cut again at commas and
 * at contrast words like "but" / "aber"), each a list of normalized word tokens, and the text's language.
 * Reuses the search tokenizer (Intl.Segmenter, NFKC, case folding, Latin accents stripped)
 * and language guesser. Pure and total: any string (empty, emoji-only, right-to-left, mixed
 * scripts, megabytes long) gives a bounded result and never throws.
 */
import { guessLanguage } from './language';
import type { Language, StemmedLanguage } from './stem';
import { tokenize } from './tokenize';
import { CONTRAST } from './sentiment-lexicon';

/** Longer texts are cut here before analysis (a review is rarely longer). */
export const MAX_REVIEW_CHARS = 5_000;
/** Languages a review's language is guessed among (Russian only a few words); the first is the default for Latin text without evidence. */
export const REVIEW_LANGUAGES: StemmedLanguage[] = ['en', 'es', 'de', 'fr', 'ru'];

export interface Clause {
  /** Normalized words; French elisions split ("n'aime" → negation marker "ne" + "aime"). */
  words: string[];
  /** 0.5 before a contrast word, 1.5 after it, else 1. */
  weight: number;
}

export interface ReviewText {
  raw: string;
  language: Language;
  /** True when the language was chosen by evidence, not by default. */
  confident: boolean;
  clauses: Clause[];
}

const ELISION = /^(n|l|d|j|qu|c|s|m|t)'(.+)$/u;

function words(sentence: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(sentence)) {
    const m = ELISION.exec(t.text);
    if (!m) out.push(t.text);
    else {
      if (m[1] === 'n') out.push('ne');
      out.push(m[2]);
    }
  }
  return out;
}

/** A sentence's parts between commas and contrast words; parts before the last contrast weigh 0.5, after it 1.5. */
function sentenceClauses(sentence: string): Clause[] {
  const parts: Array<{ words: string[]; afterContrast: boolean }> = [];
  let contrasts = 0;
  for (const chunk of sentence.split(/[,:、،，(){}\[\]"“”«»]+/u)) {
    let current: string[] = [];
    let afterContrast = false;
    for (const w of words(chunk)) {
      if (CONTRAST.has(w)) {
        if (current.length) parts.push({ words: current, afterContrast });
        current = [];
        afterContrast = true;
        contrasts++;
      } else current.push(w);
    }
    if (current.length) parts.push({ words: current, afterContrast });
  }
  if (!contrasts) return parts.map((p) => ({ words: p.words, weight: 1 }));
  let last = -1;
  parts.forEach((p, i) => {
    if (p.afterContrast) last = i;
  });
  return parts.map((p, i) => ({ words: p.words, weight: last < 0 ? 1 : i < last ? 0.5 : 1.5 }));
}

export function splitReview(text: unknown, languages: readonly StemmedLanguage[] = REVIEW_LANGUAGES): ReviewText {
  const raw = typeof text === 'string' ? text.slice(0, MAX_REVIEW_CHARS).replace(/[’‘`´]/g, "'") : '';
  const clauses: Clause[] = [];
  for (const sentence of raw.split(/[.!?;¡¿\n。！？]+/u)) clauses.push(...sentenceClauses(sentence));
  const { language, confident } = reviewLanguage(raw, clauses, languages);
  return { raw, language, confident, clauses };
}

/**
 * Frequent words of reviews that mark a Latin-script language (pronouns, auxiliaries,
 * negation, "very"), added to the search guesser's evidence: a review is longer than a
 * query, and its function words settle what the shared articles ("la", "de") leave tied.
 */
const REVIEW_HINTS: Partial<Record<StemmedLanguage, ReadonlySet<string>>> = {
  en: new Set(['i', 'it', 'is', 'was', 'this', 'my', 'very', 'but', 'not', "it's", 'they', 'are', 'would', 'too', 'me', 'the', 'and', 'of', 'with']),
  es: new Set(['es', 'muy', 'pero', 'me', 'lo', 'se', 'esta', 'mi', 'mis', 'son', 'fue', 'demasiado', 'el', 'los', 'del', 'una', 'hacen']),
  de: new Set(['ist', 'nicht', 'sehr', 'ich', 'es', 'aber', 'mir', 'zu', 'war', 'hat', 'sind', 'auch', 'leider', 'der', 'die', 'das', 'den', 'dem', 'ein', 'eine', 'am', 'mit', 'ihr', 'viel', 'nach', 'wie']),
  fr: new Set(['je', 'est', 'pas', 'tres', 'mais', 'ne', "c'est", 'il', 'elle', 'et', 'etait', 'trop', 'ai', 'suis', 'le', 'les', 'des', 'du', 'au', 'vous', 'mes', 'une', 'ce', 'cette', 'mon', 'ma']),
};

/** Letters typical of one language's spelling (seen before accents are stripped). */
const LETTERS: Partial<Record<StemmedLanguage, RegExp>> = { es: /[ñáíóú¿¡]/giu, de: /[äöüß]/giu, fr: /[èêàçùâîôœë]/giu };

function reviewLanguage(raw: string, clauses: Clause[], languages: readonly StemmedLanguage[]): { language: Language; confident: boolean } {
  const guess = guessLanguage(raw, tokenize(raw), languages);
  if (guess.language !== 'und' && !languages.includes(guess.language as StemmedLanguage)) return guess;
  const votes = new Map<StemmedLanguage, number>();
  const add = (l: StemmedLanguage, n: number) => votes.set(l, (votes.get(l) ?? 0) + n);
  for (const c of clauses) for (const w of c.words) for (const l of languages) if (REVIEW_HINTS[l]?.has(w)) add(l, 2);
  for (const l of languages) add(l, raw.match(LETTERS[l] ?? /$^/gu)?.length ?? 0);
  if (guess.confident && isStemmedGuess(guess.language)) votes.set(guess.language, (votes.get(guess.language) ?? 0) + 1.5);
  let best: StemmedLanguage | null = null;
  for (const l of languages) if ((votes.get(l) ?? 0) > (best ? (votes.get(best) ?? 0) : 0)) best = l;
  return best ? { language: best, confident: true } : guess;
}

const isStemmedGuess = (l: Language): l is StemmedLanguage => (REVIEW_LANGUAGES as string[]).includes(l);
