/**
 * A small neural network for purchase propensity, trained with TensorFlow.js
 * (ml/tf-backend.ts picks tfjs-node, wasm or cpu; the backend used is reported).
 *
 * Architecture: standardised features → dense(32, relu) → dropout(0.3) → dense(16, relu) →
 * dropout(0.3) → dense(1) logit. Adam (lr 1e-3, batches of 256), binary cross-entropy,
 * L2 1e-3 on the kernels. (Measured on simulated stores: higher learning rates peaked after
 * a handful of epochs and generalised a little worse; [16, 8] was no better.)
 *
 * Low base rate: positives are up-weighted by `positiveWeight` (default: the square root
 * of the negative:positive ratio, so about 3× at a 9% base rate — enough for the few
 * buyers to shape the hidden layers without letting a handful of them dominate). A
 * weighted likelihood multiplies the fitted odds by that weight, so predictions subtract
 * log(weight) from the logit: the probabilities stay calibrated (ranking is unchanged).
 *
 * Early stopping: after each epoch the validation log loss (calibrated) is measured; the
 * weights of the best epoch are kept, training stops after `patience` epochs without
 * improvement. Weights are initialised from a seeded generator and batches shuffled with
 * it, so a run is reproducible on one backend.
 *
 * Memory: every tensor is created inside tf.tidy or disposed explicitly, and the variables
 * and optimiser state are disposed at the end: `tf.memory().numTensors` is the same
 * before and after `fitMlp` (tests/unit/ml/propensity/mlp.test.ts).
 *
 * The fitted model is plain JSON (`MlpModel`), and `predictMlp` scores it in plain JS, so
 * serving needs no TensorFlow.
 */
import type * as TfTypes from '@tensorflow/tfjs';
import { loadTf, type TfBackendName } from '../tf-backend';
import { sigmoid, standardiser } from './logistic';

export interface MlpOptions {
  hidden?: number[];
  dropout?: number;
  learningRate?: number;
  maxEpochs?: number;
  batchSize?: number;
  patience?: number;
  /** L2 penalty on the dense kernels (per weight, added to the mean loss). */
  l2?: number;
  /** Weight of positive examples; default sqrt(negatives / positives). */
  positiveWeight?: number;
  seed?: number;
  signal?: AbortSignal;
}

export interface MlpLayer {
  /** row-major [inputs][outputs] */
  kernel: number[];
  bias: number[];
  inputs: number;
  outputs: number;
}

export interface MlpModel {
  kind: 'mlp';
  features: string[];
  mean: number[];
  sd: number[];
  layers: MlpLayer[];
  /** subtracted from the output logit: log(positiveWeight) */
  logitShift: number;
  positiveWeight: number;
  epochs: number;
  bestEpoch: number;
  backend: TfBackendName;
}

export interface MlpFit {
  model: MlpModel;
  backend: TfBackendName;
  /** validation log loss per epoch */
  history: number[];
  seconds: number;
}

export interface Dataset {
  rows: readonly ArrayLike<number>[];
  labels: readonly number[];
}

/** mulberry32 */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function glorot(inputs: number, outputs: number, rand: () => number): Float32Array {
  const limit = Math.sqrt(6 / (inputs + outputs));
  const w = new Float32Array(inputs * outputs);
  for (let i = 0; i < w.length; i++) w[i] = (rand() * 2 - 1) * limit;
  return w;
}

function standardise(rows: readonly ArrayLike<number>[], mean: number[], sd: number[]): Float32Array {
  const d = mean.length;
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) for (let j = 0; j < d; j++) out[i * d + j] = (rows[i][j] - mean[j]) / sd[j];
  return out;
}

