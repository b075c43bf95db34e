/**
 * GRU4Rec's trained weights in plain JS: one GRU step for serving (no TensorFlow) and the artifact
 * encoding (base64 little-endian float32).
 */

/** Plain-JS weights (row-major). Layer l: Wx [in, 3H], Wh [H, 3H], bx/bh [3H]; gate order r, z, n. */
export interface Gru4RecWeights {
  nItems: number;
  layers: number[];
  Wy: Float32Array; // [nItems, Hlast]
  By: Float32Array; // [nItems]
  gru: { Wx: Float32Array; Wh: Float32Array; bx: Float32Array; bh: Float32Array }[];
}

/** The weights as stored in a `gru4rec` artifact's state. */
export interface Gru4RecState {
  nItems: number;
  layers: number[];
  encoding?: 'base64-float32le';
  Wy: string;
  By: string;
  gru: { Wx: string; Wh: string; bx: string; bh: string }[];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** One GRU step of every layer for input item `item`, updating `hs` in place. */
export function gruStepJs(w: Gru4RecWeights, item: number, hs: Float32Array[]): void {
  const Hout = w.layers[w.layers.length - 1];
  let x: Float32Array = w.Wy.subarray(item * Hout, (item + 1) * Hout);
  for (let l = 0; l < w.layers.length; l++) {
    const H = w.layers[l];
    const g = w.gru[l];
    const H3 = 3 * H;
    const gx = g.bx.slice();
    const gh = g.bh.slice();
    for (let i = 0; i < x.length; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      const row = i * H3;
      for (let j = 0; j < H3; j++) gx[j] += xi * g.Wx[row + j];
    }
    const h = hs[l];
    for (let i = 0; i < H; i++) {
      const hi = h[i];
      if (hi === 0) continue;
      const row = i * H3;
      for (let j = 0; j < H3; j++) gh[j] += hi * g.Wh[row + j];
    }
    const next = new Float32Array(H);
    for (let j = 0; j < H; j++) {
      const r = sigmoid(gx[j] + gh[j]);
      const z = sigmoid(gx[H + j] + gh[H + j]);
      const n = Math.tanh(gx[2 * H + j] + r * gh[2 * H + j]);
      next[j] = n + z * (h[j] - n);
    }
    h.set(next);
    x = h;
  }
}

export function weightsToState(w: Gru4RecWeights): Gru4RecState {
  return {
    nItems: w.nItems,
    layers: [...w.layers],
    encoding: 'base64-float32le',
    Wy: f32ToB64(w.Wy),
    By: f32ToB64(w.By),
    gru: w.gru.map((g) => ({ Wx: f32ToB64(g.Wx), Wh: f32ToB64(g.Wh), bx: f32ToB64(g.bx), bh: f32ToB64(g.bh) })),
  };
}

/** Decodes and size-checks the weights of an artifact's state. */
export function weightsFromState(st: Gru4RecState): Gru4RecWeights {
  const layers = st.layers;
  const Hout = layers[layers.length - 1];
  const w: Gru4RecWeights = {
    nItems: st.nItems,
    layers: [...layers],
    Wy: b64ToF32(st.Wy, st.nItems * Hout, 'Wy'),
    By: b64ToF32(st.By, st.nItems, 'By'),
    gru: st.gru.map((g, l) => {
      const H = layers[l];
      const inDim = l === 0 ? Hout : layers[l - 1];
      return {
        Wx: b64ToF32(g.Wx, inDim * 3 * H, `Wx${l}`),
        Wh: b64ToF32(g.Wh, H * 3 * H, `Wh${l}`),
        bx: b64ToF32(g.bx, 3 * H, `bx${l}`),
        bh: b64ToF32(g.bh, 3 * H, `bh${l}`),
      };
    }),
  };
  if (w.gru.length !== layers.length) throw new Error('gru4rec: artifact layer count mismatch');
  return w;
}

function f32ToB64(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function b64ToF32(s: string, expected: number, what: string): Float32Array {
  const buf = Buffer.from(s, 'base64');
  if (buf.byteLength !== expected * 4) throw new Error(`gru4rec: artifact ${what} has ${buf.byteLength / 4} values, expected ${expected}`);
  const out = new Float32Array(expected);
  new Uint8Array(out.buffer).set(buf);
  return out;
}
