/**
 * GRU4Rec's training step on plain Float32Arrays, no TensorFlow: the same model, loss and optimizer as
 * ./gru4rec-graph.ts (constrained embedding Wy/By, stacked GRU cells with dropout on the embedding and on each
 * layer's output, softmax over the batch's targets plus the shared sampled items, Adagrad), with the gradients
 * written out by hand.
 *
 * Why by hand: a step touches only the rows of the item matrix that are in the batch (B inputs, B targets and
 * the sampled negatives), so gradients and Adagrad updates are sparse, row by row, and nothing of size
 * nItems is read or written per step. The dense parts (the GRU weights) are a few 100 x 300 matrices.
 *
 * The hidden state is carried between steps as a constant (no back-propagation through time), as in the
 * original; the dropped output is the state carried forward, as in ./gru4rec-graph.ts.
 */
import type { Random } from '../random/seeded';
import type { Gru4RecParams } from './gru4rec-params';
import type { Gru4RecWeights } from './gru4rec-weights';
import type { Gru4RecGraph, StepBatch } from './gru4rec-graph';
import {
  adagradRow,
  addRowsTimesMatrix,
  addRowsTransposedTimes,
  backpropScores,
  grow32f,
  grow32i,
  rowsTimesMatrixTransposed,
  scoreCandidates,
} from './gru4rec-typed-kernels';


interface Cell {
  H: number;
  inDim: number;
  Wx: Float32Array; // [inDim, 3H]
  Wh: Float32Array; // [H, 3H]
  bx: Float32Array; // [3H]
  bh: Float32Array; // [3H]
  // Adagrad accumulators, same shapes
  aWx: Float32Array;
  aWh: Float32Array;
  abx: Float32Array;
  abh: Float32Array;
  // gradients, same shapes (dense; zeroed each step)
  gWx: Float32Array;
  gWh: Float32Array;
  gbx: Float32Array;
  gbh: Float32Array;
}

/** What the forward pass of one layer keeps for its backward pass (row-major [B, ...]). */
interface LayerTape {
  x: Float32Array; // input [B, inDim]
  hPrev: Float32Array; // carried state [B, H]
  r: Float32Array; // [B, H]
  z: Float32Array;
  n: Float32Array;
  ghn: Float32Array; // the candidate's recurrent term (incl. its bias) [B, H]
  mask: Float32Array | null; // dropout on the output [B, H]
  out: Float32Array; // the (dropped) output = next state [B, H]
}

export function createTypedGru4RecGraph(p: Gru4RecParams, nItems: number, rng: Random): Gru4RecGraph {
  const Hl = p.layers;
  const Hout = Hl[Hl.length - 1];
  // the same initialization, drawn in the same order, as ./gru4rec-graph.ts
  const uniform = (n: number, sigma: number) => {
    const v = new Float32Array(n);
    if (sigma > 0) for (let i = 0; i < n; i++) v[i] = (rng() * 2 - 1) * sigma;
    return v;
  };
  const acc0 = p.adagradInitialAccumulator;
  const items: ItemMatrix = {
    Wy: uniform(nItems * Hout, Math.sqrt(6 / (nItems + Hout))),
    By: new Float32Array(nItems),
    aWy: new Float32Array(nItems * Hout).fill(acc0),
    aBy: new Float32Array(nItems).fill(acc0),
    H: Hout,
  };
  const cells = Hl.map((H, l) => createCell(H, l === 0 ? Hout : Hl[l - 1], acc0, uniform));
  const grads = new ItemRowGradients(nItems, Hout);
  let hidden: Float32Array[] = Hl.map(() => new Float32Array(0));

  const trainStep = (batch: StepBatch): number => {
    const { loss, tapes } = stepOnce(p, items, cells, grads, hidden, batch);
    hidden = tapes.map((t) => t.out);
    return loss;
  };

  return {
    resetHidden(B) {
      hidden = Hl.map((H) => new Float32Array(B * H));
    },
    trainStep,
    updateRows(_B, reset, keep) {
      hidden = hidden.map((h, l) => {
        const H = Hl[l];
        const next = reset ? h.slice() : h;
        if (reset) for (const r of reset) next.fill(0, r * H, (r + 1) * H);
        if (!keep) return next;
        const kept = new Float32Array(keep.length * H);
        keep.forEach((r, i) => kept.set(next.subarray(r * H, (r + 1) * H), i * H));
        return kept;
      });
    },
    readWeights: (): Gru4RecWeights => ({
      nItems,
      layers: [...Hl],
      Wy: items.Wy.slice(),
      By: items.By.slice(),
      gru: cells.map((c) => ({ Wx: c.Wx.slice(), Wh: c.Wh.slice(), bx: c.bx.slice(), bh: c.bh.slice() })),
    }),
    dispose() {
      hidden = [];
    },
  };
}

