/**
 * Blend metrics from top lists: each member's top items per validation event are computed once, then any
 * weighting of the members is scored from the lists alone (what makes coordinate ascent over weights cheap).
 */
import type { Recommender, Scored } from '../models/recommender';
import { normalizeScores, type NormOptions, type ScoreNorm } from '../models/score-norm';
import { topIndices } from '../models/top-k';
import type { ValidationEvents } from './validation-tail';

/** Per-event top lists of one fitted model on validation sessions (scores divided by the max). */
export interface EventLists {
  n: number;
  depth: number;
  items: Int32Array;
  scores: Float32Array;
}

export function collectLists(
  model: Recommender,
  ev: ValidationEvents,
  depth = 100,
  norm?: ScoreNorm,
  normOptions?: NormOptions,
  /** leave each event's session items out of its list, as the storefront's model source does */
  excludeSession = false,
): EventLists {
  const items = new Int32Array(ev.n * depth).fill(-1);
  const scores = new Float32Array(ev.n * depth);
  if (norm) {
    // the member's top `depth` items after the ensemble's own normalization of its full score vector
    for (let e = 0; e < ev.n; e++) {
      const v = normalizeScores(model.scoreAll(ev.contexts[e]), norm, normOptions);
      const skip = excludeSession ? new Set(ev.contexts[e].items) : null;
      const top = topIndices(v, depth + (skip?.size ?? 0));
      let j = 0;
      for (const it of top) {
        if (skip?.has(it)) continue;
        if (!(v[it] > 0) || j >= depth) break;
        items[e * depth + j] = it;
        scores[e * depth + j] = v[it];
        j++;
      }
    }
    return { n: ev.n, depth, items, scores };
  }
  for (let e = 0; e < ev.n; e++) {
    const rec: Scored[] = model.recommend(ev.contexts[e], depth, excludeSession ? new Set(ev.contexts[e].items) : undefined);
    const max = rec.length ? rec[0].score : 0;
    for (let j = 0; j < rec.length; j++) {
      items[e * depth + j] = rec[j].item;
      scores[e * depth + j] = max > 0 ? rec[j].score / max : 0;
    }
  }
  return { n: ev.n, depth, items, scores };
}

/**
 * HR@K / MRR@K of a weighted blend of top lists (items outside every list score 0; ties: lower
 * item index first, the 'stable' rule). An approximation of the full blend that is exact for the
 * items inside the lists.
 */
export function blendMetrics(
  lists: EventLists[],
  weights: number[],
  ev: ValidationEvents,
  cutoff = 20,
  /** only these events (default all) */
  subset?: ArrayLike<number>,
): { hr: number; mrr: number } {
  const acc = new Float64Array(ev.nItems);
  const touched = new Int32Array(lists.reduce((a, l) => a + l.depth, 0));
  let hits = 0;
  let rr = 0;
  const nEv = subset ? subset.length : ev.n;
  for (let q0 = 0; q0 < nEv; q0++) {
    const e = subset ? subset[q0] : q0;
    let nt = 0;
    for (let m = 0; m < lists.length; m++) {
      const w = weights[m];
      if (w === 0) continue;
      const L = lists[m];
      const base = e * L.depth;
      for (let j = 0; j < L.depth; j++) {
        const it = L.items[base + j];
        if (it < 0) break;
        if (acc[it] === 0) touched[nt++] = it;
        acc[it] += w * L.scores[base + j];
      }
    }
    const target = ev.targets[e];
    const t = acc[target];
    let rank: number;
    if (t > 0) {
      rank = 1;
      for (let q = 0; q < nt; q++) {
        const it = touched[q];
        const v = acc[it];
        if (v > t || (v === t && it < target)) rank++;
      }
    } else {
      // target not in any list: behind every listed item and, by the stable rule, behind the
      // unlisted (zero-score) items with a lower index
      let before = 0;
      for (let q = 0; q < nt; q++) if (touched[q] < target) before++;
      rank = nt + (target - before) + 1;
    }
    if (rank <= cutoff) {
      hits++;
      rr += 1 / rank;
    }
    for (let q = 0; q < nt; q++) acc[touched[q]] = 0;
  }
  return { hr: nEv ? hits / nEv : 0, mrr: nEv ? rr / nEv : 0 };
}

/** Bucket of a session of `length` items: the first i with length <= bounds[i], else bounds.length. */
export function lengthBucket(length: number, bounds: readonly number[]): number {
  for (let i = 0; i < bounds.length; i++) if (length <= bounds[i]) return i;
  return bounds.length;
}
