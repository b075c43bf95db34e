/**
 * Unicode-aware word tokenizing with Intl.Segmenter (word granularity): spaces are not
 * needed between words, so Chinese, Japanese and Thai queries split into dictionary words
 * (ICU's dictionaries, shipped with Node's full ICU). Pure.
 */
import { normalizeText } from './normalize';

export type Script = 'latin' | 'cyrillic' | 'greek' | 'arabic' | 'hebrew' | 'han' | 'kana' | 'hangul' | 'thai' | 'devanagari' | 'other';

const SCRIPTS: Array<[Script, RegExp]> = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['han', /\p{Script=Han}/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['thai', /\p{Script=Thai}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
];

/** The script of a token: the first of its letters that has one of the known scripts. */
export function scriptOf(token: string): Script {
  for (const ch of token) {
    for (const [name, re] of SCRIPTS) if (re.test(ch)) return name;
  }
  return 'other';
}

export interface Token {
  /** Normalized surface form. */
  text: string;
  script: Script;
}

/** Input beyond this many characters is cut before segmenting (bad input never blows up a job). */
export const MAX_TEXT_CHARS = 2_000;

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Word tokens of normalized text; punctuation, spaces and emoji are dropped. */
export function tokenize(text: string): Token[] {
  if (!text) return [];
  const norm = normalizeText(text.slice(0, MAX_TEXT_CHARS));
  const out: Token[] = [];
  for (const s of segmenter.segment(norm)) {
    if (s.isWordLike === false && !HAS_LETTER_OR_DIGIT.test(s.segment)) continue;
    const word = s.segment.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}\p{M}]+$/gu, '');
    if (!word || !HAS_LETTER_OR_DIGIT.test(word)) continue;
    out.push({ text: word, script: scriptOf(word) });
  }
  return out;
}