/** The item matrix (input embedding and output weights) with its bias and their Adagrad accumulators. */
interface ItemMatrix {
  Wy: Float32Array; // [nItems, H]
  By: Float32Array; // [nItems]
  aWy: Float32Array;
  aBy: Float32Array;
  H: number;
}

function createCell(H: number, inDim: number, acc0: number, uniform: (n: number, sigma: number) => Float32Array): Cell {
  const Wx = uniform(inDim * 3 * H, Math.sqrt(6 / (inDim + H)));
  const Wh = uniform(H * 3 * H, Math.sqrt(6 / (H + H)));
  return {
    H,
    inDim,
    Wx,
    Wh,
    bx: new Float32Array(3 * H),
    bh: new Float32Array(3 * H),
    aWx: new Float32Array(Wx.length).fill(acc0),
    aWh: new Float32Array(Wh.length).fill(acc0),
    abx: new Float32Array(3 * H).fill(acc0),
    abh: new Float32Array(3 * H).fill(acc0),
    gWx: new Float32Array(Wx.length),
    gWh: new Float32Array(Wh.length),
    gbx: new Float32Array(3 * H),
    gbh: new Float32Array(3 * H),
  };
}

/** One training step: forward, loss, backward, Adagrad. Returns the loss (mean over the rows) and the layers' tapes. */
function stepOnce(p: Gru4RecParams, items: ItemMatrix, cells: Cell[], grads: ItemRowGradients, hidden: Float32Array[], batch: StepBatch): { loss: number; tapes: LayerTape[] } {
  const { xy, B, nY, logq, embMask, hidMasks } = batch;
  const { Wy, By, H: Hout } = items;
  // ---- forward ----
  const E = new Float32Array(B * Hout);
  for (let b = 0; b < B; b++) {
    const src = xy[b] * Hout;
    const dst = b * Hout;
    if (embMask) for (let j = 0; j < Hout; j++) E[dst + j] = Wy[src + j] * embMask[dst + j];
    else E.set(Wy.subarray(src, src + Hout), dst);
  }
  const tapes: LayerTape[] = [];
  let x: Float32Array = E;
  for (let l = 0; l < cells.length; l++) {
    const tape = cellForward(cells[l], x, hidden[l], B, hidMasks ? hidMasks[l] : null);
    tapes.push(tape);
    x = tape.out;
  }
  const O = x; // [B, Hout]
  // scores R[b, j] = O[b] . Wy[y_j] + By[y_j] (- logq_j), then turned into dLoss/dR in place
  const R = new Float32Array(B * nY);
  scoreCandidates(O, B, Hout, Wy, By, xy, B, nY, logq, R);
  const loss = softmaxCrossEntropyInPlace(R, B, nY, p.batchSize);

  // ---- backward ----
  grads.reset();
  for (let j = 0; j < nY; j++) grads.slot(xy[B + j]);
  const dO = new Float32Array(B * Hout);
  backpropScores(R, O, B, Hout, Wy, xy, B, nY, grads.slotOf, grads.rows, grads.bias, dO);
  let dOut: Float32Array = dO;
  for (let l = cells.length - 1; l >= 0; l--) dOut = cellBackward(cells[l], tapes[l], dOut, B);
  // the embedding's gradient goes to the input items' rows of Wy
  for (let b = 0; b < B; b++) {
    const g = grads.slot(xy[b]) * Hout;
    const o = b * Hout;
    const rows = grads.rows;
    if (embMask) for (let k = 0; k < Hout; k++) rows[g + k] += dOut[o + k] * embMask[o + k];
    else for (let k = 0; k < Hout; k++) rows[g + k] += dOut[o + k];
  }

  // ---- Adagrad: the touched item rows, then the dense GRU weights ----
  const lr = p.learningRate;
  grads.applyAdagrad(items, lr);
  for (const c of cells) {
    adagradRow(c.Wx, c.aWx, c.gWx, 0, 0, c.Wx.length, lr);
    adagradRow(c.Wh, c.aWh, c.gWh, 0, 0, c.Wh.length, lr);
    adagradRow(c.bx, c.abx, c.gbx, 0, 0, c.bx.length, lr);
    adagradRow(c.bh, c.abh, c.gbh, 0, 0, c.bh.length, lr);
  }
  return { loss: (loss * p.batchSize) / B, tapes };
}

