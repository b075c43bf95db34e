import { describe, expect, it } from 'vitest';
import { evaluateSessions } from '../../../../ml/eval/evaluate';
import { ListMetrics, RankMetrics, quantile, rankOf } from '../../../../ml/eval/metrics';
import { topPositiveIndices } from '../../../../ml/models/top-k';
import type { SessionDataset } from '../../../../ml/data/session-dataset';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from '../../../../ml/models/recommender';

describe('rankOf tie modes', () => {
  const scores = [0.5, 0.9, 0.5, 0.1];
  it('counts strictly greater scores, then ties by rule', () => {
    expect(rankOf(scores, 1)).toBe(1);
    expect(rankOf(scores, 2, 'stable')).toBe(3); // item 0 ties and comes first
    expect(rankOf(scores, 2, 'pessimistic')).toBe(3);
    expect(rankOf(scores, 2, 'optimistic')).toBe(2);
    expect(rankOf(scores, 0, 'stable')).toBe(2);
    expect(rankOf(scores, 0, 'pessimistic')).toBe(3);
    expect(rankOf(scores, 0, 'optimistic')).toBe(2);
    expect(rankOf(scores, 3, 'stable')).toBe(4);
  });
  it('treats NaN as 0 (session-rec fillna)', () => {
    expect(rankOf([NaN, 0, 1], 1, 'stable')).toBe(3);
    expect(rankOf([NaN, 0, 1], 1, 'optimistic')).toBe(2);
  });
});

describe('RankMetrics', () => {
  it('HR / MRR / NDCG by hand', () => {
    const m = new RankMetrics(2);
    for (const r of [1, 2, 3]) m.add(r);
    const res = m.result();
    expect(res.n).toBe(3);
    expect(res.hr).toBeCloseTo(2 / 3, 12);
    expect(res.mrr).toBeCloseTo((1 + 0.5) / 3, 12);
    expect(res.ndcg).toBeCloseTo((1 + 1 / Math.log2(3)) / 3, 12);
  });
});

describe('topPositiveIndices / ListMetrics / quantile', () => {
  it('keeps positive scores, best first, ties by index', () => {
    expect(topPositiveIndices([0.2, 0.5, 0.2, 0, 0.9], 3)).toEqual([4, 1, 0]);
    expect(topPositiveIndices([0, 0, 0], 2)).toEqual([]);
  });
  it('coverage and popularity bias', () => {
    const lm = new ListMetrics([4, 2, 1, 1]);
    lm.add([0, 1]);
    lm.add([1, 2]);
    expect(lm.coverage()).toBeCloseTo(3 / 4, 12);
    // list means of pop/max: (1 + .5)/2 = .75, (.5 + .25)/2 = .375
    expect(lm.popularityBias()).toBeCloseTo((0.75 + 0.375) / 2, 12);
  });
  it('quantile', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.99)).toBe(4);
  });
});

/** toy model: the item after the last one (mod n) scores 1, all others 0; records the times it was given */
class NextItemModel implements Recommender {
  readonly name = 'next';
  n = 0;
  times: (number | undefined)[] = [];
  inputs: number[][] = [];
  fit(d: SessionDataset) {
    this.n = d.itemIds.length;
  }
  scoreAll(ctx: RecommendContext) {
    this.times.push(ctx.time);
    this.inputs.push(ctx.items.slice());
    const s = new Float64Array(this.n);
    s[(ctx.items[ctx.items.length - 1] + 1) % this.n] = 1;
    return s;
  }
  recommend(ctx: RecommendContext, k: number): Scored[] {
    return topPositiveIndices(this.scoreAll(ctx), k).map((item) => ({ item, score: 1 }));
  }
  toArtifact(): ModelArtifact {
    return { kind: 'next', version: 1, params: {}, state: null };
  }
}

const ev = (items: number[], t0 = 100) => items.map((item, j) => ({ item, time: t0 + j, kind: 'view' as const }));

describe('evaluateSessions (session-rec protocol)', () => {
  const train: SessionDataset = { itemIds: ['a', 'b', 'c', 'd'], sessions: [{ id: '1', events: ev([0, 1, 2, 3]) }] };
  const test: SessionDataset = {
    itemIds: train.itemIds,
    sessions: [
      { id: '10', events: ev([0, 1, 2], 1000) },
      { id: '11', events: ev([3, 0], 2000) },
      { id: '12', events: ev([1, 3], 3000) },
    ],
  };
  it('feeds every prefix with the target time and ranks all items', () => {
    const m = new NextItemModel();
    m.fit(train);
    const r = evaluateSessions(m, train, test, { collectRanks: true, cutoff: 20 });
    expect(r.n).toBe(4);
    expect(m.inputs).toEqual([[0], [0, 1], [3], [1]]);
    expect(m.times).toEqual([1001, 1002, 2001, 3001]);
    // ranks: 1, 1, 1, then target 3 (score 0) behind item 2 (score 1) and tied with items 0, 1
    expect(Array.from(r.ranks!.stable)).toEqual([1, 1, 1, 4]);
    expect(Array.from(r.ranks!.pessimistic)).toEqual([1, 1, 1, 4]);
    expect(Array.from(r.ranks!.optimistic)).toEqual([1, 1, 1, 2]);
    expect(r.byTieMode.stable.hr).toBe(1);
    expect(r.byTieMode.stable.mrr).toBeCloseTo((1 + 1 + 1 + 0.25) / 4, 12);
    expect(r.byTieMode.optimistic.mrr).toBeCloseTo((1 + 1 + 1 + 0.5) / 4, 12);
    const r3 = evaluateSessions(m, train, test, { cutoff: 3 });
    expect(r3.hr).toBeCloseTo(3 / 4, 12);
    // lists: [1], [2], [0], [2] -> 3 of 4 items covered
    expect(r.coverage).toBeCloseTo(3 / 4, 12);
    expect(r.predictMsP99).toBeGreaterThanOrEqual(r.predictMsP50);
  });
});