export async function fitMlp(train: Dataset, validation: Dataset, features: readonly string[], options: MlpOptions = {}): Promise<MlpFit> {
  const started = performance.now();
  const { tf, backend } = await loadTf();
  const d = features.length;
  const hidden = options.hidden ?? [32, 16];
  const dropout = options.dropout ?? 0.3;
  const maxEpochs = options.maxEpochs ?? 100;
  const batchSize = options.batchSize ?? 256;
  const patience = options.patience ?? 15;
  const l2 = options.l2 ?? 1e-3;
  const rand = rng(options.seed ?? 1);
  const n = train.rows.length;
  if (!n || !validation.rows.length) throw new Error('mlp: empty training or validation set');
  const pos = train.labels.filter((y) => y > 0).length;
  if (!pos || pos === n) throw new Error('mlp: the training set needs both buyers and non-buyers');
  const positiveWeight = options.positiveWeight ?? Math.sqrt((n - pos) / pos);
  const logitShift = Math.log(positiveWeight);

  const { mean, sd } = standardiser(train.rows, d);
  const xTrain = standardise(train.rows, mean, sd);
  const yTrain = Float32Array.from(train.labels, (y) => (y > 0 ? 1 : 0));
  const xVal = standardise(validation.rows, mean, sd);
  const yVal = validation.labels.map((y) => (y > 0 ? 1 : 0));

  const sizes = [d, ...hidden, 1];
  const kernels: TfTypes.Variable[] = [];
  const biases: TfTypes.Variable[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const init = glorot(sizes[l], sizes[l + 1], rand);
    // tidy disposes the initial-value tensors; the variables (own copies) survive it
    kernels.push(tf.tidy(() => tf.variable(tf.tensor2d(init, [sizes[l], sizes[l + 1]]))));
    biases.push(tf.tidy(() => tf.variable(tf.zeros([sizes[l + 1]]))));
  }
  const vars = [...kernels, ...biases];
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  const valX = tf.tensor2d(xVal, [validation.rows.length, d]);

  let step = 0;
  const forward = (x: TfTypes.Tensor2D, training: boolean): TfTypes.Tensor => {
    let h: TfTypes.Tensor = x;
    for (let l = 0; l < kernels.length; l++) {
      h = tf.add(tf.matMul(h as TfTypes.Tensor2D, kernels[l]), biases[l]);
      if (l < kernels.length - 1) {
        h = tf.relu(h);
        if (training && dropout > 0) h = tf.dropout(h, dropout, undefined, (options.seed ?? 1) * 100_003 + step);
      }
    }
    return tf.reshape(h, [-1]);
  };

  const snapshot = () => vars.map((v) => Float32Array.from(v.dataSync()));
  let best = snapshot();
  let bestLoss = Infinity;
  let bestEpoch = 0;
  let since = 0;
  const history: number[] = [];
  const order = Array.from({ length: n }, (_, i) => i);
  const eps = 1e-7;
  let epoch = 0;
  try {
    for (epoch = 1; epoch <= maxEpochs; epoch++) {
      if (options.signal?.aborted) throw new Error('mlp: training cancelled');
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let start = 0; start < n; start += batchSize) {
        const m = Math.min(batchSize, n - start);
        const xb = new Float32Array(m * d);
        const yb = new Float32Array(m);
        const wb = new Float32Array(m);
        for (let r = 0; r < m; r++) {
          const i = order[start + r];
          xb.set(xTrain.subarray(i * d, (i + 1) * d), r * d);
          yb[r] = yTrain[i];
          wb[r] = yTrain[i] ? positiveWeight : 1;
        }
        step++;
        tf.tidy(() => {
          const x = tf.tensor2d(xb, [m, d]);
          const y = tf.tensor1d(yb);
          const w = tf.tensor1d(wb);
          optimizer.minimize(
            () => {
              const logits = forward(x, true);
              // weighted mean of the per-example cross-entropy
              const ce = tf.losses.sigmoidCrossEntropy(y, logits, w, undefined, tf.Reduction.NONE);
              let loss = tf.div(tf.sum(ce), tf.sum(w)) as TfTypes.Scalar;
              if (l2 > 0) for (const k of kernels) loss = tf.add(loss, tf.mul(l2, tf.sum(tf.square(k)))) as TfTypes.Scalar;
              return loss;
            },
            false,
            vars,
          );
        });
      }
      // validation log loss of the calibrated probabilities
      const logits = tf.tidy(() => forward(valX, false).dataSync());
      let loss = 0;
      for (let i = 0; i < yVal.length; i++) {
        const p = Math.min(1 - eps, Math.max(eps, sigmoid(logits[i] - logitShift)));
        loss -= yVal[i] ? Math.log(p) : Math.log(1 - p);
      }
      loss /= yVal.length;
      history.push(loss);
      if (loss < bestLoss - 1e-6) {
        bestLoss = loss;
        bestEpoch = epoch;
        best = snapshot();
        since = 0;
      } else if (++since >= patience) break;
      // let other work (HTTP requests, timers) run between epochs
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    valX.dispose();
    optimizer.dispose();
    for (const v of vars) v.dispose();
  }

  const layers: MlpLayer[] = [];
  for (let l = 0; l < kernels.length; l++) {
    layers.push({ kernel: Array.from(best[l]), bias: Array.from(best[kernels.length + l]), inputs: sizes[l], outputs: sizes[l + 1] });
  }
  const model: MlpModel = {
    kind: 'mlp',
    features: [...features],
    mean,
    sd,
    layers,
    logitShift,
    positiveWeight,
    epochs: Math.min(epoch, maxEpochs),
    bestEpoch,
    backend,
  };
  return { model, backend, history, seconds: (performance.now() - started) / 1000 };
}

/** Output logit (calibrated, i.e. after the class-weight shift) of one raw feature vector, in plain JS. */
export function mlpLogit(model: MlpModel, x: ArrayLike<number>): number {
  let h: Float64Array = new Float64Array(model.mean.length);
  for (let j = 0; j < h.length; j++) h[j] = (x[j] - model.mean[j]) / model.sd[j];
  model.layers.forEach((layer, l) => {
    const out = new Float64Array(layer.outputs);
    for (let o = 0; o < layer.outputs; o++) out[o] = layer.bias[o];
    for (let i = 0; i < layer.inputs; i++) {
      const v = h[i];
      if (v === 0) continue;
      const row = i * layer.outputs;
      for (let o = 0; o < layer.outputs; o++) out[o] += v * layer.kernel[row + o];
    }
    if (l < model.layers.length - 1) for (let o = 0; o < out.length; o++) out[o] = Math.max(0, out[o]);
    h = out;
  });
  return h[0] - model.logitShift;
}

/** Probability to buy for each raw feature vector (plain JS; no TensorFlow needed). */
export function predictMlp(model: MlpModel, rows: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = sigmoid(mlpLogit(model, rows[i]));
  return out;
}

/** The same prediction computed with TensorFlow.js (checks the serialised weights round-trip). */
export async function predictMlpTf(model: MlpModel, rows: readonly ArrayLike<number>[]): Promise<Float64Array> {
  const { tf } = await loadTf();
  const d = model.mean.length;
  const x = standardise(rows, model.mean, model.sd);
  const logits = tf.tidy(() => {
    let h: TfTypes.Tensor = tf.tensor2d(x, [rows.length, d]);
    model.layers.forEach((layer, l) => {
      h = tf.add(tf.matMul(h as TfTypes.Tensor2D, tf.tensor2d(layer.kernel, [layer.inputs, layer.outputs])), tf.tensor1d(layer.bias));
      if (l < model.layers.length - 1) h = tf.relu(h);
    });
    return tf.reshape(h, [-1]).dataSync();
  });
  return Float64Array.from(logits, (z) => sigmoid(z - model.logitShift));
}
