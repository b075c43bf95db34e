import { beforeAll, describe, expect, it } from 'vitest';
import type { SessionDataset } from '../../../../ml/data/session-dataset';
import { Gru4Rec } from '../../../../ml/models/gru4rec';
import type { Gru4RecParams } from '../../../../ml/models/gru4rec-params';
import { topKAnySign } from '../../../../ml/models/top-k';
import { loadTf, type Tf } from '../../../../ml/tf-backend';
import { ringSessions as ringSessionsOf } from '../../../helpers/ring-sessions';

/** Toy data that needs memory (tests/helpers/ring-sessions.ts), on a ring of N items. */
const N = 24;
const ringSessions = (count: number, seed: number, t0: number) => ringSessionsOf(count, seed, t0, N);

const itemIds = Array.from({ length: N }, (_, i) => `p${i}`);
const train: SessionDataset = { sessions: ringSessions(600, 1, 0), itemIds };
const test: SessionDataset = { sessions: ringSessions(150, 2, 1e6), itemIds };

const TOY: Partial<Gru4RecParams> = {
  layers: [32],
  batchSize: 16,
  nSample: 16,
  sampleAlpha: 0.75,
  learningRate: 0.1,
  dropoutHidden: 0,
  dropoutEmbed: 0,
  epochs: 4,
  seed: 5,
  // the TensorFlow.js trainer (the typed one is checked against it in gru4rec-typed-graph.test.ts)
  engine: 'tfjs',
};

/** HR@k over the predictions made after reading between minSeen and maxSeen items of the session. */
function hitRate(model: Gru4Rec, data: SessionDataset, k: number, minSeen = 1, maxSeen = Infinity): number {
  let n = 0;
  let hits = 0;
  for (const s of data.sessions) {
    const items = s.events.map((e) => e.item);
    for (let i = minSeen - 1; i + 1 < items.length && i < maxSeen; i++) {
      const scores = model.scoreAll({ items: items.slice(0, i + 1) });
      const t = scores[items[i + 1]];
      let higher = 0;
      for (let j = 0; j < scores.length; j++) if (scores[j] > t) higher++;
      n++;
      if (higher < k) hits++;
    }
  }
  return hits / n;
}

let tf: Tf;
let model: Gru4Rec;
const progress: { epoch: number; step: number; loss: number; numTensors: number }[] = [];
let tensorsBefore = 0;

beforeAll(async () => {
  ({ tf } = await loadTf());
  tensorsBefore = tf.memory().numTensors;
  model = new Gru4Rec(TOY);
  await model.fit(train, {
    progressEvery: 1,
    onProgress: (p) => progress.push({ epoch: p.epoch, step: p.step, loss: p.loss, numTensors: tf.memory().numTensors }),
  });
});

