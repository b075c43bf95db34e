/**
 * A small neural network for purchase propensity, trained with TensorFlow.js
 * (ml/tf-backend.ts picks tfjs-node, wasm or cpu; the backend used is reported).
 *
 * Architecture: standardized features → dense(32, relu) → dropout(0.3) → dense(16, relu) →
 * dropout(0.3) → dense(1) logit. Adam (lr 1e-3, batches of 256), binary cross-entropy,
 * L2 1e-3 on the kernels. (Measured on simulated stores: higher learning rates peaked after
 * a handful of epochs and generalized a little worse; [16, 8] was no better.)
 *
 * Low base rate: positives are up-weighted by `positiveWeight` (default: the square root
 * of the negative:positive ratio, so about 3× at a 9% base rate — enough for the few
 * buyers to shape the hidden layers without letting a handful of them dominate). A
 * weighted likelihood multiplies the fitted odds by that weight, so predictions subtract
 * log(weight) from the logit: the probabilities stay calibrated (ranking is unchanged).
 *
 * Early stopping: after each epoch the validation log loss (calibrated) is measured; the
 * weights of the best epoch are kept, training stops after `patience` epochs without
 * improvement. Weights are initialized from a seeded generator and batches shuffled with
 * it, so a run is reproducible on one backend.
 *
 * Memory: every tensor is created inside tf.tidy or disposed explicitly, and the variables
 * and optimizer state are disposed at the end: `tf.memory().numTensors` is the same
 * before and after `fitMlp` (tests/unit/ml/propensity/mlp.test.ts).
 *
 * The fitted model is plain JSON (`MlpModel`), and `predictMlp` scores it in plain JS, so
 * serving needs no TensorFlow.
 */
import type * as TfTypes from '@tensorflow/tfjs';
import { loadTf, type Tf, type TfBackendName } from '../tf-backend';
import { seededRandom, shuffleInPlace, type Random } from '../random/seeded';
import { sigmoid, standardizer } from './logistic';

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
  /** the TensorFlow.js backend to load (default: the fastest that loads here) */
  tfBackend?: TfBackendName;
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

function glorot(inputs: number, outputs: number, rand: () => number): Float32Array {
  const limit = Math.sqrt(6 / (inputs + outputs));
  const w = new Float32Array(inputs * outputs);
  for (let i = 0; i < w.length; i++) w[i] = (rand() * 2 - 1) * limit;
  return w;
}

export function standardize(rows: readonly ArrayLike<number>[], mean: number[], sd: number[]): Float32Array {
  const d = mean.length;
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) for (let j = 0; j < d; j++) out[i * d + j] = (rows[i][j] - mean[j]) / sd[j];
  return out;
}

/** The training and validation rows standardized with the training means and deviations. */
interface Prepared {
  mean: number[];
  sd: number[];
  xTrain: Float32Array;
  yTrain: Float32Array;
  xVal: Float32Array;
  yVal: number[];
  positiveWeight: number;
  logitShift: number;
}

function prepare(train: Dataset, validation: Dataset, d: number, options: MlpOptions): Prepared {
  const n = train.rows.length;
  if (!n || !validation.rows.length) throw new Error('mlp: empty training or validation set');
  const pos = train.labels.filter((y) => y > 0).length;
  if (!pos || pos === n) throw new Error('mlp: the training set needs both buyers and non-buyers');
  const positiveWeight = options.positiveWeight ?? Math.sqrt((n - pos) / pos);
  const { mean, sd } = standardizer(train.rows, d);
  return {
    mean,
    sd,
    xTrain: standardize(train.rows, mean, sd),
    yTrain: Float32Array.from(train.labels, (y) => (y > 0 ? 1 : 0)),
    xVal: standardize(validation.rows, mean, sd),
    yVal: validation.labels.map((y) => (y > 0 ? 1 : 0)),
    positiveWeight,
    logitShift: Math.log(positiveWeight),
  };
}

/** The network's variables (Glorot-uniform kernels from the seeded generator, zero biases) and its forward pass. */
interface Network {
  kernels: TfTypes.Variable[];
  biases: TfTypes.Variable[];
  vars: TfTypes.Variable[];
  sizes: number[];
  forward(x: TfTypes.Tensor2D, dropoutSeed: number | null): TfTypes.Tensor;
}

function createNetwork(tf: Tf, sizes: number[], dropout: number, rand: Random): Network {
  const kernels: TfTypes.Variable[] = [];
  const biases: TfTypes.Variable[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const init = glorot(sizes[l], sizes[l + 1], rand);
    // tidy disposes the initial-value tensors; the variables (own copies) survive it
    kernels.push(tf.tidy(() => tf.variable(tf.tensor2d(init, [sizes[l], sizes[l + 1]]))));
    biases.push(tf.tidy(() => tf.variable(tf.zeros([sizes[l + 1]]))));
  }
  const forward = (x: TfTypes.Tensor2D, dropoutSeed: number | null): TfTypes.Tensor => {
    let h: TfTypes.Tensor = x;
    for (let l = 0; l < kernels.length; l++) {
      h = tf.add(tf.matMul(h as TfTypes.Tensor2D, kernels[l]), biases[l]);
      if (l < kernels.length - 1) {
        h = tf.relu(h);
        if (dropoutSeed !== null && dropout > 0) h = tf.dropout(h, dropout, undefined, dropoutSeed);
      }
    }
    return tf.reshape(h, [-1]);
  };
  return { kernels, biases, vars: [...kernels, ...biases], sizes, forward };
}

