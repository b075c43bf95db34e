/**
 * Scoring a fitted propensity network (`MlpModel`, plain JSON): in plain JS for serving (no TensorFlow),
 * and with TensorFlow.js to check that the serialized weights round-trip.
 */
import type * as TfTypes from '@tensorflow/tfjs';
import { loadTf } from '../tf-backend';
import { sigmoid } from './logistic';
import { standardize, type MlpModel } from './mlp';

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

/** The same prediction computed with TensorFlow.js (checks the serialized weights round-trip). */
export async function predictMlpTf(model: MlpModel, rows: readonly ArrayLike<number>[]): Promise<Float64Array> {
  const { tf } = await loadTf();
  const d = model.mean.length;
  const x = standardize(rows, model.mean, model.sd);
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
