/**
 * Shopper language, pure (no I/O): normalizing, tokenizing (Intl.Segmenter), stemming
 * (@orama/stemmers), language guesses, a store's vocabulary with typo folding, and intent
 * clusters of search queries. See README.md in this folder.
 */
export * from './normalize';
export * from './tokenize';
export * from './stem';
export * from './language';
export * from './edit-distance';
export * from './params';
export * from './vocabulary';
export * from './analyze-query';
export * from './query-clusters';
export * from './cluster-eval';
