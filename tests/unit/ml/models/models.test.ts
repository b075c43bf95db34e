import { describe, expect, it } from 'vitest';
import type { Session, SessionDataset } from '../../../../ml/data/session-dataset';
import { topPositiveIndices } from '../../../../ml/models/top-k';
import { createModel, modelFromArtifact, modelNames, registerModel, UnknownModelError } from '../../../../ml/models/registry';
import { PRESETS } from '../../../../ml/models/presets';
import { ArModel } from '../../../../ml/models/ar';
import { PopModel } from '../../../../ml/models/pop';
import { SrModel } from '../../../../ml/models/sr';
import { SknnModel } from '../../../../ml/models/sknn';
import { StanModel } from '../../../../ml/models/stan';
import { VsknnModel } from '../../../../ml/models/vsknn';
import { VstanModel } from '../../../../ml/models/vstan';
import type { Recommender } from '../../../../ml/models/recommender';

function ds(seqs: number[][], nItems: number, times?: number[]): SessionDataset {
  const sessions: Session[] = seqs.map((items, s) => ({
    id: String(s + 1),
    events: items.map((item, j) => ({ item, time: (times ? times[s] : 1000 * (s + 1)) - (items.length - 1 - j), kind: 'view' as const })),
  }));
  return { sessions, itemIds: Array.from({ length: nItems }, (_, i) => `i${i}`) };
}

const arr = (a: ArrayLike<number>) => Array.from(a);

describe('POP', () => {
  it('scores count/(count+1) and recommends by popularity', () => {
    const m = new PopModel();
    m.fit(ds([[0, 1], [1, 2], [1, 0]], 4));
    const s = m.scoreAll({ items: [2] });
    expect(arr(s)).toEqual([2 / 3, 3 / 4, 1 / 2, 0]);
    expect(m.recommend({ items: [] }, 2)).toEqual([
      { item: 1, score: 3 / 4 },
      { item: 0, score: 2 / 3 },
    ]);
    expect(m.recommend({ items: [] }, 5, new Set([1])).map((r) => r.item)).toEqual([0, 2]);
  });
});

describe('AR', () => {
  const data = ds([[0, 1, 2], [0, 1], [3, 3]], 4);
  it('counts co-occurrences in both directions and normalizes by the max', () => {
    const m = new ArModel();
    m.fit(data);
    // rules[0] = {1: 2, 2: 1}
    expect(arr(m.scoreAll({ items: [2, 0] }))).toEqual([0, 1, 0.5, 0]);
    // rules[1] = {0: 2, 2: 1}
    expect(arr(m.scoreAll({ items: [1] }))).toEqual([1, 0, 0.5, 0]);
    // a repeated item pairs with itself (counted twice)
    expect(arr(m.scoreAll({ items: [3] }))).toEqual([0, 0, 0, 1]);
    expect(arr(m.scoreAll({ items: [] }))).toEqual([0, 0, 0, 0]);
  });
  it('prunes to the strongest rules, ties in insertion order', () => {
    const m = new ArModel({ pruning: 1 });
    m.fit(ds([[0, 2], [0, 1]], 3));
    // rules[0] = {2: 1, 1: 1} -> keeps 2 (inserted first)
    expect(arr(m.scoreAll({ items: [0] }))).toEqual([0, 0, 1]);
    expect(m.recommend({ items: [0] }, 5)).toEqual([{ item: 2, score: 1 }]);
  });
});

describe('SR', () => {
  it('weights earlier items by 1/distance within `steps`', () => {
    const m = new SrModel({ steps: 2, weighting: 'div' });
    m.fit(ds([[0, 1, 2]], 3));
    // rules[0] = {1: 1, 2: 1/2}; rules[1] = {2: 1}
    expect(arr(m.scoreAll({ items: [2, 0] }))).toEqual([0, 1, 0.5]);
    expect(arr(m.scoreAll({ items: [1] }))).toEqual([0, 0, 1]);
    const m1 = new SrModel({ steps: 1 });
    m1.fit(ds([[0, 1, 2]], 3));
    expect(arr(m1.scoreAll({ items: [0] }))).toEqual([0, 1, 0]);
    expect(() => new SrModel({ weighting: 'nope' as never })).toThrow(/unknown weighting/);
  });
});