describe('Gru4Rec', () => {
  it('learns the toy sequences (HR@5, and direction that needs the hidden state)', () => {
    const untrained = new Gru4Rec({ ...TOY, epochs: 0 });
    return untrained.fit(train).then(() => {
      const base5 = hitRate(untrained, test, 5);
      const hr5 = hitRate(model, test, 5);
      // next item given >= 2 items of the session: only the recurrent state tells up from down
      const hr1Mem = hitRate(model, test, 1, 2);
      // with just the first item the direction is unknown: the best possible HR@1 is about 0.5
      const hr1First = hitRate(model, test, 1, 1, 1);
      expect(base5).toBeLessThan(0.5);
      expect(hr5).toBeGreaterThan(0.95);
      expect(hr1Mem).toBeGreaterThan(0.9);
      expect(hr1First).toBeLessThan(0.75);
      const st = model.lastFitStats!;
      expect(st.epochs).toBe(4);
      expect(st.steps).toBeGreaterThan(0);
      expect(st.epochLosses[3]).toBeLessThan(st.epochLosses[0]);
      expect(['tensorflow', 'wasm', 'cpu']).toContain(st.backend);
    });
  });

  it('reports progress every step and leaks no tensors', () => {
    expect(progress.length).toBe(model.lastFitStats!.steps);
    expect(progress.every((p) => Number.isFinite(p.loss))).toBe(true);
    // after epoch 1 (which fills the per-batch-size caches) the tensor count is flat across steps
    const later = progress.filter((p) => p.epoch >= 2).map((p) => p.numTensors);
    expect(later.length).toBeGreaterThan(50);
    expect(Math.max(...later)).toBe(Math.min(...later));
    // and everything is released after fit
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('artifact round-trip (through JSON) gives identical scores', () => {
    const json = JSON.stringify(model.toArtifact());
    const back = Gru4Rec.fromArtifact(JSON.parse(json));
    expect(back.params).toEqual(model.params);
    expect(back.nItems).toBe(N);
    for (const items of [[], [3], [3, 4, 5], [10, 9], [7, 7, 8, 0]]) {
      const a = model.scoreAll({ items });
      const b = back.scoreAll({ items });
      expect(b.length).toBe(N);
      expect(Array.from(b)).toEqual(Array.from(a));
    }
    expect(() => Gru4Rec.fromArtifact({ ...JSON.parse(json), kind: 'other' })).toThrow();
  });

  it('recommend returns the k best, excluding items, and the hidden-state cache does not change results', () => {
    const ctx = { items: [5, 6, 7] };
    const scores = model.scoreAll(ctx);
    const recs = model.recommend(ctx, 3);
    expect(recs.length).toBe(3);
    expect(recs[0].item).toBe(8);
    const sorted = Array.from(scores)
      .map((s, i) => [s, i])
      .sort((x, y) => y[0] - x[0]);
    expect(recs.map((r) => r.item)).toEqual(sorted.slice(0, 3).map((x) => x[1]));
    const ex = model.recommend(ctx, 3, new Set([8]));
    expect(ex.map((r) => r.item)).not.toContain(8);
    expect(ex.length).toBe(3);
    // a fresh model instance (no cache) computes the same scores as the cached path
    const fresh = Gru4Rec.fromArtifact(model.toArtifact());
    fresh.scoreAll({ items: [5] });
    fresh.scoreAll({ items: [5, 6] });
    expect(Array.from(fresh.scoreAll(ctx))).toEqual(Array.from(Gru4Rec.fromArtifact(model.toArtifact()).scoreAll(ctx)));
    // unknown indices are ignored
    expect(Array.from(model.scoreAll({ items: [5, 999, 6, -1, 7] }))).toEqual(Array.from(scores));
    expect(topKAnySign([1, 3, 3, 2], 2)).toEqual([
      { item: 1, score: 3 },
      { item: 2, score: 3 },
    ]);
  });

  it('scoreAll before fit throws; bad data is rejected', async () => {
    expect(() => new Gru4Rec().scoreAll({ items: [1] })).toThrow(/not trained/);
    await expect(new Gru4Rec(TOY).fit({ sessions: [], itemIds })).rejects.toThrow();
    await expect(
      new Gru4Rec(TOY).fit({
        sessions: [{ id: 'x', events: [{ item: 0, time: 0, kind: 'view' }, { item: 99, time: 1, kind: 'view' }] }],
        itemIds,
      }),
    ).rejects.toThrow(/out of range/);
  });

  it('can be cancelled with an AbortSignal and then frees its tensors', async () => {
    const before = tf.memory().numTensors;
    const ac = new AbortController();
    const m = new Gru4Rec({ ...TOY, epochs: 50 });
    let steps = 0;
    const p = m.fit(train, {
      signal: ac.signal,
      progressEvery: 1,
      onProgress: () => {
        if (++steps === 20) ac.abort();
      },
    });
    await expect(p).rejects.toThrow();
    expect(steps).toBeLessThan(25);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => m.scoreAll({ items: [1] })).toThrow(/not trained/);
  });

  it('multi-layer models train and round-trip; onEpochEnd can stop early', async () => {
    const m = new Gru4Rec({ ...TOY, layers: [24, 16], epochs: 5, dropoutHidden: 0.1, dropoutEmbed: 0.1, logq: 0.5 });
    const seen: number[] = [];
    await m.fit(train, {
      onEpochEnd: ({ epoch }, snap) => {
        seen.push(epoch);
        expect(snap.scoreAll({ items: [1, 2] }).length).toBe(N);
        return epoch === 2 ? 'stop' : undefined;
      },
    });
    expect(seen).toEqual([1, 2]);
    expect(m.lastFitStats!.epochs).toBe(2);
    const back = Gru4Rec.fromArtifact(JSON.parse(JSON.stringify(m.toArtifact())));
    expect(Array.from(back.scoreAll({ items: [1, 2, 3] }))).toEqual(Array.from(m.scoreAll({ items: [1, 2, 3] })));
    expect(hitRate(m, test, 5)).toBeGreaterThan(0.5);
  });
});
