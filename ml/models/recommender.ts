/** What every recommendation model is: the Recommender interface, what it is asked, what it answers, and its saved artifact. */
import type { SessionDataset } from '../data/session-dataset';

/** What a model is asked: the items of the current session so far (dense indices, oldest first). */
export interface RecommendContext {
  items: number[];
  /** Unix seconds of "now" (session-rec passes the target event's time). */
  time?: number;
}

export interface Scored {
  item: number;
  score: number;
}

/**
 * One small interface for every recommender (session-rec's fit / predict_next, written down).
 * `recommend` returns at most k items, best first, never an item in `exclude`.
 */
export interface Recommender {
  readonly name: string;
  fit(data: SessionDataset): void | Promise<void>;
  /** Full score vector over all training items (length nItems); used by evaluation. */
  scoreAll(ctx: RecommendContext): Float64Array | Float32Array;
  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[];
  /** JSON-serializable state (typed arrays may be encoded by the caller). */
  toArtifact(): ModelArtifact;
  /**
   * A new model with the choices this fitted one made (tuned weights, selected members) fitted afresh on
   * `data`, without choosing again; models that choose nothing need not offer it (the caller fits a new one).
   */
  refitOn?(data: SessionDataset): Promise<Recommender>;
}

export interface ModelArtifact {
  kind: string;
  version: number;
  params: Record<string, unknown>;
  state: unknown;
}