/**
 * Row softmax of the scores with the diagonal as the targets: returns the loss (-sum log p[b, b] / batchSize, like
 * the official code) and leaves dLoss/dR = (softmax - onehot) / batchSize in R.
 */
function softmaxCrossEntropyInPlace(R: Float32Array, B: number, nY: number, batchSize: number): number {
  let loss = 0;
  const scale = 1 / batchSize;
  for (let b = 0; b < B; b++) {
    const row = b * nY;
    let max = -Infinity;
    for (let j = 0; j < nY; j++) if (R[row + j] > max) max = R[row + j];
    let sum = 0;
    for (let j = 0; j < nY; j++) sum += R[row + j] = Math.exp(R[row + j] - max);
    const inv = 1 / sum;
    for (let j = 0; j < nY; j++) R[row + j] *= inv;
    loss -= Math.log(R[row + b] + 1e-24);
    R[row + b] -= 1;
    for (let j = 0; j < nY; j++) R[row + j] *= scale;
  }
  return loss * scale;
}

/** The gradients of the item rows one step touches: a slot per row, the rows' gradients by slot. */
class ItemRowGradients {
  readonly slotOf: Int32Array;
  private items = new Int32Array(256);
  rows: Float32Array;
  bias = new Float32Array(256);
  private n = 0;

  constructor(
    nItems: number,
    private readonly H: number,
  ) {
    this.slotOf = new Int32Array(nItems).fill(-1);
    this.rows = new Float32Array(256 * H);
  }

  reset(): void {
    this.n = 0;
  }

  /** The slot of `item`'s row, zeroed when new this step (the arrays grow as needed). */
  slot(item: number): number {
    let s = this.slotOf[item];
    if (s >= 0) return s;
    s = this.n++;
    if (s >= this.items.length) {
      const grow = this.items.length * 2;
      this.items = grow32i(this.items, grow);
      this.rows = grow32f(this.rows, grow * this.H);
      this.bias = grow32f(this.bias, grow);
    }
    this.slotOf[item] = s;
    this.items[s] = item;
    this.rows.fill(0, s * this.H, (s + 1) * this.H);
    this.bias[s] = 0;
    return s;
  }

