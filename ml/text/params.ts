/**
 * Every threshold of query understanding, in one object (chosen on the labeled fixtures in
 * tests/fixtures/search-queries.txt; see docs/BENCHMARKS.md, "search-clusters").
 */
import type { StemmedLanguage } from './stem';

export interface QueryParams {
  /** Latin-script languages the store's queries may be in (first = the store's default). */
  languages: StemmedLanguage[];
  /** Typo folding: tokens at least this long may be folded at edit distance 1 ... */
  foldMinLength1: number;
  /** ... and tokens at least this long at edit distance 2. */
  foldMinLength2: number;
  /** A token folds onto a vocabulary token only if that one is this many times more frequent. */
  foldMinRatio: number;
  /** Tokens that occur in product titles or tags are real words of the store: never folded. */
  protectCatalogWords: boolean;
  /** Co-occurrence merge: a group's product vector needs this many clicks/adds to vote ... */
  minInteractions: number;
  /** ... and two groups merge when the cosine of their product vectors reaches this. */
  cooccurrenceThreshold: number;
  /** Most groups considered for co-occurrence merging (by searches); the rest stay text-only. */
  maxGroups: number;
}

export const DEFAULT_QUERY_PARAMS: Readonly<QueryParams> = Object.freeze({
  languages: ['en', 'es', 'de', 'fr', 'ru'] as StemmedLanguage[],
  foldMinLength1: 4,
  foldMinLength2: 8,
  foldMinRatio: 2,
  protectCatalogWords: true,
  minInteractions: 2,
  cooccurrenceThreshold: 0.8,
  maxGroups: 3_000,
});
