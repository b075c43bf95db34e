/**
 * SKNN: session-based kNN (session-rec `algorithms/knn/sknn.py`, class ContextKNN).
 * Neighbors: "recent" sample of sessions sharing an item with the current session; similarity
 * between the distinct item sets; the k most similar (similarity > 0); an item's score is the sum
 * of the similarities of the neighbors containing it, divided by the max. remind/pop_boost off.
 * Defaults: the RSC15 tuned values of RESULTS.md (k=500, sample_size=10000, jaccard).
 */
import type { ModelArtifact } from './recommender';
import { KnnModel, type TieOrder } from './knn-model';
import { distinct, type ItemAccumulator } from './knn-item-scores';
import type { SessionIndex } from './knn-session-index';

export type SknnSimilarity = 'jaccard' | 'cosine' | 'tanimoto' | 'binary';

export interface SknnParams {
  k?: number;
  sampleSize?: number;
  similarity?: SknnSimilarity;
  /** neighbor tie-breaking: 'index' (default) or 'python' (exact session-rec reproduction) */
  tieOrder?: TieOrder;
}

export class SknnModel extends KnnModel<Required<SknnParams>> {
  readonly name: string = 'sknn';
  protected readonly normalize = true;
  protected override unionsPerStep = 2;

  constructor(params: SknnParams = {}) {
    super({
      k: params.k ?? 500,
      sampleSize: params.sampleSize ?? 10000,
      similarity: params.similarity ?? 'jaccard',
      tieOrder: params.tieOrder ?? 'index',
    });
    if (!['jaccard', 'cosine', 'tanimoto', 'binary'].includes(this.params.similarity)) {
      throw new Error(`sknn: unknown similarity "${this.params.similarity}" (valid: jaccard, cosine, tanimoto, binary)`);
    }
  }

  protected accumulate(items: number[], _time: number, ix: SessionIndex, acc: ItemAccumulator): void {
    const cur = distinct(items);
    const mark = this.curMark;
    for (const it of cur) mark[it] = 1;
    const lc = cur.length;
    const cand = this.candidateOrder(items, cur, ix, this.params.sampleSize);
    const n = cand.length;
    const sims = this.simBuf;
    const simName = this.params.similarity;
    for (let j = 0; j < n; j++) {
      const s = cand[j];
      const a = ix.setPtr[s];
      const b = ix.setPtr[s + 1];
      let li = 0;
      for (let p = a; p < b; p++) li += mark[ix.setItems[p]];
      const ln = b - a;
      let sim: number;
      switch (simName) {
        case 'cosine':
          // session-rec quirk: li / sqrt(la) * sqrt(lb) with la = neighbor, lb = current
          sim = (li / Math.sqrt(ln)) * Math.sqrt(lc);
          break;
        case 'binary':
          sim = (2 * li) / (2 * li + ln + lc);
          break;
        default: // jaccard, tanimoto
          sim = li / (ln + lc - li);
      }
      sims[j] = sim;
    }
    for (const it of cur) mark[it] = 0;
    const nb = this.selectNeighbors(cand, sims, n, this.params.k);
    for (let q = 0; q < nb.length; q++) {
      const j = nb[q];
      const s = cand[j];
      const sim = sims[j];
      for (let p = ix.setPtr[s]; p < ix.setPtr[s + 1]; p++) acc.add(ix.setItems[p], sim);
    }
  }

  static fromArtifact(a: ModelArtifact): SknnModel {
    return KnnModel.restore(new SknnModel(a.params as SknnParams), a);
  }
}
