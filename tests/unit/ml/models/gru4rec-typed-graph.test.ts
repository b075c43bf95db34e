import { describe, expect, it } from 'vitest';
import { createGru4RecGraph, type StepBatch } from '../../../../ml/models/gru4rec-graph';
import { createTypedGru4RecGraph } from '../../../../ml/models/gru4rec-typed-graph';
import { GRU4REC_DEFAULTS, type Gru4RecParams } from '../../../../ml/models/gru4rec-params';
import { Gru4Rec } from '../../../../ml/models/gru4rec';
import type { SessionDataset } from '../../../../ml/data/session-dataset';
import { ringSessions } from '../../../helpers/ring-sessions';
import { dropMask } from '../../../../ml/models/gru4rec-sampling';
import { seededRandom } from '../../../../ml/random/seeded';
import { loadTf } from '../../../../ml/tf-backend';

const N_ITEMS = 40;

/** A random step: B inputs, B targets, S sampled negatives (with repeats, as the sampler gives), masks, logQ. */
function randomBatch(p: Gru4RecParams, B: number, seed: number): StepBatch {
  const rng = seededRandom(seed);
  const nY = B + p.nSample;
  const xy = new Int32Array(B + nY);
  for (let i = 0; i < xy.length; i++) xy[i] = Math.floor(rng() * N_ITEMS);
  const logq = p.logq > 0 ? Float32Array.from({ length: nY }, () => p.logq * rng() * 3) : null;
  const Hout = p.layers[p.layers.length - 1];
  const embMask = p.dropoutEmbed > 0 ? dropMask(B, Hout, p.dropoutEmbed, rng) : null;
  const hidMasks = p.dropoutHidden > 0 ? p.layers.map((H) => dropMask(B, H, p.dropoutHidden, rng)) : null;
  return { xy, B, nY, logq, embMask, hidMasks };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('GRU4Rec typed-array training step', () => {
  // The TensorFlow.js graph differentiates automatically; the typed graph's gradients are written by hand.
  // Same initialization, same batches: the losses and every weight must agree after several steps.
  const cases: Array<[string, Partial<Gru4RecParams>]> = [
    ['one layer, no dropout', { layers: [8], dropoutEmbed: 0, dropoutHidden: 0, logq: 0 }],
    ['two layers, dropout and logQ', { layers: [7, 6], dropoutEmbed: 0.3, dropoutHidden: 0.4, logq: 1 }],
  ];
  for (const [name, over] of cases) {
    it(`matches the TensorFlow.js step (${name})`, async () => {
      const { tf } = await loadTf();
      const p: Gru4RecParams = { ...GRU4REC_DEFAULTS, batchSize: 5, nSample: 9, learningRate: 0.2, ...over };
      const ref = createGru4RecGraph(tf, p, N_ITEMS, seededRandom(3));
      const typed = createTypedGru4RecGraph(p, N_ITEMS, seededRandom(3));
      expect(maxAbsDiff(typed.readWeights().Wy, ref.readWeights().Wy)).toBe(0);
      ref.resetHidden(5);
      typed.resetHidden(5);
      try {
        for (let step = 0; step < 6; step++) {
          // rows end and restart like the training loop does: a reset row and a dropped row
          if (step === 3) {
            ref.updateRows(5, [1], [0, 1, 2, 4]);
            typed.updateRows(5, [1], [0, 1, 2, 4]);
          }
          const B = step >= 3 ? 4 : 5;
          const batch = randomBatch(p, B, 100 + step);
          const a = ref.trainStep(batch);
          const b = typed.trainStep(batch);
          expect(Math.abs(a - b)).toBeLessThan(1e-4 * Math.max(1, Math.abs(a)));
        }
        const wa = ref.readWeights();
        const wb = typed.readWeights();
        expect(maxAbsDiff(wb.Wy, wa.Wy)).toBeLessThan(1e-4);
        expect(maxAbsDiff(wb.By, wa.By)).toBeLessThan(1e-4);
        wa.gru.forEach((g, l) => {
          for (const k of ['Wx', 'Wh', 'bx', 'bh'] as const) expect(maxAbsDiff(wb.gru[l][k], g[k])).toBeLessThan(1e-4);
        });
        // and the weights moved (the comparison is not between two untouched copies)
        expect(maxAbsDiff(wb.Wy, createTypedGru4RecGraph(p, N_ITEMS, seededRandom(3)).readWeights().Wy)).toBeGreaterThan(1e-3);
      } finally {
        ref.dispose();
        typed.dispose();
      }
    });
  }
});

describe('Gru4Rec with the typed engine', () => {
  it('learns sequences that need the hidden state, without TensorFlow, and round-trips its artifact', async () => {
    const n = 24;
    const itemIds = Array.from({ length: n }, (_, i) => `p${i}`);
    const train: SessionDataset = { sessions: ringSessions(600, 1, 0, n), itemIds };
    const test = ringSessions(150, 2, 1e6, n);
    const model = new Gru4Rec({ layers: [32], batchSize: 16, nSample: 16, learningRate: 0.1, dropoutEmbed: 0, dropoutHidden: 0, epochs: 4, seed: 5, engine: 'typed' });
    await model.fit(train);
    expect(model.lastFitStats!.backend).toBe('typed');
    let n2 = 0;
    let hits = 0;
    for (const s of test) {
      const items = s.events.map((e) => e.item);
      for (let i = 1; i + 1 < items.length; i++) {
        const scores = model.scoreAll({ items: items.slice(0, i + 1) });
        const t = scores[items[i + 1]];
        n2++;
        if (!scores.some((v, j) => j !== items[i + 1] && v >= t)) hits++;
      }
    }
    // HR@1 once the direction is known: near 1 for a model that uses its memory, about 0.5 without
    expect(hits / n2).toBeGreaterThan(0.9);
    const back = Gru4Rec.fromArtifact(JSON.parse(JSON.stringify(model.toArtifact())));
    expect(Array.from(back.scoreAll({ items: [3, 4] }))).toEqual(Array.from(model.scoreAll({ items: [3, 4] })));
  });
});