interface EpochContext {
  tf: Tf;
  net: Network;
  data: Prepared;
  optimizer: TfTypes.Optimizer;
  order: number[];
  d: number;
  batchSize: number;
  l2: number;
  seed: number;
  rand: Random;
  /** gradient steps so far (seeds each step's dropout) */
  step: number;
}

/** One shuffled pass over the training rows in mini-batches (weighted cross-entropy + L2 on the kernels). */
function trainEpoch(c: EpochContext): void {
  const { tf, net, data, order, d, batchSize } = c;
  const n = order.length;
  shuffleInPlace(order, c.rand);
  for (let start = 0; start < n; start += batchSize) {
    const m = Math.min(batchSize, n - start);
    const xb = new Float32Array(m * d);
    const yb = new Float32Array(m);
    const wb = new Float32Array(m);
    for (let r = 0; r < m; r++) {
      const i = order[start + r];
      xb.set(data.xTrain.subarray(i * d, (i + 1) * d), r * d);
      yb[r] = data.yTrain[i];
      wb[r] = data.yTrain[i] ? data.positiveWeight : 1;
    }
    c.step++;
    const dropoutSeed = c.seed * 100_003 + c.step;
    tf.tidy(() => {
      const x = tf.tensor2d(xb, [m, d]);
      const y = tf.tensor1d(yb);
      const w = tf.tensor1d(wb);
      c.optimizer.minimize(
        () => {
          const logits = net.forward(x, dropoutSeed);
          // weighted mean of the per-example cross-entropy
          const ce = tf.losses.sigmoidCrossEntropy(y, logits, w, undefined, tf.Reduction.NONE);
          let loss = tf.div(tf.sum(ce), tf.sum(w)) as TfTypes.Scalar;
          if (c.l2 > 0) for (const k of net.kernels) loss = tf.add(loss, tf.mul(c.l2, tf.sum(tf.square(k)))) as TfTypes.Scalar;
          return loss;
        },
        false,
        net.vars,
      );
    });
  }
}

/** Validation log loss of the calibrated probabilities. */
function validationLoss(tf: Tf, net: Network, valX: TfTypes.Tensor2D, data: Prepared): number {
  const eps = 1e-7;
  const logits = tf.tidy(() => net.forward(valX, null).dataSync());
  let loss = 0;
  for (let i = 0; i < data.yVal.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, sigmoid(logits[i] - data.logitShift)));
    loss -= data.yVal[i] ? Math.log(p) : Math.log(1 - p);
  }
  return loss / data.yVal.length;
}

export async function fitMlp(train: Dataset, validation: Dataset, features: readonly string[], options: MlpOptions = {}): Promise<MlpFit> {
  const started = performance.now();
  const { tf, backend } = await loadTf({ prefer: options.tfBackend });
  const d = features.length;
  const maxEpochs = options.maxEpochs ?? 100;
  const patience = options.patience ?? 15;
  const rand = seededRandom(options.seed ?? 1);
  const data = prepare(train, validation, d, options);
  const net = createNetwork(tf, [d, ...(options.hidden ?? [32, 16]), 1], options.dropout ?? 0.3, rand);
  const optimizer = tf.train.adam(options.learningRate ?? 1e-3);
  const valX = tf.tensor2d(data.xVal, [validation.rows.length, d]);
  const ctx: EpochContext = {
    tf,
    net,
    data,
    optimizer,
    order: Array.from({ length: train.rows.length }, (_, i) => i),
    d,
    batchSize: options.batchSize ?? 256,
    l2: options.l2 ?? 1e-3,
    seed: options.seed ?? 1,
    rand,
    step: 0,
  };

  const snapshot = () => net.vars.map((v) => Float32Array.from(v.dataSync()));
  let best = snapshot();
  let bestLoss = Infinity;
  let bestEpoch = 0;
  let since = 0;
  const history: number[] = [];
  let epoch = 0;
  try {
    for (epoch = 1; epoch <= maxEpochs; epoch++) {
      if (options.signal?.aborted) throw new Error('mlp: training cancelled');
      trainEpoch(ctx);
      const loss = validationLoss(tf, net, valX, data);
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
    for (const v of net.vars) v.dispose();
  }

  const nLayers = net.kernels.length;
  const layers: MlpLayer[] = [];
  for (let l = 0; l < nLayers; l++) {
    layers.push({ kernel: Array.from(best[l]), bias: Array.from(best[nLayers + l]), inputs: net.sizes[l], outputs: net.sizes[l + 1] });
  }
  const model: MlpModel = {
    kind: 'mlp',
    features: [...features],
    mean: data.mean,
    sd: data.sd,
    layers,
    logitShift: data.logitShift,
    positiveWeight: data.positiveWeight,
    epochs: Math.min(epoch, maxEpochs),
    bestEpoch,
    backend,
  };
  return { model, backend, history, seconds: (performance.now() - started) / 1000 };
}
