import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Session, SessionDataset } from '../../../../ml/data/session-dataset';
import { evaluateSessions } from '../../../../ml/eval/evaluate';
import { lengthBucket } from '../../../../ml/eval/blend-lists';
import { tuneBlend, type BlendCandidate } from '../../../../ml/eval/tune-blend';
import { validationSplit } from '../../../../ml/eval/validation-tail';
import { TunedModel } from '../../../../ml/models/tuned';
import { EnsembleModel } from '../../../../ml/models/ensemble';
import { normalizeScores } from '../../../../ml/models/score-norm';
import { directoryTrainingCache } from '../../../../app/model-services';
import { Gru4RecSeedAverage } from '../../../../ml/models/blend-gru4rec';
import { RepeatModel } from '../../../../ml/models/repeat';
import { createModel, modelFromArtifact } from '../../../../ml/models/registry';
import type { ModelArtifact } from '../../../../ml/models/recommender';

const DAY = 86400;

/** Sessions where item 0 is re-clicked right away 80 % of the time, other items 10 %; else "last + 1". */
function repeatStore(nSessions = 400, seed = 3): SessionDataset {
  let x = seed;
  const rnd = () => (x = (x * 48271) % 2147483647) / 2147483647;
  const sessions: Session[] = [];
  for (let s = 0; s < nSessions; s++) {
    const t0 = (s / nSessions) * 4 * DAY;
    let cur = Math.floor(rnd() * 20);
    const items = [cur];
    for (let j = 1; j < 5; j++) {
      const p = cur === 0 ? 0.8 : 0.1;
      if (!(rnd() < p)) cur = (cur + 1) % 20;
      items.push(cur);
    }
    sessions.push({ id: String(s + 1), events: items.map((item, j) => ({ item, time: t0 + j * 30, kind: 'view' as const })) });
  }
  return { sessions, itemIds: Array.from({ length: 20 }, (_, i) => `p${i}`) };
}

describe('repeat model', () => {
  const data = repeatStore();
  it('learns per-item repeat probabilities of the last item and scores only session items', () => {
    const m = new RepeatModel();
    m.fit(data);
    const a = m.scoreAll({ items: [5, 0] });
    const b = m.scoreAll({ items: [0, 5] });
    expect(a[0]).toBeGreaterThan(0.5);
    expect(b[5]).toBeLessThan(0.3);
    expect(b[5]).toBeGreaterThan(0);
    // only session items can score (item 5 one step back never recurs in this store: rate 0)
    expect(a.filter((v) => v > 0).length).toBeLessThanOrEqual(2);
    expect(a[7]).toBe(0);
    const art = JSON.parse(JSON.stringify(m.toArtifact())) as ModelArtifact;
    const back = modelFromArtifact(art) as RepeatModel;
    expect(Array.from(back.scoreAll({ items: [5, 0] }))).toEqual(Array.from(a));
    expect(m.recommend({ items: [5, 0] }, 1)[0].item).toBe(0);
  });
  it("'none' normalization keeps positive scores as they are", () => {
    expect(Array.from(normalizeScores([0.2, -1, 0, 0.5], 'none'))).toEqual([0.2, 0, 0, 0.5]);
  });
});

describe('per-length-bucket blend weights', () => {
  const data = repeatStore(500, 9);
  it('lengthBucket maps lengths to buckets', () => {
    expect([1, 2, 3, 4, 9].map((l) => lengthBucket(l, [1, 3]))).toEqual([0, 1, 1, 2, 2]);
  });
  it('tunes weights per bucket, never worse than the global weights on validation, and the ensemble reproduces them', async () => {
    const cands: BlendCandidate[] = [
      { label: 'vstan', make: () => createModel('vstan'), grid: [1] },
      { label: 'repeat', make: () => createModel('repeat'), grid: [0, 0.5, 1, 2, 5], norm: 'none' },
      { label: 'sr', make: () => createModel('sr'), grid: [0, 0.2, 0.5, 1] },
    ];
    const r = await tuneBlend(cands, data, { lengthBuckets: [1, 3] });
    expect(r.bucketWeights).toHaveLength(3);
    expect(r.val.mrr).toBeGreaterThanOrEqual(r.valGlobal!.mrr - 1e-12);
    const members = cands
      .map((c, i) => ({ model: c.make(), weight: r.weights[i], weights: r.bucketWeights!.map((w) => w[i]), norm: c.norm }))
      .filter((m) => m.weights.some((w) => w > 0));
    const ens = new EnsembleModel(members, 'toy', [1, 3]);
    const sp = validationSplit(data);
    await ens.fit(sp.train);
    const full = evaluateSessions(ens, sp.train, sp.test);
    expect(full.mrr).toBeCloseTo(r.val.mrr, 6);
    const back = (await modelFromArtifact(JSON.parse(JSON.stringify(ens.toArtifact())) as ModelArtifact)) as EnsembleModel;
    expect(back.lengthBuckets).toEqual([1, 3]);
    const ctx = { items: [3, 4], time: 4 * DAY };
    expect(back.recommend(ctx, 5)).toEqual(ens.recommend(ctx, 5));
  });
  it('TunedModel with lengthBuckets builds a bucketed ensemble', async () => {
    const m = new TunedModel((n, p) => createModel(n, p), { lengthBuckets: [1], passes: 1 });
    await m.fit(data);
    expect(m.result!.bucketWeights).toHaveLength(2);
    const art = m.toArtifact();
    expect((art.params as { lengthBuckets?: number[] }).lengthBuckets).toEqual([1]);
  });
  it('rejects per-bucket weights without buckets', () => {
    expect(() => new EnsembleModel([{ model: createModel('pop'), weight: 1, weights: [1, 2] }])).toThrow(/lengthBuckets/);
  });
});

describe('gru4rec-avg (tiny, toy data)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wm-gru-avg-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const data = repeatStore(200, 5);
  it('averages the logits of one training per seed and round-trips', async () => {
    const base = { layers: [8], batchSize: 16, nSample: 8, epochs: 1, dropoutHidden: 0, dropoutEmbed: 0 };
    const avg = new Gru4RecSeedAverage({ ...base, seeds: [1, 2] }, { gru4recCache: directoryTrainingCache(dir) });
    await avg.fit(data);
    const a = createModel('gru4rec', { ...base, seed: 1 });
    const b = createModel('gru4rec', { ...base, seed: 2 });
    await a.fit(data);
    await b.fit(data);
    const ctx = { items: [2, 3] };
    const s = avg.scoreAll(ctx);
    const sa = a.scoreAll(ctx);
    const sb = b.scoreAll(ctx);
    for (let i = 0; i < s.length; i++) expect(s[i]).toBeCloseTo((sa[i] + sb[i]) / 2, 4);
    const back = (await modelFromArtifact(JSON.parse(JSON.stringify(avg.toArtifact())) as ModelArtifact)) as Gru4RecSeedAverage;
    expect(Array.from(back.scoreAll(ctx))).toEqual(Array.from(s));
  });
});
