/**
 * Which language a query is in. Pure.
 *
 * Non-Latin scripts decide by themselves (Cyrillic → ru, kana → ja, Han without kana → zh,
 * Hangul → ko, Thai, Arabic, Greek, Hebrew, Devanagari). For Latin script the store's
 * languages are scored, each point one piece of evidence:
 *  - a stopword of that language (2 points: "para", "für", "pour"),
 *  - a letter only that language uses, seen in the raw text before accents are stripped
 *    (1 point: ñ ¿ ¡ → es; ß ä ö ü → de; ç è ê à œ ù → fr),
 *  - the store's vocabulary: a token that occurs in the store's own texts (titles, tags,
 *    queries) whose language was clear votes for those languages, in proportion (1 point).
 * Ties and no evidence → the store's default language (params.languages[0]).
 */
import type { Language, StemmedLanguage } from './stem';
import { STOPWORDS } from './stem';
import type { Script, Token } from './tokenize';

const LETTER_HINTS: Partial<Record<StemmedLanguage, RegExp>> = {
  es: /[ñ¿¡]/giu,
  de: /[ßäöü]/giu,
  fr: /[çèêàœùîï]/giu,
  pt: /[ãõ]/giu,
};

const SCRIPT_LANGUAGE: Partial<Record<Script, Language>> = {
  cyrillic: 'ru',
  hangul: 'ko',
  thai: 'th',
  arabic: 'ar',
  greek: 'el',
  hebrew: 'he',
  devanagari: 'hi',
};

/** How a store's vocabulary votes: token → language → weight (share of its confident uses). */
export type LanguageVotes = (token: string) => ReadonlyMap<StemmedLanguage, number> | undefined;

export interface LanguageGuess {
  language: Language;
  /** True when some evidence (script, stopword, letter, vocabulary) chose it. */
  confident: boolean;
}

export function guessLanguage(raw: string, tokens: readonly Token[], languages: readonly StemmedLanguage[], votes?: LanguageVotes): LanguageGuess {
  const scripts = new Map<Script, number>();
  for (const t of tokens) scripts.set(t.script, (scripts.get(t.script) ?? 0) + 1);
  const latin = scripts.get('latin') ?? 0;
  // The dominant non-Latin script, if it outnumbers Latin words.
  let best: [Script, number] | null = null;
  for (const [s, n] of scripts) if (s !== 'latin' && s !== 'other' && (!best || n > best[1])) best = [s, n];
  if (best && best[1] >= latin) {
    if (best[0] === 'kana') return { language: 'ja', confident: true };
    if (best[0] === 'han') return { language: scripts.has('kana') ? 'ja' : 'zh', confident: true };
    const lang = SCRIPT_LANGUAGE[best[0]];
    if (lang) return { language: lang, confident: true };
  }
  const fallback = languages[0] ?? 'en';
  if (!latin) return { language: scripts.size ? 'und' : fallback, confident: false };
  const score = new Map<StemmedLanguage, number>();
  const add = (l: StemmedLanguage, x: number) => score.set(l, (score.get(l) ?? 0) + x);
  for (const l of languages) {
    for (const t of tokens) if (STOPWORDS[l].has(t.text)) add(l, 2);
    const hint = LETTER_HINTS[l];
    if (hint) add(l, raw.match(hint)?.length ?? 0);
  }
  if (votes) {
    for (const t of tokens) {
      const v = votes(t.text);
      if (!v) continue;
      for (const [l, w] of v) if (languages.includes(l)) add(l, w);
    }
  }
  let top: StemmedLanguage = fallback;
  let topScore = 0;
  for (const l of languages) {
    const s = score.get(l) ?? 0;
    if (s > topScore) {
      top = l;
      topScore = s;
    }
  }
  return { language: top, confident: topScore > 0 };
}
