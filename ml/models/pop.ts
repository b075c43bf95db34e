/**
 * POP: global popularity (session-rec `algorithms/baselines/pop.py`, defaults top_n=None,
 * support counted as events). Score = count / (count + 1); the context is ignored.
 */
import type { SessionDataset } from '../data/session-dataset';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './recommender';
import { checkArtifact } from './artifact-check';

export interface PopParams {
  /** keep non-zero scores only for the top N items (session-rec top_n; null = all) */
  topN?: number | null;
}

export class PopModel implements Recommender {
  readonly name = 'pop';
  readonly params: Required<PopParams>;
  private counts: Float64Array = new Float64Array(0);
  private scores: Float64Array = new Float64Array(0);
  /** items by score desc, ties by index */
  private order = new Int32Array(0);

  constructor(params: PopParams = {}) {
    this.params = { topN: params.topN ?? null };
  }

  fit(data: SessionDataset): void {
    const counts = new Float64Array(data.itemIds.length);
    for (const s of data.sessions) for (const e of s.events) counts[e.item] += 1;
    this.setCounts(counts);
  }

  private setCounts(counts: Float64Array): void {
    this.counts = counts;
    const n = counts.length;
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) scores[i] = counts[i] / (counts[i] + 1);
    const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
    const topN = this.params.topN;
    if (topN !== null && topN >= 0) for (let j = topN; j < n; j++) scores[order[j]] = 0;
    this.scores = scores;
    this.order = order;
  }

  scoreAll(_ctx: RecommendContext): Float64Array {
    return this.scores.slice();
  }

  recommend(_ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    const out: Scored[] = [];
    for (let j = 0; j < this.order.length && out.length < k; j++) {
      const item = this.order[j];
      const s = this.scores[item];
      if (!(s > 0)) break;
      if (exclude && exclude.has(item)) continue;
      out.push({ item, score: s });
    }
    return out;
  }

  toArtifact(): ModelArtifact {
    return { kind: 'pop', version: 1, params: { ...this.params }, state: { counts: Array.from(this.counts) } };
  }

  static fromArtifact(a: ModelArtifact): PopModel {
    checkArtifact(a, 'pop', 1);
    const m = new PopModel(a.params as PopParams);
    m.setCounts(Float64Array.from((a.state as { counts: number[] }).counts));
    return m;
  }
}
