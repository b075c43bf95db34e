/**
 * Ranking and metrics for next-item evaluation (session-rec `evaluation/metrics/accuracy.py`:
 * HitRate, MRR; plus NDCG, coverage and popularity bias).
 *
 * Tie modes for the target's rank among all candidates (candidate order = item index order =
 * first appearance in the training data):
 * - 'stable': ties keep candidate order (a stable descending sort);
 * - 'pessimistic': the target goes after every item with an equal score;
 * - 'optimistic': the target goes before every item with an equal score.
 */
export type TieMode = 'stable' | 'pessimistic' | 'optimistic';

/** 1-based rank of `target` in `scores` (NaN counts as 0, like session-rec's fillna). */
export function rankOf(scores: ArrayLike<number>, target: number, ties: TieMode = 'stable'): number {
  let t = scores[target];
  if (Number.isNaN(t)) t = 0;
  let greater = 0;
  let equalBefore = 0;
  let equalAfter = 0;
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    let s = scores[i];
    if (s !== s) s = 0;
    if (s > t) greater++;
    else if (s === t && i !== target) {
      if (i < target) equalBefore++;
      else equalAfter++;
    }
  }
  if (ties === 'optimistic') return greater + 1;
  if (ties === 'pessimistic') return greater + equalBefore + equalAfter + 1;
  return greater + equalBefore + 1;
}

export interface MetricSummary {
  /** number of prediction events */
  n: number;
  cutoff: number;
  hr: number;
  mrr: number;
  ndcg: number;
}

/** Accumulates HR@K, MRR@K, NDCG@K from 1-based ranks. */
export class RankMetrics {
  private n = 0;
  private hits = 0;
  private rr = 0;
  private dcg = 0;
  constructor(readonly cutoff = 20) {}
  add(rank: number): void {
    this.n++;
    if (rank <= this.cutoff) {
      this.hits++;
      this.rr += 1 / rank;
      this.dcg += 1 / Math.log2(rank + 1);
    }
  }
  result(): MetricSummary {
    const n = this.n || 1;
    return { n: this.n, cutoff: this.cutoff, hr: this.hits / n, mrr: this.rr / n, ndcg: this.dcg / n };
  }
}

/** Catalog coverage and popularity bias of the recommended top-k lists. */
export class ListMetrics {
  private seen: Uint8Array;
  private nSeen = 0;
  private popSum = 0;
  private lists = 0;
  /** @param popularity training event count per item */
  constructor(private readonly popularity: ArrayLike<number>) {
    this.seen = new Uint8Array(popularity.length);
    let m = 0;
    for (let i = 0; i < popularity.length; i++) if (popularity[i] > m) m = popularity[i];
    this.maxPop = m || 1;
  }
  private readonly maxPop: number;
  add(list: ArrayLike<number>): void {
    if (list.length === 0) return;
    let s = 0;
    for (let j = 0; j < list.length; j++) {
      const it = list[j];
      if (!this.seen[it]) {
        this.seen[it] = 1;
        this.nSeen++;
      }
      s += this.popularity[it] / this.maxPop;
    }
    this.popSum += s / list.length;
    this.lists++;
  }
  /** share of catalog items recommended at least once */
  coverage(): number {
    return this.seen.length ? this.nSeen / this.seen.length : 0;
  }
  /** mean over lists of the mean normalized (by the max) training popularity of the recommended items */
  popularityBias(): number {
    return this.lists ? this.popSum / this.lists : 0;
  }
}

export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[pos];
}
