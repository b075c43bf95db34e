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

/** tfjs's Adagrad adds the backend epsilon under the square root; the same here, so both optimizers agree. */
const ADAGRAD_EPSILON = 1e-7;

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
  const Wy = uniform(nItems * Hout, Math.sqrt(6 / (nItems + Hout)));
  const By = new Float32Array(nItems);
  const acc0 = p.adagradInitialAccumulator;
  const aWy = new Float32Array(nItems * Hout).fill(acc0);
  const aBy = new Float32Array(nItems).fill(acc0);
  const cells: Cell[] = Hl.map((H, l) => {
    const inDim = l === 0 ? Hout : Hl[l - 1];
    const Wx = uniform(inDim * 3 * H, Math.sqrt(6 / (inDim + H)));
    const Wh = uniform(H * 3 * H, Math.sqrt(6 / (H + H)));
    const bx = new Float32Array(3 * H);
    const bh = new Float32Array(3 * H);
    return {
      H,
      inDim,
      Wx,
      Wh,
      bx,
      bh,
      aWx: new Float32Array(Wx.length).fill(acc0),
      aWh: new Float32Array(Wh.length).fill(acc0),
      abx: new Float32Array(3 * H).fill(acc0),
      abh: new Float32Array(3 * H).fill(acc0),
      gWx: new Float32Array(Wx.length),
      gWh: new Float32Array(Wh.length),
      gbx: new Float32Array(3 * H),
      gbh: new Float32Array(3 * H),
    };
  });

  // the item rows a step touches: slot per row, gradients per slot
  const slotOf = new Int32Array(nItems).fill(-1);
  let slotRows = new Int32Array(256);
  let gRows = new Float32Array(256 * Hout);
  let gBias = new Float32Array(256);
  let nSlots = 0;
  const slot = (item: number): number => {
    let s = slotOf[item];
    if (s >= 0) return s;
    s = nSlots++;
    if (s >= slotRows.length) {
      const grow = slotRows.length * 2;
      slotRows = grow32i(slotRows, grow);
      gRows = grow32f(gRows, grow * Hout);
      gBias = grow32f(gBias, grow);
    }
    slotOf[item] = s;
    slotRows[s] = item;
    gRows.fill(0, s * Hout, (s + 1) * Hout);
    gBias[s] = 0;
    return s;
  };

  let hidden: Float32Array[] = Hl.map(() => new Float32Array(0));

  const trainStep = ({ xy, B, nY, logq, embMask, hidMasks }: StepBatch): number => {
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

    // scores R[b, j] = O[b] . Wy[y_j] + By[y_j] (- logq_j), then the row softmax in place
    const R = new Float32Array(B * nY);
    scoreCandidates(O, B, Hout, Wy, By, xy, B, nY, logq, R);
    let loss = 0;
    const scale = 1 / p.batchSize;
    for (let b = 0; b < B; b++) {
      const row = b * nY;
      let max = -Infinity;
      for (let j = 0; j < nY; j++) if (R[row + j] > max) max = R[row + j];
      let sum = 0;
      for (let j = 0; j < nY; j++) sum += R[row + j] = Math.exp(R[row + j] - max);
      const inv = 1 / sum;
      for (let j = 0; j < nY; j++) R[row + j] *= inv;
      loss -= Math.log(R[row + b] + 1e-24);
      // dLoss/dR = (softmax - onehot) / batchSize, in place
      R[row + b] -= 1;
      for (let j = 0; j < nY; j++) R[row + j] *= scale;
    }
    loss *= scale;

    // ---- backward ----
    nSlots = 0;
    // output: dO = dR . Wy[y]; dWy[y_j] += sum_b dR[b, j] O[b]; dBy[y_j] += sum_b dR[b, j]
    const dO = new Float32Array(B * Hout);
    for (let j = 0; j < nY; j++) slot(xy[B + j]);
    backpropScores(R, O, B, Hout, Wy, xy, B, nY, slotOf, gRows, gBias, dO);
    let dOut: Float32Array = dO;
    for (let l = cells.length - 1; l >= 0; l--) dOut = cellBackward(cells[l], tapes[l], dOut, B);
    // the embedding's gradient goes to the input items' rows of Wy
    for (let b = 0; b < B; b++) {
      const s = slot(xy[b]);
      const g = s * Hout;
      const o = b * Hout;
      if (embMask) for (let k = 0; k < Hout; k++) gRows[g + k] += dOut[o + k] * embMask[o + k];
      else for (let k = 0; k < Hout; k++) gRows[g + k] += dOut[o + k];
    }

    // ---- Adagrad: the touched item rows, then the dense GRU weights ----
    const lr = p.learningRate;
    for (let s = 0; s < nSlots; s++) {
      const item = slotRows[s];
      slotOf[item] = -1;
      adagradRow(Wy, aWy, gRows, item * Hout, s * Hout, Hout, lr);
      const gb = gBias[s];
      aBy[item] += gb * gb;
      By[item] -= (lr * gb) / Math.sqrt(aBy[item] + ADAGRAD_EPSILON);
    }
    for (const c of cells) {
      adagradRow(c.Wx, c.aWx, c.gWx, 0, 0, c.Wx.length, lr);
      adagradRow(c.Wh, c.aWh, c.gWh, 0, 0, c.Wh.length, lr);
      adagradRow(c.bx, c.abx, c.gbx, 0, 0, c.bx.length, lr);
      adagradRow(c.bh, c.abh, c.gbh, 0, 0, c.bh.length, lr);
    }

    hidden = tapes.map((t) => t.out);
    return (loss * p.batchSize) / B;
  };

  return {
    resetHidden(B) {
      hidden = Hl.map((H) => new Float32Array(B * H));
    },
    trainStep,
    updateRows(B, reset, keep) {
      hidden = hidden.map((h, l) => {
        const H = Hl[l];
        const next = reset ? h.slice() : h;
        if (reset) for (const r of reset) next.fill(0, r * H, (r + 1) * H);
        if (!keep) return next;
        const kept = new Float32Array(keep.length * H);
        keep.forEach((r, i) => kept.set(next.subarray(r * H, (r + 1) * H), i * H));
        return kept;
      });
      void B;
    },
    readWeights: (): Gru4RecWeights => ({
      nItems,
      layers: [...Hl],
      Wy: Wy.slice(),
      By: By.slice(),
      gru: cells.map((c) => ({ Wx: c.Wx.slice(), Wh: c.Wh.slice(), bx: c.bx.slice(), bh: c.bh.slice() })),
    }),
    dispose() {
      hidden = [];
    },
  };
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

