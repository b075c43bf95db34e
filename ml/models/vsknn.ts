/**
 * V-SKNN: vector-multiplication session kNN (session-rec `algorithms/knn/vsknn.py`, class
 * VMContextKNN). Current-session items get a position weight (later = heavier); the similarity to
 * a neighbor is "vec" (sum of the weights of shared items / number of distinct current items) or
 * "cosine"; a neighbor's contribution is decayed by how far back in the current session its most
 * recent shared item lies (weighting_score), optionally boosted by item idf. Scores / max.
 * Defaults: the RSC15 tuned values of RESULTS.md (k=100, sample_size=1000, weighting=quadratic,
 * weighting_score=quadratic, similarity=vec, remind=True, no idf).
 */
import type { ModelArtifact } from './recommender';
import { KnnModel, type TieOrder } from './knn-model';
import { distinct, type ItemAccumulator } from './knn-item-scores';
import type { SessionIndex } from './knn-session-index';
import { stepWeights } from './step-weights';

export type PosWeighting = 'linear' | 'same' | 'div' | 'log' | 'quadratic';

/** session-rec V-SKNN position weights: i is the 1-based position in the current session of length L */
export const positionWeights: Record<PosWeighting, (i: number, L: number) => number> = {
  linear: (i, L) => (i <= 10 ? 1 - 0.1 * (L - i) : 0),
  same: () => 1,
  div: (i, L) => i / L,
  log: (i, L) => 1 / Math.log10(L - i + 1.7),
  quadratic: (i, L) => {
    const x = i / L;
    return x * x;
  },
};

export interface VsknnParams {
  k?: number;
  sampleSize?: number;
  similarity?: 'vec' | 'cosine';
  /** position weighting of the current session's items; null = all 1 */
  weighting?: PosWeighting | null;
  weightingScore?: PosWeighting;
  /** idf boost factor (session-rec idf_weighting); false/0 = off */
  idfWeighting?: number | false;
  /** keep items of the current session as candidates (session-rec remind, default True) */
  remind?: boolean;
  /** neighbor tie-breaking: 'index' (default) or 'python' (exact session-rec reproduction) */
  tieOrder?: TieOrder;
}

export class VsknnModel extends KnnModel<Required<VsknnParams>> {
  readonly name: string = 'vsknn';
  protected readonly normalize = true;

  constructor(params: VsknnParams = {}) {
    super({
      k: params.k ?? 100,
      sampleSize: params.sampleSize ?? 1000,
      similarity: params.similarity ?? 'vec',
      weighting: params.weighting === undefined ? 'quadratic' : params.weighting,
      weightingScore: params.weightingScore ?? 'quadratic',
      idfWeighting: params.idfWeighting ?? false,
      remind: params.remind ?? true,
      tieOrder: params.tieOrder ?? 'index',
    });
    const p = this.params;
    if (p.weighting !== null && !positionWeights[p.weighting]) throw new Error(`vsknn: unknown weighting "${p.weighting}"`);
    if (!stepWeights[p.weightingScore]) throw new Error(`vsknn: unknown weightingScore "${p.weightingScore}"`);
    if (p.similarity !== 'vec' && p.similarity !== 'cosine') throw new Error(`vsknn: unknown similarity "${p.similarity}" (valid: vec, cosine)`);
  }

  protected accumulate(items: number[], _time: number, ix: SessionIndex, acc: ItemAccumulator): void {
    const p = this.params;
    const L = items.length;
    const w = this.curW;
    const mark = this.curMark;
    const posFn = p.weighting === null ? null : positionWeights[p.weighting];
    // position of the last occurrence (1-based) per current item; weight from it
    for (let i = 0; i < L; i++) {
      const it = items[i];
      w[it] = posFn ? posFn(i + 1, L) : 1;
      mark[it] = 1;
    }
    const cur = distinct(items);
    const nCur = cur.length;
    let curSq = 0;
    if (p.similarity === 'cosine') for (const it of cur) curSq += w[it] * w[it];
    const cand = this.candidateOrder(items, cur, ix, p.sampleSize);
    const n = cand.length;
    const sims = this.simBuf;
    for (let j = 0; j < n; j++) {
      const s = cand[j];
      const a = ix.setPtr[s];
      const b = ix.setPtr[s + 1];
      let vp = 0;
      for (let q = a; q < b; q++) {
        const it = ix.setItems[q];
        if (mark[it]) vp += w[it];
      }
      sims[j] = p.similarity === 'vec' ? vp / nCur : vp / (Math.sqrt(curSq) * Math.sqrt(b - a));
    }
    const nb = this.selectNeighbors(cand, sims, n, p.k);
    const scoreFn = stepWeights[p.weightingScore];
    const idfW = p.idfWeighting;
    const idf = idfW ? ix.idf() : null;
    // neighbors' membership marks, via posLast as a stamp (session index + 1)
    const stampArr = this.posLast;
    for (let q = 0; q < nb.length; q++) {
      const j = nb[q];
      const s = cand[j];
      const sim = sims[j];
      const a = ix.setPtr[s];
      const b = ix.setPtr[s + 1];
      for (let r = a; r < b; r++) stampArr[ix.setItems[r]] = s + 1;
      let step = 1;
      for (let i = L - 1; i >= 0; i--) {
        if (stampArr[items[i]] === s + 1) break;
        step++;
      }
      const decay = scoreFn(step);
      for (let r = a; r < b; r++) {
        const it = ix.setItems[r];
        if (!p.remind && mark[it]) continue;
        let v = sim;
        if (idf !== null && idfW) v = v + v * idf[it] * idfW;
        v = v * decay;
        acc.add(it, v);
      }
    }
    for (const it of cur) {
      mark[it] = 0;
      w[it] = 0;
    }
    // clear stamps so a later request cannot match a stale session stamp
    for (let q = 0; q < nb.length; q++) {
      const s = cand[nb[q]];
      for (let r = ix.setPtr[s]; r < ix.setPtr[s + 1]; r++) stampArr[ix.setItems[r]] = 0;
    }
  }

  static fromArtifact(a: ModelArtifact): VsknnModel {
    return KnnModel.restore(new VsknnModel(a.params as VsknnParams), a);
  }
}
