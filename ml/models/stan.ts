/**
 * STAN: sequence- and time-aware neighborhood (Garg et al. 2019; session-rec
 * `algorithms/knn/stan.py`). Similarity = cosine between the current session (items weighted by
 * exp((pos - L) / lambda_spw)) and a neighbor's item set, times exp(-(t_now - t_neighbor) /
 * lambda_snh days); all sampled candidates (even similarity 0) compete for the k neighbors; an
 * item's contribution is decayed by its distance in the neighbor session to the last shared item,
 * exp(-|pos_item - pos_shared| / lambda_inh). No normalization.
 *
 * The same engine runs VSTAN (see vstan.ts), which adds lambda_ipw and lambda_idf.
 * Defaults: the RSC15 tuned values of RESULTS.md (k=1000, sample_size=10000, lambda_spw=1e-5,
 * lambda_snh=10, lambda_inh=2, remind=True).
 */
import type { ModelArtifact } from './recommender';
import { KnnModel, type TieOrder } from './knn-model';
import { distinct, type ItemAccumulator } from './knn-item-scores';
import type { SessionIndex } from './knn-session-index';

export interface StanParams {
  k?: number;
  sampleSize?: number;
  /** null = plain cosine */
  lambdaSpw?: number | null;
  /** in days; null = no time decay */
  lambdaSnh?: number | null;
  /** null = no in-neighbor position decay */
  lambdaInh?: number | null;
  remind?: boolean;
  /** neighbor tie-breaking: 'index' (default) or 'python' (exact session-rec reproduction) */
  tieOrder?: TieOrder;
}

export interface StanEngineParams extends Required<StanParams> {
  /** VSTAN: weight of the position in the current session of the last shared item; null = off */
  lambdaIpw: number | null;
  /** VSTAN: idf boost factor; null = off */
  lambdaIdf: number | null;
}

export abstract class StanEngine<P extends StanEngineParams> extends KnnModel<P> {
  protected readonly normalize = false;
  private nbStamp = new Uint32Array(0);
  private nbGen = 0;
  /** exp(-d / lambda_inh) for d = 0..maxSeqLen (same values as computing it each time) */
  private inhTable = new Float64Array(0);

  protected override afterIndex(ix: SessionIndex): void {
    this.nbStamp = new Uint32Array(ix.nItems);
    this.nbGen = 0;
    this.afterAdd(ix);
  }

  /** the inh table follows the longest session */
  protected override afterAdd(ix: SessionIndex): void {
    const inh = this.params.lambdaInh;
    if (this.inhTable.length < ix.maxSeqLen + 1) {
      this.inhTable = new Float64Array(ix.maxSeqLen + 1);
      if (inh !== null) for (let d = 0; d <= ix.maxSeqLen; d++) this.inhTable[d] = Math.exp(-d / inh);
    }
  }

  protected accumulate(items: number[], time: number, ix: SessionIndex, acc: ItemAccumulator): void {
    const p = this.params;
    const L = items.length;
    const w = this.curW;
    const mark = this.curMark;
    const spw = p.lambdaSpw;
    const usePos = spw !== null && spw !== 0;
    for (let i = 0; i < L; i++) {
      const it = items[i];
      w[it] = usePos ? Math.exp((i + 1 - L) / spw!) : 1;
      mark[it] = 1;
    }
    const cur = distinct(items);
    let curSum = 0;
    if (usePos) for (const it of cur) curSum += w[it] * w[it];
    else curSum = cur.length;
    const sqrtCur = Math.sqrt(curSum);
    const snh = p.lambdaSnh === null ? null : p.lambdaSnh * 24 * 3600;

    const cand = this.candidateOrder(items, cur, ix, p.sampleSize);
    const n = cand.length;
    const sims = this.simBuf;
    this.similarities(cand, n, sims, ix, usePos, sqrtCur, snh, time);
    const nb = this.selectNeighbors(cand, sims, n, p.k);

    this.scoreNeighbors(nb, cand, sims, items, ix, acc);
    for (const it of cur) {
      mark[it] = 0;
      w[it] = 0;
    }
  }

