/**
 * The TensorFlow.js operations GRU4Rec's training is built from, with hand-written gradients where
 * the stock ones are slow on the wasm backend.
 */
import type * as TfTypes from '@tensorflow/tfjs';
import type { Tf } from '../tf-backend';

export type MatMul = (a: TfTypes.Tensor2D, b: TfTypes.Tensor2D) => TfTypes.Tensor2D;
export type CrossEntropy = (R: TfTypes.Tensor2D, eyeT: TfTypes.Tensor2D) => TfTypes.Scalar;

export interface GruCellVars {
  H: number;
  Wx: TfTypes.Variable;
  Wh: TfTypes.Variable;
  bx: TfTypes.Variable;
  bh: TfTypes.Variable;
}

/**
 * matMul whose gradient uses explicit transposes: the wasm backend's matMul with transpose flags does not
 * take its fast (XNNPACK) path and was ~10x slower than transpose + plain matMul here.
 */
export function transposingMatMul(tf: Tf): MatMul {
  return tf.customGrad(((a: TfTypes.Tensor2D, b: TfTypes.Tensor2D, save: TfTypes.GradSaveFunc) => {
    save([a, b]);
    return {
      value: tf.matMul(a, b),
      gradFunc: (dy: TfTypes.Tensor2D, saved: TfTypes.Tensor[]) => {
        const [sa, sb] = saved as TfTypes.Tensor2D[];
        return [tf.matMul(dy, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as MatMul;
}

/**
 * Softmax cross-entropy where row i's target is column i, written with a hand-made gradient
 * (softmax - onehot): tf.logSumExp's gradient goes through max(), whose wasm gradient uses a broadcast
 * Equal that alone cost ~5 ms per step. Like the official code: -log(softmax[i, i] + 1e-24), summed and
 * divided by `batchSize`.
 */
export function diagonalCrossEntropy(tf: Tf, batchSize: number): CrossEntropy {
  return tf.customGrad(((R: TfTypes.Tensor2D, eyeT: TfTypes.Tensor2D, save: TfTypes.GradSaveFunc) => {
    const P = tf.softmax(R);
    save([P, eyeT]);
    const diag = tf.sum(tf.mul(P, eyeT), 1);
    return {
      value: tf.div(tf.neg(tf.sum(tf.log(tf.add(diag, 1e-24)))), batchSize),
      gradFunc: (dy: TfTypes.Tensor, saved: TfTypes.Tensor[]) => {
        const [sP, sEye] = saved;
        return [tf.mul(tf.sub(sP, sEye), tf.div(dy, batchSize)), tf.zerosLike(sEye)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as CrossEntropy;
}

/** One GRU cell step on a batch: h' = (1 - z) * n + z * h. */
export function gruCellStep(tf: Tf, mm: MatMul, x: TfTypes.Tensor2D, h: TfTypes.Tensor2D, c: GruCellVars): TfTypes.Tensor2D {
  const H = c.H;
  const gx = tf.add(mm(x, c.Wx as TfTypes.Tensor2D), c.bx) as TfTypes.Tensor2D;
  const gh = tf.add(mm(h, c.Wh as TfTypes.Tensor2D), c.bh) as TfTypes.Tensor2D;
  const [xr, xz, xn] = tf.split(gx, [H, H, H], 1);
  const [hr, hz, hn] = tf.split(gh, [H, H, H], 1);
  const r = tf.sigmoid(tf.add(xr, hr));
  const z = tf.sigmoid(tf.add(xz, hz));
  const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
  // h' = (1 - z) * n + z * h  =  n + z * (h - n)
  return tf.add(n, tf.mul(z, tf.sub(h, n))) as TfTypes.Tensor2D;
}
