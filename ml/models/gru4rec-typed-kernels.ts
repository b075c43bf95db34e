/**
 * The dense kernels of GRU4Rec's typed-array training step (./gru4rec-typed-graph.ts), on row-major
 * Float32Arrays, and its Adagrad update. Pure.
 */

/** tfjs's Adagrad adds the backend epsilon under the square root; the same here, so both optimizers agree. */
const ADAGRAD_EPSILON = 1e-7;

// The kernels below work on four batch rows at a time, so each weight row is read once per four rows.

/** OUT[b, :] += X[b, :] . M for b < rows; X [rows, inner], M [inner, cols], OUT [rows, cols]. */
export function addRowsTimesMatrix(X: Float32Array, rows: number, inner: number, M: Float32Array, cols: number, OUT: Float32Array): void {
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
export function addRowsTransposedTimes(X: Float32Array, rows: number, inner: number, G: Float32Array, cols: number, OUT: Float32Array): void {
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
export function rowsTimesMatrixTransposed(G: Float32Array, rows: number, cols: number, M: Float32Array, inner: number, OUT: Float32Array): void {
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
export function scoreCandidates(O: Float32Array, B: number, H: number, Wy: Float32Array, By: Float32Array, xy: Int32Array, off: number, nY: number, logq: Float32Array | null, R: Float32Array): void {
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
export function backpropScores(
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
export function adagradRow(w: Float32Array, acc: Float32Array, g: Float32Array, wo: number, go: number, n: number, lr: number): void {
  for (let k = 0; k < n; k++) {
    const gk = g[go + k];
    if (gk === 0) continue;
    const a = (acc[wo + k] += gk * gk);
    w[wo + k] -= (lr * gk) / Math.sqrt(a + ADAGRAD_EPSILON);
  }
}

export function grow32i(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

export function grow32f(a: Float32Array, n: number): Float32Array<ArrayBuffer> {
  const b = new Float32Array(n);
  b.set(a);
  return b;
}