  private similarities(
    cand: ArrayLike<number>,
    n: number,
    sims: Float64Array,
    ix: SessionIndex,
    usePos: boolean,
    sqrtCur: number,
    snh: number | null,
    time: number,
  ): void {
    const w = this.curW;
    const mark = this.curMark;
    const sqrtLen = ix.sqrtSetLen;
    for (let j = 0; j < n; j++) {
      const s = cand[j];
      const a = ix.setPtr[s];
      const b = ix.setPtr[s + 1];
      let vp = 0;
      if (usePos) {
        for (let q = a; q < b; q++) {
          const it = ix.setItems[q];
          if (mark[it]) vp += w[it];
        }
      } else {
        for (let q = a; q < b; q++) vp += mark[ix.setItems[q]];
      }
      let sim = vp / (sqrtCur * sqrtLen[s]);
      if (snh !== null && sim !== 0) sim *= Math.exp(-(time - ix.sessTime[s]) / snh);
      sims[j] = sim;
    }
  }

  private scoreNeighbors(nb: Int32Array, cand: ArrayLike<number>, sims: Float64Array, items: number[], ix: SessionIndex, acc: ItemAccumulator): void {
    const p = this.params;
    const L = items.length;
    const mark = this.curMark;
    const inh = p.lambdaInh;
    const ipw = p.lambdaIpw;
    const lidf = p.lambdaIdf;
    const idf = lidf !== null ? ix.idf() : null;
    const posLast = this.posLast;
    const useIpw = ipw !== null;
    const inhTable = this.inhTable;
    for (let q = 0; q < nb.length; q++) {
      const j = nb[q];
      const s = cand[j];
      const sim = sims[j];
      const a = ix.seqPtr[s];
      const b = ix.seqPtr[s + 1];
      let posStar = 0;
      for (let r = a; r < b; r++) {
        const it = ix.seqItems[r];
        const pos = r - a + 1;
        if (mark[it]) posStar = pos;
        posLast[it] = pos;
      }
      let ipwDecay = 1;
      if (useIpw) {
        // last position i in the current session whose item occurs in the neighbor
        if (++this.nbGen === 0xffffffff) {
          this.nbStamp.fill(0);
          this.nbGen = 1;
        }
        const g = this.nbGen;
        const st = this.nbStamp;
        for (let r = a; r < b; r++) st[ix.seqItems[r]] = g;
        let last = 0;
        for (let i = L - 1; i >= 0; i--) {
          if (st[items[i]] === g) {
            last = i + 1;
            break;
          }
        }
        ipwDecay = Math.exp((last - L) / ipw!);
      }
      const sa = ix.setPtr[s];
      const sb = ix.setPtr[s + 1];
      for (let r = sa; r < sb; r++) {
        const it = ix.setItems[r];
        if (!p.remind && mark[it]) continue;
        let v = sim;
        if (inh !== null) v = v * inhTable[Math.abs(posLast[it] - posStar)];
        if (idf !== null && lidf !== null) v = v + v * idf[it] * lidf;
        if (useIpw) v = v * ipwDecay;
        acc.add(it, v);
      }
    }
  }
}

export class StanModel extends StanEngine<StanEngineParams> {
  readonly name: string = 'stan';

  constructor(params: StanParams = {}) {
    super({
      k: params.k ?? 1000,
      sampleSize: params.sampleSize ?? 10000,
      lambdaSpw: params.lambdaSpw === undefined ? 1e-5 : params.lambdaSpw,
      lambdaSnh: params.lambdaSnh === undefined ? 10 : params.lambdaSnh,
      lambdaInh: params.lambdaInh === undefined ? 2 : params.lambdaInh,
      remind: params.remind ?? true,
      tieOrder: params.tieOrder ?? 'index',
      lambdaIpw: null,
      lambdaIdf: null,
    });
  }

  static fromArtifact(a: ModelArtifact): StanModel {
    return KnnModel.restore(new StanModel(a.params as StanParams), a);
  }
}
