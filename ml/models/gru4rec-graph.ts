/**
 * GRU4Rec's trainable state in TensorFlow.js: the variables (seeded uniform init, the official
 * "compatibility" scheme), the Adagrad optimizer, the hidden state carried between steps, and one
 * training step (forward pass, sampled-softmax loss, gradient update).
 *
 *   - "constrained embedding": one item matrix Wy [nItems, H] is both the input embedding and the output
 *     weights, plus an output bias By;
 *   - stacked GRU cells (stepped by hand), dropout on the embedding and on each layer's output (the dropped
 *     output is also the state carried forward, as in the official code);
 *   - the candidates of a row are the batch's targets (in-batch negatives) plus the shared sampled items.
 */
import type * as TfTypes from '@tensorflow/tfjs';
import type { Tf } from '../tf-backend';
import type { Random } from '../random/seeded';
import type { Gru4RecParams } from './gru4rec-params';
import type { Gru4RecWeights } from './gru4rec-weights';
import { diagonalCrossEntropy, gruCellStep, transposingMatMul, type GruCellVars } from './gru4rec-ops';

/** One step's inputs: `xy` holds the B inputs, then the B targets and the sampled negatives (nY = B + nSample). */
export interface StepBatch {
  xy: Int32Array;
  B: number;
  nY: number;
  logq: Float32Array | null;
  embMask: Float32Array | null;
  hidMasks: Float32Array[] | null;
}

export interface Gru4RecGraph {
  /** zero hidden state for B rows */
  resetHidden(B: number): void;
  /** one gradient step; the loss as a mean over the batch rows */
  trainStep(batch: StepBatch): number;
  /** zeroes the hidden state of the `reset` rows, then keeps only the `keep` rows (of B) */
  updateRows(B: number, reset: number[] | null, keep: number[] | null): void;
  readWeights(): Gru4RecWeights;
  /** frees every tensor (variables, optimizer state, hidden state, constants) */
  dispose(): void;
}

let uidCounter = 0;
const uid = () => `${Date.now().toString(36)}_${(uidCounter++).toString(36)}`;

export function createGru4RecGraph(tf: Tf, p: Gru4RecParams, nItems: number, rng: Random): Gru4RecGraph {
  const Hl = p.layers;
  const Hout = Hl[Hl.length - 1];
  const { vars, Wy, By, cells } = createVariables(tf, Hl, nItems, rng);
  const optimizer = tf.train.adagrad(p.learningRate, p.adagradInitialAccumulator);
  const mm = transposingMatMul(tf);
  const ceLoss = diagonalCrossEntropy(tf, p.batchSize);

  const eye = identityCache(tf);

  let hidden: TfTypes.Tensor2D[] = [];
  const read = (v: TfTypes.Variable) => new Float32Array(v.dataSync() as Float32Array);

  const trainStep = ({ xy, B: bsz, nY, logq, embMask, hidMasks }: StepBatch): number => {
    const prevHidden = hidden;
    let newHidden: TfTypes.Tensor2D[] = [];
    const lossT = tf.tidy(() => {
      const xyT = tf.tensor1d(xy, 'int32');
      const yT = xyT.slice(bsz, nY);
      const eyeT = eye.get(bsz, nY);
      const logqT = logq ? tf.tensor2d(logq, [1, nY]) : null;
      const embMaskT = embMask ? tf.tensor2d(embMask, [bsz, Hout]) : null;
      const hidMaskT = hidMasks ? hidMasks.map((m, l) => tf.tensor2d(m, [bsz, Hl[l]])) : null;
      const { value, grads } = tf.variableGrads(() => {
        const EXY = tf.gather(Wy, xyT) as TfTypes.Tensor2D;
        const E = EXY.slice([0, 0], [bsz, Hout]);
        const O = EXY.slice([bsz, 0], [nY, Hout]);
        const bY = tf.gather(By, yT);
        let x: TfTypes.Tensor2D = embMaskT ? tf.mul(E, embMaskT) : E;
        const hs: TfTypes.Tensor2D[] = [];
        for (let l = 0; l < cells.length; l++) {
          let h = gruCellStep(tf, mm, x, prevHidden[l], cells[l]);
          if (hidMaskT) h = tf.mul(h, hidMaskT[l]);
          hs.push(h);
          x = h;
        }
        newHidden = hs.map((h) => tf.keep(h));
        let R = tf.add(mm(x, tf.transpose(O)), bY) as TfTypes.Tensor2D;
        if (logqT) R = tf.sub(R, logqT);
        return ceLoss(R, eyeT);
      }, vars);
      optimizer.applyGradients(grads as unknown as Parameters<typeof optimizer.applyGradients>[0]);
      return value;
    });
    const loss = (lossT.dataSync()[0] * p.batchSize) / bsz;
    lossT.dispose();
    for (const h of prevHidden) h.dispose();
    hidden = newHidden;
    return loss;
  };

  const updateRows = (B: number, reset: number[] | null, keep: number[] | null): void => {
    const old = hidden;
    hidden = tf.tidy(() => {
      let hs = old as TfTypes.Tensor2D[];
      if (reset) {
        const m = new Float32Array(B).fill(1);
        for (const r of reset) m[r] = 0;
        const mT = tf.tensor2d(m, [B, 1]);
        hs = hs.map((h) => tf.mul(h, mT) as TfTypes.Tensor2D);
      }
      if (keep) {
        const kT = tf.tensor1d(keep, 'int32');
        hs = hs.map((h) => tf.gather(h, kT) as TfTypes.Tensor2D);
      }
      return hs;
    });
    for (const h of old) h.dispose();
  };

  return {
    resetHidden(B) {
      for (const h of hidden) h.dispose();
      hidden = Hl.map((H) => tf.zeros([B, H]) as TfTypes.Tensor2D);
    },
    trainStep,
    updateRows,
    readWeights: () => ({
      nItems,
      layers: [...Hl],
      Wy: read(Wy),
      By: read(By),
      gru: cells.map((c) => ({ Wx: read(c.Wx), Wh: read(c.Wh), bx: read(c.bx), bh: read(c.bh) })),
    }),
    dispose() {
      for (const h of hidden) h.dispose();
      hidden = [];
      eye.dispose();
      optimizer.dispose();
      for (const v of vars) v.dispose();
    },
  };
}