  /** Adagrad on the touched rows of Wy and By; frees the slots. */
  applyAdagrad(m: ItemMatrix, lr: number): void {
    const H = this.H;
    for (let s = 0; s < this.n; s++) {
      const item = this.items[s];
      this.slotOf[item] = -1;
      adagradRow(m.Wy, m.aWy, this.rows, item * H, s * H, H, lr);
      adagradRow(m.By, m.aBy, this.bias, item, s, 1, lr);
    }
    this.n = 0;
  }
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** One GRU layer on the batch: h' = n + z (h - n), then dropout. Keeps what the backward pass needs. */
function cellForward(c: Cell, x: Float32Array, hPrev: Float32Array, B: number, mask: Float32Array | null): LayerTape {
  const { H, inDim, Wx, Wh, bx, bh } = c;
  const H3 = 3 * H;
  const gx = new Float32Array(B * H3);
  const gh = new Float32Array(B * H3);
  for (let b = 0; b < B; b++) {
    gx.set(bx, b * H3);
    gh.set(bh, b * H3);
  }
  addRowsTimesMatrix(x, B, inDim, Wx, H3, gx);
  addRowsTimesMatrix(hPrev, B, H, Wh, H3, gh);
  const r = new Float32Array(B * H);
  const z = new Float32Array(B * H);
  const n = new Float32Array(B * H);
  const ghn = new Float32Array(B * H);
  const out = new Float32Array(B * H);
  for (let b = 0; b < B; b++) {
    const go = b * H3;
    const ho = b * H;
    for (let j = 0; j < H; j++) {
      const rj = sigmoid(gx[go + j] + gh[go + j]);
      const zj = sigmoid(gx[go + H + j] + gh[go + H + j]);
      const hn = gh[go + 2 * H + j];
      const nj = Math.tanh(gx[go + 2 * H + j] + rj * hn);
      r[ho + j] = rj;
      z[ho + j] = zj;
      n[ho + j] = nj;
      ghn[ho + j] = hn;
      const h = nj + zj * (hPrev[ho + j] - nj);
      out[ho + j] = mask ? h * mask[ho + j] : h;
    }
  }
  return { x, hPrev, r, z, n, ghn, mask, out };
}

/**
 * The layer's backward pass for the gradient `dOut` of its (dropped) output: accumulates the weight gradients
 * into the cell (they are written, not added, across steps: zeroed first) and returns the input's gradient.
 * The carried state gets no gradient (truncated at one step).
 */
function cellBackward(c: Cell, t: LayerTape, dOut: Float32Array, B: number): Float32Array {
  const { H, inDim, Wx, gWx, gWh, gbx, gbh } = c;
  const H3 = 3 * H;
  gWx.fill(0);
  gWh.fill(0);
  gbx.fill(0);
  gbh.fill(0);
  const dgx = new Float32Array(B * H3);
  const dgh = new Float32Array(B * H3);
  for (let b = 0; b < B; b++) {
    const ho = b * H;
    const go = b * H3;
    for (let j = 0; j < H; j++) {
      const dh = t.mask ? dOut[ho + j] * t.mask[ho + j] : dOut[ho + j];
      const zj = t.z[ho + j];
      const nj = t.n[ho + j];
      const rj = t.r[ho + j];
      const dn = dh * (1 - zj);
      const dz = dh * (t.hPrev[ho + j] - nj);
      const daz = dz * zj * (1 - zj);
      const dan = dn * (1 - nj * nj);
      const dar = dan * t.ghn[ho + j] * rj * (1 - rj);
      dgx[go + j] = dar;
      dgx[go + H + j] = daz;
      dgx[go + 2 * H + j] = dan;
      dgh[go + j] = dar;
      dgh[go + H + j] = daz;
      dgh[go + 2 * H + j] = dan * rj;
    }
    for (let j = 0; j < H3; j++) {
      gbx[j] += dgx[go + j];
      gbh[j] += dgh[go + j];
    }
  }
  addRowsTransposedTimes(t.x, B, inDim, dgx, H3, gWx);
  addRowsTransposedTimes(t.hPrev, B, H, dgh, H3, gWh);
  const dx = new Float32Array(B * inDim);
  rowsTimesMatrixTransposed(dgx, B, H3, Wx, inDim, dx);
  return dx;
}

