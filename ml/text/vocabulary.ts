/**
 * A store's own vocabulary: the words of its product titles, types and tags and of its
 * shoppers' queries, with how often each occurs. Typo folding and language votes read it.
 * Pure; build it once per analysis.
 */
import { boundedEditDistance } from './edit-distance';
import { guessLanguage } from './language';
import type { QueryParams } from './params';
import { stem, type StemmedLanguage } from './stem';
import { tokenize } from './tokenize';

export interface VocabularyText {
  text: string;
  /** catalog: product title / type / tag; query: a shopper's search (weight = searches). */
  kind: 'catalog' | 'query';
  weight?: number;
}

export interface Vocabulary {
  /** Weighted occurrences of a normalized token. */
  frequency(token: string): number;
  /** True for words seen in the catalog (titles, types, tags). */
  inCatalog(token: string): boolean;
  /** Language shares of a token, from texts whose language was clear. */
  votes(token: string): ReadonlyMap<StemmedLanguage, number> | undefined;
  /**
   * The vocabulary token a rarer token is a typo of, or null. See QueryParams: length
   * thresholds, frequency ratio, catalog words protected. Ties: most frequent, then
   * smallest distance, then alphabetical (deterministic).
   */
  fold(token: string): string | null;
  /** Catalog tokens (for suggestions). */
  catalogTokens(): string[];
  size: number;
}

export function buildVocabulary(texts: Iterable<VocabularyText>, params: QueryParams): Vocabulary {
  const freq = new Map<string, number>();
  const catalog = new Set<string>();
  const langCounts = new Map<string, Map<StemmedLanguage, number>>();
  for (const t of texts) {
    const tokens = tokenize(t.text);
    if (!tokens.length) continue;
    const w = t.weight ?? 1;
    const guess = guessLanguage(t.text, tokens, params.languages);
    for (const tok of tokens) {
      freq.set(tok.text, (freq.get(tok.text) ?? 0) + w);
      if (t.kind === 'catalog') catalog.add(tok.text);
      // Catalog text without evidence is taken to be in the store's default language.
      const lang = guess.confident ? guess.language : t.kind === 'catalog' && tok.script === 'latin' ? params.languages[0] : null;
      if (lang && (params.languages as string[]).includes(lang)) {
        let m = langCounts.get(tok.text);
        if (!m) langCounts.set(tok.text, (m = new Map()));
        const l = lang as StemmedLanguage;
        m.set(l, (m.get(l) ?? 0) + 1);
      }
    }
  }
  const votes = new Map<string, Map<StemmedLanguage, number>>();
  for (const [tok, m] of langCounts) {
    let total = 0;
    for (const n of m.values()) total += n;
    votes.set(tok, new Map([...m].map(([l, n]) => [l, n / total])));
  }
  // Tokens by length, for the folding search; sorted for determinism.
  const byLength = new Map<number, string[]>();
  for (const tok of [...freq.keys()].sort()) {
    const n = [...tok].length;
    const list = byLength.get(n) ?? [];
    list.push(tok);
    byLength.set(n, list);
  }
  // A word's weight for folding is its family's: every token sharing its stem in one of the
  // store's languages ("kayak" counts the searches for "kayaks" too).
  const stemFreq = params.languages.map((l) => {
    const m = new Map<string, number>();
    for (const [tok, f] of freq) {
      const s = stem(tok, l);
      m.set(s, (m.get(s) ?? 0) + f);
    }
    return m;
  });
  const familyFreq = (tok: string) => {
    let best = freq.get(tok) ?? 0;
    params.languages.forEach((l, i) => {
      best = Math.max(best, stemFreq[i].get(stem(tok, l)) ?? 0);
    });
    return best;
  };
  const families = new Map<string, number>();
  for (const tok of freq.keys()) families.set(tok, familyFreq(tok));
  const cache = new Map<string, string | null>();

  function fold(token: string): string | null {
    const hit = cache.get(token);
    if (hit !== undefined) return hit;
    let out: string | null = null;
    const len = [...token].length;
    const max = len >= params.foldMinLength2 ? 2 : len >= params.foldMinLength1 ? 1 : 0;
    const own = familyFreq(token);
    if (max > 0 && !(params.protectCatalogWords && catalog.has(token)) && !/^\p{N}+$/u.test(token)) {
      let best: { tok: string; f: number; d: number } | null = null;
      for (let l = len - max; l <= len + max; l++) {
        for (const cand of byLength.get(l) ?? []) {
          if (cand === token) continue;
          const f = families.get(cand) ?? 0;
          if (f <= 0 || f < own * params.foldMinRatio) continue;
          const d = boundedEditDistance(token, cand, max);
          if (d > max) continue;
          if (!best || f > best.f || (f === best.f && (d < best.d || (d === best.d && cand < best.tok)))) best = { tok: cand, f, d };
        }
      }
      out = best?.tok ?? null;
    }
    cache.set(token, out);
    return out;
  }

  return {
    frequency: (t) => freq.get(t) ?? 0,
    inCatalog: (t) => catalog.has(t),
    votes: (t) => votes.get(t),
    fold,
    catalogTokens: () => [...catalog].sort(),
    size: freq.size,
  };
}