// The kernels below work on four batch rows at a time, so each weight row is read once per four rows.

/** OUT[b, :] += X[b, :] . M for b < rows; X [rows, inner], M [inner, cols], OUT [rows, cols]. */
function addRowsTimesMatrix(X: Float32Array, rows: number, inner: number, M: Float32Array, cols: number, OUT: Float32Array): void {
  let b = 0;
  for (; b + 4 <= rows; b += 4) {
    const x0 = b * inner, x1 = x0 + inner, x2 = x1 + inner, x3 = x2 + inner;
    const o0 = b * cols, o1 = o0 + cols, o2 = o1 + cols, o3 = o2 + cols;
    for (let i = 0; i < inner; i++) {
      const v0 = X[x0 + i], v1 = X[x1 + i], v2 = X[x2 + i], v3 = X[x3 + i];
      const row = i * cols;
      for (let j = 0; j < cols; j++) {
        const m = M[row + j];
        OUT[o0 + j] += v0 * m;
        OUT[o1 + j] += v1 * m;
        OUT[o2 + j] += v2 * m;
        OUT[o3 + j] += v3 * m;
      }
    }
  }
  for (; b < rows; b++) {
    const xo = b * inner;
    const oo = b * cols;
    for (let i = 0; i < inner; i++) {
      const v = X[xo + i];
      const row = i * cols;
      for (let j = 0; j < cols; j++) OUT[oo + j] += v * M[row + j];
    }
  }
}

/** OUT[i, :] += sum_b X[b, i] G[b, :]; X [rows, inner], G [rows, cols], OUT [inner, cols]. */
function addRowsTransposedTimes(X: Float32Array, rows: number, inner: number, G: Float32Array, cols: number, OUT: Float32Array): void {
  let b = 0;
  for (; b + 4 <= rows; b += 4) {
    const x0 = b * inner, x1 = x0 + inner, x2 = x1 + inner, x3 = x2 + inner;
    const g0 = b * cols, g1 = g0 + cols, g2 = g1 + cols, g3 = g2 + cols;
    for (let i = 0; i < inner; i++) {
      const v0 = X[x0 + i], v1 = X[x1 + i], v2 = X[x2 + i], v3 = X[x3 + i];
      const row = i * cols;
      for (let j = 0; j < cols; j++) OUT[row + j] += v0 * G[g0 + j] + v1 * G[g1 + j] + v2 * G[g2 + j] + v3 * G[g3 + j];
    }
  }
  for (; b < rows; b++) {
    const xo = b * inner;
    const go = b * cols;
    for (let i = 0; i < inner; i++) {
      const v = X[xo + i];
      const row = i * cols;
      for (let j = 0; j < cols; j++) OUT[row + j] += v * G[go + j];
    }
  }
}

