import { describe, expect, it } from 'vitest';
import { loadTf } from '../../../ml/tf-backend';
import { segmentSumJs } from '../../../ml/tf-kernels';
import { seededRandom } from '../../../ml/random/seeded';

/** Uniform in [-0.5, 0.5). */
function rand(seed: number) {
  const r = seededRandom(seed);
  return () => r() - 0.5;
}

describe('loadTf', () => {
  it('loads a backend, says which, and caches it', async () => {
    const { tf, backend } = await loadTf();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(backend);
    expect(tf.getBackend()).toBe(backend);
    // where tfjs-node is not installed the wasm backend must be the one in use
    {
      let hasNode = true;
      try {
        const spec = '@tensorflow/tfjs-node';
        await import(/* @vite-ignore */ spec);
      } catch {
        hasNode = false;
      }
      if (!hasNode) expect(backend).toBe('wasm');
    }
    const again = await loadTf();
    expect(again.tf).toBe(tf);
    expect(again.backend).toBe(backend);
    const s = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0]);
    expect(s).toBe(6);
  });

  it('gather gradient (UnsortedSegmentSum kernel) matches the one-hot matmul gradient', async () => {
    const { tf } = await loadTf();
    const r = rand(7);
    const nRows = 9;
    const dim = 5;
    const W = tf.tensor2d(Float32Array.from({ length: nRows * dim }, r), [nRows, dim]);
    const idx = [0, 2, 2, 8, 1, 2, 8, 3, 0, 0, 5];
    const C = tf.tensor2d(Float32Array.from({ length: idx.length * dim }, r), [idx.length, dim]);
    const idxT = tf.tensor1d(idx, 'int32');
    const oneHot = tf.oneHot(idxT, nRows).toFloat();
    const gGather = tf.grad((w) => tf.sum(tf.mul(tf.gather(w, idxT), C)))(W);
    const gOneHot = tf.grad((w) => tf.sum(tf.mul(tf.matMul(oneHot, w as typeof W), C)))(W);
    const a = gGather.dataSync();
    const b = gOneHot.dataSync();
    expect(gGather.shape).toEqual([nRows, dim]);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
    // rows never gathered get exactly zero gradient
    for (const row of [4, 6, 7]) for (let j = 0; j < dim; j++) expect(a[row * dim + j]).toBe(0);
    tf.dispose([W, C, idxT, oneHot, gGather, gOneHot]);
  });

  it('unsortedSegmentSum handles multi-dimensional ids and drops out-of-range ids', async () => {
    const { tf } = await loadTf();
    const r = rand(11);
    const x = Float32Array.from({ length: 2 * 3 * 4 }, r);
    const ids = [4, 0, -1, 4, 2, 9];
    const out = tf.tidy(() =>
      tf.unsortedSegmentSum(tf.tensor3d(x, [2, 3, 4]), tf.tensor2d(ids, [2, 3], 'int32') as unknown as ReturnType<typeof tf.tensor1d>, 5).dataSync(),
    );
    const ref = new Float32Array(5 * 4);
    segmentSumJs(x, ids, 5, 4, ref);
    expect(out.length).toBe(20);
    for (let i = 0; i < 20; i++) expect(out[i]).toBeCloseTo(ref[i], 6);
    // spot check by hand: segment 4 = rows 0 and 3
    for (let j = 0; j < 4; j++) expect(ref[16 + j]).toBeCloseTo(x[j] + x[12 + j], 6);
    expect(Array.from(ref.subarray(4, 8))).toEqual([0, 0, 0, 0]);
  });

  it('gather and slice fast paths agree with plain-JS references', async () => {
    const { tf } = await loadTf();
    const r = rand(3);
    const shape = [4, 5, 6];
    const x = Float32Array.from({ length: 120 }, r);
    const at = (i: number, j: number, k: number) => x[(i * 5 + j) * 6 + k];
    const t = tf.tensor3d(x, shape as [number, number, number]);
    // slice
    const s = tf.slice(t, [1, 2, 1], [2, 3, -1]);
    expect(s.shape).toEqual([2, 3, 5]);
    const sv = s.dataSync();
    let n = 0;
    for (let i = 1; i < 3; i++) for (let j = 2; j < 5; j++) for (let k = 1; k < 6; k++) expect(sv[n++]).toBe(at(i, j, k));
    // gather on axis 0 with 2-D indices, and on axis 1 (stock kernel)
    const g = tf.gather(t, tf.tensor2d([3, 0, 3, 1], [2, 2], 'int32'));
    expect(g.shape).toEqual([2, 2, 5, 6]);
    const gv = g.dataSync();
    const rows = [3, 0, 3, 1];
    for (let q = 0; q < 4; q++) for (let m = 0; m < 30; m++) expect(gv[q * 30 + m]).toBe(x[rows[q] * 30 + m]);
    const g1 = tf.gather(t, tf.tensor1d([4, 0], 'int32'), 1);
    expect(g1.shape).toEqual([4, 2, 6]);
    expect(g1.dataSync()[6]).toBe(at(0, 0, 0));
    expect(g1.dataSync()[0]).toBe(at(0, 4, 0));
    // int32 data and 1-D
    const gi = tf.gather(tf.tensor1d([10, 11, 12], 'int32'), tf.tensor1d([2, 2, 0], 'int32'));
    expect(Array.from(gi.dataSync())).toEqual([12, 12, 10]);
    expect(() => tf.gather(t, tf.tensor1d([4], 'int32'))).toThrow();
    tf.dispose([t, s, g, g1, gi]);
  });
});
