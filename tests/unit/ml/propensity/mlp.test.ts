import { describe, expect, it } from 'vitest';
import { loadTf } from '../../../../ml/tf-backend';
import { fitMlp, type MlpModel } from '../../../../ml/propensity/mlp';
import { predictMlp, predictMlpTf } from '../../../../ml/propensity/mlp-predict';
import { rocAuc } from '../../../../ml/propensity/metrics';
import { seededRandom } from '../../../../ml/random/seeded';

function data(n: number, seed: number) {
  const u = seededRandom(seed);
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Float64Array.from({ length: 6 }, u);
    // a non-linear rule (interaction) at a ~10% base rate
    const z = -3 + 4 * x[0] * x[1] + 1.5 * x[2];
    labels.push(u() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
    rows.push(x);
  }
  return { rows, labels };
}

const names = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('propensity MLP (TensorFlow.js)', () => {
  it('trains, reports its backend, leaks no tensors, and serializes to JSON', async () => {
    const { tf, backend } = await loadTf();
    const train = data(1500, 1);
    const val = data(400, 2);
    const before = tf.memory().numTensors;
    const fit = await fitMlp(train, val, names, { maxEpochs: 30, patience: 8, seed: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(fit.backend).toBe(backend);
    expect(fit.model.backend).toBe(backend);
    expect(fit.model.layers.map((l) => [l.inputs, l.outputs])).toEqual([[6, 32], [32, 16], [16, 1]]);
    expect(fit.model.bestEpoch).toBeGreaterThan(0);
    expect(fit.history.length).toBe(fit.model.epochs);

    const test = data(1000, 4);
    const p = predictMlp(fit.model, test.rows);
    expect(rocAuc(p, test.labels)).toBeGreaterThan(0.65);
    // the class-weight shift keeps probabilities near the base rate on average
    const meanP = p.reduce((s, v) => s + v, 0) / p.length;
    const rate = test.labels.reduce((s, v) => s + v, 0) / test.labels.length;
    expect(Math.abs(meanP - rate)).toBeLessThan(0.05);

    // JSON round trip, and the plain-JS forward pass equals the TensorFlow one
    const restored = JSON.parse(JSON.stringify(fit.model)) as MlpModel;
    const pJs = predictMlp(restored, test.rows.slice(0, 50));
    const pTf = await predictMlpTf(restored, test.rows.slice(0, 50));
    for (let i = 0; i < 50; i++) expect(pJs[i]).toBeCloseTo(pTf[i], 5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible with a seed and frees tensors when cancelled', async () => {
    const { tf } = await loadTf();
    const train = data(600, 5);
    const val = data(200, 6);
    const a = await fitMlp(train, val, names, { maxEpochs: 5, patience: 50, seed: 9 });
    const b = await fitMlp(train, val, names, { maxEpochs: 5, patience: 50, seed: 9 });
    expect(b.model.layers[0].kernel.slice(0, 20)).toEqual(a.model.layers[0].kernel.slice(0, 20));
    const before = tf.memory().numTensors;
    const ctl = new AbortController();
    ctl.abort();
    await expect(fitMlp(train, val, names, { signal: ctl.signal })).rejects.toThrow(/cancelled/);
    expect(tf.memory().numTensors).toBe(before);
    await expect(fitMlp({ rows: train.rows, labels: train.labels.map(() => 0) }, val, names)).rejects.toThrow(/buyers/);
  });
});