// four sessions: S1=[0,1], S2=[0,2], S3=[3,4], S4=[0,1,2]
const KNN = ds([[0, 1], [0, 2], [3, 4], [0, 1, 2]], 6);

describe('SKNN', () => {
  it('sums Jaccard similarities of the k nearest sessions', () => {
    const m = new SknnModel({ k: 2, sampleSize: 100 });
    m.fit(KNN);
    // sims to {0,1}: S1 = 1, S2 = 1/3, S4 = 2/3 -> k=2 keeps S1, S4
    const s = m.scoreAll({ items: [0, 1] });
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(1, 12);
    expect(s[2]).toBeCloseTo(2 / 3 / (5 / 3), 12);
    expect(s[3]).toBe(0);
    const m3 = new SknnModel({ k: 3, sampleSize: 100 });
    m3.fit(KNN);
    const s3 = m3.scoreAll({ items: [0, 1] });
    // item0 = 1+1/3+2/3 = 2, item1 = 5/3, item2 = 1
    expect(arr(s3).map((x) => +x.toFixed(10))).toEqual([1, +(5 / 6).toFixed(10), 0.5, 0, 0, 0]);
  });
  it('samples the most recent sessions', () => {
    // sample of 1: only the latest session containing item 0 (S4) is a candidate
    const m = new SknnModel({ k: 10, sampleSize: 1 });
    m.fit(KNN);
    const s = m.scoreAll({ items: [0] });
    expect(arr(s)).toEqual([1, 1, 1, 0, 0, 0]);
  });
});

describe('V-SKNN', () => {
  it('position-weighted vec similarity and recency decay of the shared item', () => {
    const data = ds([[0, 1], [0, 2], [3, 4], [0, 1, 2], [1, 5]], 6);
    const m = new VsknnModel({ k: 10, sampleSize: 100, weighting: 'quadratic', weightingScore: 'quadratic' });
    m.fit(data);
    // current [1, 0]: w(1) = (1/2)^2 = .25, w(0) = 1; vec = sum / 2
    // S1 {0,1}: .625, S2 {0,2}: .5, S4 {0,1,2}: .625 (all hold the last item 0 -> decay 1)
    // S5 {1,5}: .125, its most recent shared item is 1 step back -> decay 1/4
    const raw = [0.625 + 0.5 + 0.625, 0.625 + 0.625 + 0.125 * 0.25, 0.5 + 0.625, 0, 0, 0.125 * 0.25];
    const max = Math.max(...raw);
    const s = m.scoreAll({ items: [1, 0] });
    raw.forEach((v, i) => expect(s[i]).toBeCloseTo(v / max, 12));
  });
  it('idf weighting boosts rarer items', () => {
    const m = new VsknnModel({ k: 10, sampleSize: 100, idfWeighting: 1 });
    m.fit(KNN);
    const s = m.scoreAll({ items: [0] });
    // candidates S1, S2, S4 with equal similarity; idf = log(4 / events)
    const idf = (ev: number) => Math.log(4 / ev);
    const raw = [3 * (1 + idf(3)), 2 * (1 + idf(2)), 2 * (1 + idf(2))];
    const max = Math.max(...raw);
    expect(s[0]).toBeCloseTo(raw[0] / max, 12);
    expect(s[1]).toBeCloseTo(raw[1] / max, 12);
  });
});

