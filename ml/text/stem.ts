/**
 * Stemming per language with @orama/stemmers (Snowball algorithms ported to plain
 * TypeScript: no dependencies, no WebAssembly, no downloads, one module per language).
 * Pure. Scripts without a stemmer here (Chinese, Japanese, Thai, Korean, ...) keep their
 * segmented words as they are.
 */
import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as italian } from '@orama/stemmers/italian';
import { stemmer as portuguese } from '@orama/stemmers/portuguese';
import { stemmer as dutch } from '@orama/stemmers/dutch';
import { stemmer as russian } from '@orama/stemmers/russian';

export const STEMMED_LANGUAGES = ['en', 'es', 'de', 'fr', 'it', 'pt', 'nl', 'ru'] as const;
export type StemmedLanguage = (typeof STEMMED_LANGUAGES)[number];
/** Languages a query can be guessed as (stemmed ones, plus script-only guesses). */
export type Language = StemmedLanguage | 'ja' | 'zh' | 'ko' | 'th' | 'ar' | 'el' | 'he' | 'hi' | 'und';

const STEMMERS: Record<StemmedLanguage, (w: string) => string> = {
  en: english,
  es: spanish,
  de: german,
  fr: french,
  it: italian,
  pt: portuguese,
  nl: dutch,
  ru: russian,
};

export function isStemmed(lang: string): lang is StemmedLanguage {
  return (STEMMED_LANGUAGES as readonly string[]).includes(lang);
}

/** The stem of a normalized token in a language; digits and unstemmed languages pass through. */
export function stem(token: string, lang: Language): string {
  if (!isStemmed(lang) || /^\p{N}+$/u.test(token)) return token;
  const s = STEMMERS[lang](token);
  return s || token;
}

/**
 * Function words ignored when comparing queries ("shoes for men" = "men shoes"). Short,
 * written for shop search: articles, prepositions and conjunctions only.
 */
export const STOPWORDS: Record<StemmedLanguage, ReadonlySet<string>> = {
  en: new Set(['a', 'an', 'the', 'and', 'or', 'for', 'of', 'with', 'in', 'on', 'to', 'by', 'at']),
  es: new Set(['el', 'la', 'los', 'las', 'un', 'una', 'unos', 'unas', 'de', 'del', 'para', 'con', 'y', 'o', 'en', 'por', 'al', 'sin']),
  de: new Set(['der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'und', 'oder', 'fur', 'mit', 'von', 'im', 'in', 'zum', 'zur', 'ohne', 'aus']),
  fr: new Set(['le', 'la', 'les', 'un', 'une', 'des', 'de', 'du', 'et', 'ou', 'pour', 'avec', 'en', 'au', 'aux', 'sans', 'l', 'd']),
  it: new Set(['il', 'lo', 'la', 'i', 'gli', 'le', 'un', 'una', 'di', 'del', 'della', 'per', 'con', 'e', 'o', 'in', 'da']),
  pt: new Set(['o', 'a', 'os', 'as', 'um', 'uma', 'de', 'do', 'da', 'dos', 'das', 'para', 'com', 'e', 'ou', 'em', 'no', 'na']),
  nl: new Set(['de', 'het', 'een', 'en', 'of', 'voor', 'met', 'van', 'in', 'op']),
  ru: new Set(['и', 'или', 'для', 'с', 'со', 'в', 'во', 'на', 'из', 'по', 'без', 'к', 'от']),
};

export function isStopword(token: string, lang: Language): boolean {
  return isStemmed(lang) && STOPWORDS[lang].has(token);
}
