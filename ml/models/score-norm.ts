/**
 * Per-request score normalization of an ensemble member: maps a member's score vector onto [0, 1] so
 * members on different scales (kNN counts, GRU4Rec logits, calibrated probabilities) can be weighted together.
 */
import { topIndices } from './top-k';

/** How a member's per-request score vector is mapped before weighting. */
export type ScoreNorm =
  /** divide by the request's maximum; non-positive scores count 0 (the kNN members' rule) */
  | 'max'
  /** (s - min) / (max - min) over the request's top `normDepth` items; others 0 */
  | 'minmax'
  /** softmax over all items (probabilities); divided by the top probability unless `softmaxScale` is 'sum' */
  | 'softmax'
  /** 1 / (rank + rankOffset) for the top `normDepth` items, scaled so rank 1 gets 1; others 0 */
  | 'rank'
  /** the scores as they are (non-positive ones count 0): for members whose scores are calibrated probabilities */
  | 'none';

export const SCORE_NORMS: ScoreNorm[] = ['max', 'minmax', 'softmax', 'rank', 'none'];

export interface NormOptions {
  /** items kept by 'minmax' and 'rank' (default 100) */
  normDepth?: number;
  /** rank offset of 'rank' (default 5) */
  rankOffset?: number;
  /** softmax temperature (default 1) */
  temperature?: number;
  /** 'max' (default): the top item gets 1; 'sum': plain probabilities (a confident model weighs more) */
  softmaxScale?: 'max' | 'sum';
}

/**
 * Normalized copy of `s`: every output lies in [0, 1], the request's best item gets 1 and items that
 * should not contribute get 0 (except 'none', which keeps the positive scores as they are).
 */
export function normalizeScores(s: ArrayLike<number>, mode: ScoreNorm, o: NormOptions = {}): Float64Array {
  const n = s.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (mode === 'max') {
    let max = 0;
    for (let i = 0; i < n; i++) if (s[i] > max) max = s[i];
    if (!(max > 0)) return out;
    for (let i = 0; i < n; i++) if (s[i] > 0) out[i] = s[i] / max;
    return out;
  }
  if (mode === 'none') {
    for (let i = 0; i < n; i++) if (s[i] > 0) out[i] = s[i];
    return out;
  }
  if (mode === 'softmax') {
    const T = o.temperature ?? 1;
    let max = -Infinity;
    for (let i = 0; i < n; i++) if (s[i] > max) max = s[i];
    if (!Number.isFinite(max)) return out;
    // exp((s - max) / T) is the probability divided by the top probability
    let z = 0;
    for (let i = 0; i < n; i++) z += out[i] = Math.exp((s[i] - max) / T);
    if (o.softmaxScale === 'sum') for (let i = 0; i < n; i++) out[i] /= z;
    return out;
  }
  const depth = Math.min(n, Math.max(1, o.normDepth ?? 100));
  const top = topIndices(s, depth);
  if (mode === 'minmax') {
    const hi = s[top[0]];
    const lo = top.length > 1 ? s[top[top.length - 1]] : hi - 1;
    const span = hi - lo;
    for (let j = 0; j < top.length; j++) {
      const v = span > 0 ? (s[top[j]] - lo) / span : 1;
      // keep the last kept item distinguishable from unlisted items
      out[top[j]] = Math.max(v, 1e-6);
    }
    return out;
  }
  // rank
  const off = o.rankOffset ?? 5;
  for (let j = 0; j < top.length; j++) out[top[j]] = (1 + off) / (j + 1 + off);
  return out;
}