interface Variables {
  vars: TfTypes.Variable[];
  Wy: TfTypes.Variable;
  By: TfTypes.Variable;
  cells: GruCellVars[];
}

/** The weights, initialized uniformly in ±sqrt(6 / (fan-in + fan-out)) from the seeded generator (biases 0). */
function createVariables(tf: Tf, Hl: number[], nItems: number, rng: Random): Variables {
  const Hout = Hl[Hl.length - 1];
  const vars: TfTypes.Variable[] = [];
  const mk = (name: string, shape: number[], sigma: number): TfTypes.Variable => {
    const n = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    if (sigma > 0) for (let i = 0; i < n; i++) v[i] = (rng() * 2 - 1) * sigma;
    const t = tf.tensor(v, shape, 'float32');
    const variable = tf.variable(t, true, `gru4rec_${name}_${uid()}`);
    t.dispose();
    vars.push(variable);
    return variable;
  };
  const Wy = mk('Wy', [nItems, Hout], Math.sqrt(6 / (nItems + Hout)));
  const By = mk('By', [nItems], 0);
  const cells: GruCellVars[] = Hl.map((H, l) => {
    const inDim = l === 0 ? Hout : Hl[l - 1];
    return {
      H,
      Wx: mk(`Wx${l}`, [inDim, 3 * H], Math.sqrt(6 / (inDim + H))),
      Wh: mk(`Wh${l}`, [H, 3 * H], Math.sqrt(6 / (H + H))),
      bx: mk(`bx${l}`, [3 * H], 0),
      bh: mk(`bh${l}`, [3 * H], 0),
    };
  });
  return { vars, Wy, By, cells };
}

/** [rows x cols] identity-like matrices (ones on the diagonal), kept across steps. */
function identityCache(tf: Tf): { get(rows: number, cols: number): TfTypes.Tensor2D; dispose(): void } {
  const cache = new Map<string, TfTypes.Tensor2D>();
  return {
    get(rows, cols) {
      const key = `${rows}x${cols}`;
      let t = cache.get(key);
      if (!t) {
        const v = new Float32Array(rows * cols);
        for (let i = 0; i < rows; i++) v[i * cols + i] = 1;
        t = tf.keep(tf.tensor2d(v, [rows, cols]));
        cache.set(key, t);
      }
      return t;
    },
    dispose() {
      for (const t of cache.values()) t.dispose();
      cache.clear();
    },
  };
}