/** OUT[b, i] = G[b, :] . M[i, :]; G [rows, cols], M [inner, cols], OUT [rows, inner]. */
function rowsTimesMatrixTransposed(G: Float32Array, rows: number, cols: number, M: Float32Array, inner: number, OUT: Float32Array): void {
  let b = 0;
  for (; b + 4 <= rows; b += 4) {
    const g0 = b * cols, g1 = g0 + cols, g2 = g1 + cols, g3 = g2 + cols;
    for (let i = 0; i < inner; i++) {
      const row = i * cols;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let j = 0; j < cols; j++) {
        const m = M[row + j];
        s0 += G[g0 + j] * m;
        s1 += G[g1 + j] * m;
        s2 += G[g2 + j] * m;
        s3 += G[g3 + j] * m;
      }
      OUT[b * inner + i] = s0;
      OUT[(b + 1) * inner + i] = s1;
      OUT[(b + 2) * inner + i] = s2;
      OUT[(b + 3) * inner + i] = s3;
    }
  }
  for (; b < rows; b++) {
    const go = b * cols;
    for (let i = 0; i < inner; i++) {
      const row = i * cols;
      let s = 0;
      for (let j = 0; j < cols; j++) s += G[go + j] * M[row + j];
      OUT[b * inner + i] = s;
    }
  }
}

/**
 * R[b, j] = O[b] . Wy[item_j] + By[item_j] - logq_j for the candidates item_j = xy[off + j], j < nY.
 */
function scoreCandidates(O: Float32Array, B: number, H: number, Wy: Float32Array, By: Float32Array, xy: Int32Array, off: number, nY: number, logq: Float32Array | null, R: Float32Array): void {
  for (let j = 0; j < nY; j++) {
    const item = xy[off + j];
    const w = item * H;
    const bias = By[item] - (logq ? logq[j] : 0);
    let b = 0;
    for (; b + 4 <= B; b += 4) {
      const o0 = b * H, o1 = o0 + H, o2 = o1 + H, o3 = o2 + H;
      let s0 = bias, s1 = bias, s2 = bias, s3 = bias;
      for (let k = 0; k < H; k++) {
        const m = Wy[w + k];
        s0 += O[o0 + k] * m;
        s1 += O[o1 + k] * m;
        s2 += O[o2 + k] * m;
        s3 += O[o3 + k] * m;
      }
      R[b * nY + j] = s0;
      R[(b + 1) * nY + j] = s1;
      R[(b + 2) * nY + j] = s2;
      R[(b + 3) * nY + j] = s3;
    }
    for (; b < B; b++) {
      const o = b * H;
      let s = bias;
      for (let k = 0; k < H; k++) s += O[o + k] * Wy[w + k];
      R[b * nY + j] = s;
    }
  }
}

/**
 * The scores' backward pass for dR (in R): dO[b] += sum_j dR[b, j] Wy[item_j]; the candidates' rows get
 * gRows[slot] += sum_b dR[b, j] O[b] and gBias[slot] += sum_b dR[b, j].
 */
function backpropScores(
  R: Float32Array, O: Float32Array, B: number, H: number, Wy: Float32Array, xy: Int32Array, off: number, nY: number,
  slotOf: Int32Array, gRows: Float32Array, gBias: Float32Array, dO: Float32Array,
): void {
  for (let j = 0; j < nY; j++) {
    const item = xy[off + j];
    const w = item * H;
    const s = slotOf[item];
    const g = s * H;
    let b = 0;
    let db = 0;
    for (; b + 4 <= B; b += 4) {
      const d0 = R[b * nY + j], d1 = R[(b + 1) * nY + j], d2 = R[(b + 2) * nY + j], d3 = R[(b + 3) * nY + j];
      db += d0 + d1 + d2 + d3;
      const o0 = b * H, o1 = o0 + H, o2 = o1 + H, o3 = o2 + H;
      for (let k = 0; k < H; k++) {
        const m = Wy[w + k];
        gRows[g + k] += d0 * O[o0 + k] + d1 * O[o1 + k] + d2 * O[o2 + k] + d3 * O[o3 + k];
        dO[o0 + k] += d0 * m;
        dO[o1 + k] += d1 * m;
        dO[o2 + k] += d2 * m;
        dO[o3 + k] += d3 * m;
      }
    }
    for (; b < B; b++) {
      const d = R[b * nY + j];
      db += d;
      const o = b * H;
      for (let k = 0; k < H; k++) {
        dO[o + k] += d * Wy[w + k];
        gRows[g + k] += d * O[o + k];
      }
    }
    gBias[s] += db;
  }
}

/** Adagrad on `n` values: acc += g^2; w -= lr g / sqrt(acc + eps). */
function adagradRow(w: Float32Array, acc: Float32Array, g: Float32Array, wo: number, go: number, n: number, lr: number): void {
  for (let k = 0; k < n; k++) {
    const gk = g[go + k];
    if (gk === 0) continue;
    const a = (acc[wo + k] += gk * gk);
    w[wo + k] -= (lr * gk) / Math.sqrt(a + ADAGRAD_EPSILON);
  }
}

function grow32i(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

function grow32f(a: Float32Array, n: number): Float32Array<ArrayBuffer> {
  const b = new Float32Array(n);
  b.set(a);
  return b;
}
