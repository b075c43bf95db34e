/**
 * REPEAT: a data-driven reminder. Scores only the items already in the current session, each with the
 * probability, estimated on the training sessions, that the next click is that item again:
 *
 *   - every (prefix, next item) step of every training session is a sample; each distinct item of the prefix
 *     falls in a bucket (d = how many events back its latest occurrence is, capped at `maxDistance`;
 *     c = how often it occurs in the prefix, capped at `maxCount`; whether the prefix is a single event);
 *     the bucket's repeat rate is hits / samples;
 *   - for the last item (d = 0) the bucket rate is refined per item: (selfRepeats_i + a * rate) / (n_i + a),
 *     a = `itemPrior` (some products are re-clicked far more often than others).
 *
 * Unlike REMIND (exp(-d / lambda), top item always 1) the scores are calibrated probabilities, so a blend can
 * use them as they are (ensemble norm 'none'). A blend member, not a recommender on its own.
 */
import type { SessionDataset } from '../data/session-dataset';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './recommender';
import { checkArtifact } from './artifact-check';
import { validItems } from './context-items';
import { denseFromSparse, topFromSparse } from './sparse-scores';

export interface RepeatParams {
  maxDistance?: number;
  maxCount?: number;
  /** pseudo-count of the per-item refinement of the last item's rate (0 = bucket rate only) */
  itemPrior?: number;
}

export class RepeatModel implements Recommender {
  readonly name = 'repeat';
  readonly params: Required<RepeatParams>;
  private nItems = 0;
  /** bucket repeat rates, index bucketIndex(d, c, single) */
  private rates = new Float64Array(0);
  /** per item: times it was the last item of a training prefix, and times the next click repeated it */
  private lastN = new Float64Array(0);
  private lastHit = new Float64Array(0);

  constructor(params: RepeatParams = {}) {
    this.params = { maxDistance: params.maxDistance ?? 6, maxCount: params.maxCount ?? 3, itemPrior: params.itemPrior ?? 20 };
  }

  private nBuckets(): number {
    return (this.params.maxDistance + 1) * this.params.maxCount * 2;
  }

  private bucket(d: number, c: number, single: boolean): number {
    const p = this.params;
    const dd = Math.min(d, p.maxDistance);
    const cc = Math.min(c, p.maxCount) - 1;
    return ((single ? 1 : 0) * (p.maxDistance + 1) + dd) * p.maxCount + cc;
  }

  fit(data: SessionDataset): void {
    const nItems = data.itemIds.length;
    this.nItems = nItems;
    const nb = this.nBuckets();
    const hits = new Float64Array(nb);
    const tot = new Float64Array(nb);
    this.lastN = new Float64Array(nItems);
    this.lastHit = new Float64Array(nItems);
    const lastPos = new Int32Array(nItems).fill(-1);
    const count = new Int32Array(nItems);
    for (const s of data.sessions) {
      const items = s.events.map((e) => e.item).filter((i) => i >= 0 && i < nItems);
      const seen: number[] = [];
      for (let i = 0; i + 1 < items.length; i++) {
        const it = items[i];
        if (count[it] === 0) seen.push(it);
        count[it]++;
        lastPos[it] = i;
        const target = items[i + 1];
        const single = i === 0;
        for (const x of seen) {
          const b = this.bucket(i - lastPos[x], count[x], single);
          tot[b]++;
          if (x === target) hits[b]++;
        }
        this.lastN[it]++;
        if (target === it) this.lastHit[it]++;
      }
      for (const x of seen) {
        count[x] = 0;
        lastPos[x] = -1;
      }
    }
    this.rates = new Float64Array(nb);
    for (let b = 0; b < nb; b++) this.rates[b] = tot[b] > 0 ? hits[b] / tot[b] : 0;
  }

  private sparse(ctx: RecommendContext): Map<number, number> {
    const items = validItems(ctx.items, this.nItems);
    const out = new Map<number, number>();
    const L = items.length;
    if (L === 0 || this.rates.length === 0) return out;
    const cnt = new Map<number, number>();
    for (const it of items) cnt.set(it, (cnt.get(it) ?? 0) + 1);
    const single = L === 1;
    const a = this.params.itemPrior;
    for (let i = L - 1; i >= 0; i--) {
      const it = items[i];
      if (out.has(it)) continue;
      const d = L - 1 - i;
      let p = this.rates[this.bucket(d, cnt.get(it)!, single)];
      if (d === 0 && a > 0) p = (this.lastHit[it] + a * p) / (this.lastN[it] + a);
      out.set(it, p);
    }
    return out;
  }

  scoreAll(ctx: RecommendContext): Float64Array {
    return denseFromSparse(this.sparse(ctx), this.nItems);
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    return topFromSparse(this.sparse(ctx), k, exclude, (score) => score > 0);
  }

  toArtifact(): ModelArtifact {
    return {
      kind: 'repeat',
      version: 1,
      params: { ...this.params },
      state: { nItems: this.nItems, rates: Array.from(this.rates), lastN: Array.from(this.lastN), lastHit: Array.from(this.lastHit) },
    };
  }

  static fromArtifact(a: ModelArtifact): RepeatModel {
    checkArtifact(a, 'repeat', 1);
    const m = new RepeatModel(a.params as RepeatParams);
    const st = a.state as { nItems: number; rates: number[]; lastN: number[]; lastHit: number[] };
    m.nItems = Number(st.nItems) || 0;
    m.rates = Float64Array.from(st.rates ?? []);
    m.lastN = Float64Array.from(st.lastN ?? []);
    m.lastHit = Float64Array.from(st.lastHit ?? []);
    if (m.rates.length !== m.nBuckets()) throw new Error('repeat: artifact bucket count does not match its params');
    if (m.lastN.length !== m.nItems || m.lastHit.length !== m.nItems) throw new Error('repeat: artifact item arrays do not match nItems');
    return m;
  }
}
