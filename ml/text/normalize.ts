/**
 * Text normalization for search and product text. Pure.
 *
 * - NFKC: full-width ASCII ("ＫＡＹＡＫ") and half-width katakana become their usual forms,
 *   ligatures ("ﬁ") split, compatibility digits unify.
 * - Case folding: `toLowerCase()` (locale-independent), then "ß" → "ss" and final sigma → σ,
 *   so "STRASSE" and "straße" agree.
 * - Accents are stripped for Latin letters only ("café" → "cafe", "Größe" → "grosse"): in
 *   other scripts combining marks carry meaning (Cyrillic "й" is not "и", Devanagari
 *   vowel signs, Japanese dakuten "ガ" vs "カ"), so they are kept.
 */

const LATIN_LETTER = /\p{Script=Latin}/u;
const COMBINING = /\p{M}/u;

/** NFKC, lower-cased and case-folded. */
export function foldCase(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ');
}

/** Removes combining marks that sit on a Latin base letter; leaves every other script alone. */
export function stripLatinAccents(text: string): string {
  const decomposed = text.normalize('NFD');
  let out = '';
  let lastBaseLatin = false;
  for (const ch of decomposed) {
    if (COMBINING.test(ch)) {
      if (!lastBaseLatin) out += ch;
      continue;
    }
    lastBaseLatin = LATIN_LETTER.test(ch);
    out += ch;
  }
  // Latin letters without a decomposition that readers treat as accented forms.
  return out.replace(/[øłđħı]/g, (c) => ({ ø: 'o', ł: 'l', đ: 'd', ħ: 'h', ı: 'i' })[c] ?? c).normalize('NFC');
}

/** The full normalization applied before tokenizing. */
export function normalizeText(text: string): string {
  return stripLatinAccents(foldCase(text));
}
