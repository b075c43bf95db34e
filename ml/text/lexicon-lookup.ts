/**
 * Looks a normalized word up in per-language word lists: exact form first, then its Snowball
 * stem against the stems of the list's words ("loved" → "love", "enttäuschende" →
 * "enttauschend"). When the text's language was only a default guess, the other languages'
 * lists are tried by exact form (short texts like "Genial" carry no language evidence).
 * A word written with a trailing "!" in a list matches only exactly ("look!": "looks" is not
 * "looking for"). Pure; stem tables are built once per list.
 */
import { isStemmed, stem, type Language } from './stem';

export type WordLists<T> = Partial<Record<Language, Record<string, T>>>;

export interface LexiconLookup<T> {
  (word: string, language: Language, confident: boolean): T | undefined;
}

export function createLookup<T>(lists: WordLists<T>): LexiconLookup<T> {
  const stems = new Map<Language, Map<string, T>>();
  const stemTable = (language: Language): Map<string, T> | undefined => {
    const list = lists[language];
    if (!list || !isStemmed(language)) return undefined;
    let table = stems.get(language);
    if (!table) {
      table = new Map();
      for (const [w, v] of Object.entries(list)) {
        if (w.endsWith('!')) continue;
        const s = stem(w, language);
        if (!table.has(s)) table.set(s, v);
      }
      stems.set(language, table);
    }
    return table;
  };
  const has = (list: Record<string, T>, key: string) => Object.prototype.hasOwnProperty.call(list, key);
  const own = (list: Record<string, T> | undefined, word: string): T | undefined =>
    !list ? undefined : has(list, word) ? list[word] : has(list, `${word}!`) ? list[`${word}!`] : undefined;

  return (word, language, confident) => {
    const exact = own(lists[language], word);
    if (exact !== undefined) return exact;
    if (word.length >= 4) {
      const byStem = stemTable(language)?.get(stem(word, language));
      if (byStem !== undefined) return byStem;
    }
    if (confident) return undefined;
    for (const [lang, list] of Object.entries(lists) as Array<[Language, Record<string, T>]>) {
      if (lang === language) continue;
      const other = own(list, word);
      if (other !== undefined) return other;
    }
    return undefined;
  };
}