describe('STAN', () => {
  it('cosine with position weights, in-session distance decay, time decay', () => {
    const data = ds([[0, 1], [2, 0, 3]], 4, [1000, 1000]);
    const m = new StanModel({ k: 10, sampleSize: 100, lambdaSpw: 1, lambdaSnh: null, lambdaInh: 1 });
    m.fit(data);
    const s = m.scoreAll({ items: [0], time: 2000 });
    const e1 = Math.exp(-1);
    expect(s[0]).toBeCloseTo(1 / Math.SQRT2 + 1 / Math.sqrt(3), 12);
    expect(s[1]).toBeCloseTo(e1 / Math.SQRT2, 12);
    expect(s[2]).toBeCloseTo(e1 / Math.sqrt(3), 12);
    expect(s[3]).toBeCloseTo(e1 / Math.sqrt(3), 12);
    // time decay: neighbor 2 one day older -> factor e^-1 with lambda_snh = 1 day
    const d2 = ds([[0, 1], [2, 0, 3]], 4, [1000 + 86400, 1000]);
    const mt = new StanModel({ k: 10, sampleSize: 100, lambdaSpw: 1, lambdaSnh: 1, lambdaInh: 1 });
    mt.fit(d2);
    const t = mt.scoreAll({ items: [0], time: 1000 + 86400 });
    expect(t[1] / t[2]).toBeCloseTo(e1 / Math.SQRT2 / ((e1 / Math.sqrt(3)) * e1), 10);
  });
  it('keeps zero-similarity sessions in the neighbor pool (they add 0)', () => {
    const m = new StanModel({ k: 1, sampleSize: 100, lambdaSpw: 1e-5, lambdaSnh: null });
    m.fit(KNN);
    // current [1, 0]: only the last item has weight; S1/S4 both contain 0 -> with k=1 the most similar wins
    const s = m.scoreAll({ items: [1, 0] });
    expect(s[0]).toBeGreaterThan(0);
  });
});

describe('VSTAN', () => {
  it('adds idf and the current-session position of the shared item', () => {
    const data = ds([[0, 1], [2, 3]], 4, [1000, 1000]);
    const m = new VstanModel({ k: 10, sampleSize: 100, lambdaSpw: 1, lambdaSnh: null, lambdaInh: 1, lambdaIpw: 1, lambdaIdf: 1 });
    m.fit(data);
    // current [2, 0] (L=2): weights w(2)=e^-1, w(0)=1; |cur|^2 = 1 + e^-2
    const e1 = Math.exp(-1);
    const norm = Math.sqrt(1 + e1 * e1);
    const sim1 = 1 / (norm * Math.SQRT2); // S1 shares item 0 (position 2 = last -> ipw 1)
    const sim2 = e1 / (norm * Math.SQRT2); // S2 shares item 2 (position 1 -> ipw e^-1)
    const idf = Math.log(2 / 1);
    const s = m.scoreAll({ items: [2, 0] });
    expect(s[0]).toBeCloseTo(sim1 * (1 + idf), 12);
    expect(s[1]).toBeCloseTo(sim1 * e1 * (1 + idf), 12);
    expect(s[2]).toBeCloseTo(sim2 * (1 + idf) * e1, 12);
    expect(s[3]).toBeCloseTo(sim2 * e1 * (1 + idf) * e1, 12);
  });
});

/** a small random-ish dataset for property tests */
function synthetic(nSessions: number, nItems: number, seed = 1): SessionDataset {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const seqs: number[][] = [];
  for (let s = 0; s < nSessions; s++) {
    const len = 2 + Math.floor(rnd() * 5);
    const base = Math.floor(rnd() * nItems);
    seqs.push(Array.from({ length: len }, () => (base + Math.floor(rnd() * rnd() * 12)) % nItems));
  }
  return ds(seqs, nItems, seqs.map((_, s) => 1e6 + s * 37));
}

describe('all models: recommend agrees with scoreAll; artifacts round-trip', () => {
  const data = synthetic(300, 60);
  const ctxs = [[3], [5, 7], [10, 11, 10], [59, 0, 1, 2], [42]].map((items) => ({ items, time: 1e6 + 300 * 37 }));
  for (const name of ['pop', 'ar', 'sr', 'sknn', 'vsknn', 'stan', 'vstan']) {
    it(name, async () => {
      const m = createModel(name, { ...PRESETS.rsc15[name as 'pop'] });
      m.fit(data);
      for (const ctx of ctxs) {
        const full = m.scoreAll(ctx);
        expect(full.length).toBe(60);
        const exclude = new Set([ctx.items[ctx.items.length - 1]]);
        const rec = m.recommend(ctx, 10, exclude);
        const expected = topPositiveIndices(
          Array.from(full, (v, i) => (exclude.has(i) ? 0 : v)),
          10,
        );
        expect(rec.map((r) => r.item)).toEqual(expected);
        rec.forEach((r) => expect(r.score).toBeCloseTo(full[r.item], 12));
      }
      const art = JSON.parse(JSON.stringify(m.toArtifact()));
      const back: Recommender = await modelFromArtifact(art);
      expect(back.name).toBe(name);
      for (const ctx of ctxs) {
        expect(arr(back.scoreAll(ctx))).toEqual(arr(m.scoreAll(ctx)));
        expect(back.recommend(ctx, 20)).toEqual(m.recommend(ctx, 20));
      }
    });
  }
  it('python tie order needs no extra state and gives the same scores when there are no ties at the cut', () => {
    const a = new VsknnModel({ k: 1000 });
    const b = new VsknnModel({ k: 1000, tieOrder: 'python' });
    a.fit(data);
    b.fit(data);
    for (const ctx of ctxs) {
      const sa = a.scoreAll(ctx);
      const sb = b.scoreAll(ctx);
      sa.forEach((v, i) => expect(sb[i]).toBeCloseTo(v, 12));
    }
  });
});

describe('registry', () => {
  it('lists the built-in models and rejects unknown names with the valid list', () => {
    expect(modelNames()).toEqual(expect.arrayContaining(['pop', 'ar', 'sr', 'sknn', 'vsknn', 'stan', 'vstan']));
    expect(() => createModel('nope')).toThrow(UnknownModelError);
    expect(() => createModel('nope')).toThrow(/valid models: .*vstan/);
    expect(() => modelFromArtifact({ kind: 'nope', version: 1, params: {}, state: null })).toThrow(/unknown model/);
  });
  it('is pluggable', () => {
    registerModel('toy-pop', { create: () => new PopModel() });
    expect(createModel('toy-pop').name).toBe('pop');
    expect(modelNames()).toContain('toy-pop');
  });
  it('rejects artifacts of another kind / version', () => {
    const m = new PopModel();
    m.fit(KNN);
    const a = m.toArtifact();
    expect(() => ArModel.fromArtifact(a)).toThrow(/kind mismatch/);
    expect(() => PopModel.fromArtifact({ ...a, version: 99 })).toThrow(/version/);
  });
  it('ignores unknown item indices in the context', () => {
    const m = new VstanModel();
    m.fit(KNN);
    expect(arr(m.scoreAll({ items: [99, -1, 0] }))).toEqual(arr(m.scoreAll({ items: [0] })));
    expect(m.recommend({ items: [] }, 5)).toEqual([]);
  });
});

describe('REMIND and ENSEMBLE', () => {
  it('remind scores session items by recency', async () => {
    const { RemindModel } = await import('../../../../ml/models/remind');
    const m = new RemindModel({ lambda: 1 });
    m.fit(KNN);
    const s = m.scoreAll({ items: [2, 0, 2] });
    expect(s[2]).toBe(1);
    expect(s[0]).toBeCloseTo(Math.exp(-1), 12);
    const skip = new RemindModel({ lambda: 1, skipLast: true });
    skip.fit(KNN);
    expect(arr(skip.scoreAll({ items: [1, 0, 2] }))).toEqual([Math.exp(-1), Math.exp(-2), 0, 0, 0, 0]);
  });
  it('ensemble = weighted sum of max-normalized member scores; artifact round-trip', async () => {
    const { EnsembleModel } = await import('../../../../ml/models/ensemble');
    const a = new PopModel();
    const b = new SrModel({ steps: 2 });
    const e = new EnsembleModel([
      { model: a, weight: 1 },
      { model: b, weight: 0.5 },
    ]);
    await e.fit(KNN);
    const ctx = { items: [0] };
    const sa = a.scoreAll(ctx);
    const sb = b.scoreAll(ctx);
    const ma = Math.max(...sa);
    const mb = Math.max(...sb);
    const s = e.scoreAll(ctx);
    s.forEach((v, i) => expect(v).toBeCloseTo(sa[i] / ma + (0.5 * sb[i]) / mb, 12));
    const back = await modelFromArtifact(JSON.parse(JSON.stringify(e.toArtifact())));
    expect(arr(back.scoreAll(ctx))).toEqual(arr(s));
    expect(back.recommend(ctx, 3)).toEqual(e.recommend(ctx, 3));
  });
});
