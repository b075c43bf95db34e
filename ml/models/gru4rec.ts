/**
 * GRU4Rec (Hidasi et al.; the essentials of the official PyTorch implementation) in TensorFlow.js.
 *
 * Training (tf, custom loop, not model.fit):
 *   - session-parallel mini-batches: each of the `batchSize` rows follows one session, one event per step; when
 *     a session ends the next session (ordered by start time) takes its row and that row's hidden state is reset
 *     to zero. The hidden state is carried between steps as a constant (no back-propagation through time), as in
 *     the original;
 *   - "constrained embedding": one item matrix Wy [nItems, H] is both the input embedding and the output
 *     weights, plus an output bias By;
 *   - stacked GRU cells (stepped by hand), dropout on the embedding and on each layer's output (the dropped
 *     output is also the state carried forward, as in the official code);
 *   - loss: softmax cross-entropy where the candidates of a row are the batch's targets (in-batch negatives)
 *     plus `nSample` extra items shared by the batch, sampled with probability ∝ pop^sampleAlpha; optional
 *     logQ correction;
 *   - Adagrad (tf.train.adagrad).
 *
 * Serving: after `fit` the weights are copied to Float32Arrays and the tf variables are freed; `scoreAll` runs
 * the GRU over the session in plain JS (no tf at all), with a small LRU cache of hidden states keyed by the
 * session prefix, so a session that grows by one item costs one GRU step plus one [nItems x H] mat-vec.
 * `fromArtifact` therefore needs no tf either.
 */
import type { SessionDataset } from '../data/types';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './types';
import { loadTf, type TfBackendName } from '../tf-backend';
import type * as TfTypes from '@tensorflow/tfjs';

export interface Gru4RecParams {
  /** hidden sizes of the stacked GRU layers; the last one is also the item-embedding size */
  layers: number[];
  batchSize: number;
  /** extra negatives per step, shared by the batch (0 = in-batch negatives only) */
  nSample: number;
  /** popularity exponent of the negative sampler */
  sampleAlpha: number;
  learningRate: number;
  /** Adagrad's starting accumulator (official GRU4Rec starts at 0; tfjs's default is 0.1) */
  adagradInitialAccumulator: number;
  dropoutEmbed: number;
  dropoutHidden: number;
  epochs: number;
  /** logQ correction strength for the sampled softmax (0 = off) */
  logq: number;
  /** weight-init / sampling / dropout seed */
  seed: number;
}

export const GRU4REC_DEFAULTS: Gru4RecParams = {
  layers: [100],
  batchSize: 32,
  nSample: 2048,
  sampleAlpha: 0.75,
  learningRate: 0.1,
  adagradInitialAccumulator: 1e-6,
  // tuned on the YooChoose 100k validation split (tail day of train)
  dropoutEmbed: 0.4,
  dropoutHidden: 0.6,
  epochs: 10,
  logq: 0,
  seed: 42,
};

export interface Gru4RecProgress {
  epoch: number;
  /** step within the epoch (1-based) */
  step: number;
  /** loss of this step (mean over the batch rows) */
  loss: number;
  /** mean loss of the epoch so far */
  epochLoss: number;
  /** true on the last report of an epoch */
  epochEnd: boolean;
  msPerStep: number;
}

export interface Gru4RecFitOptions {
  onProgress?: (p: Gru4RecProgress) => void;
  /** report every n steps (plus every epoch end); default 100 */
  progressEvery?: number;
  signal?: AbortSignal;
  /**
   * Called after every epoch with a usable snapshot of the model (weights copied out; costs one read of the
   * variables). Return 'stop' to end training early (the snapshot's weights become the model's).
   */
  onEpochEnd?: (
    info: { epoch: number; loss: number },
    snapshot: Gru4Rec,
  ) => void | 'stop' | Promise<void | 'stop'>;
}

export interface Gru4RecFitStats {
  backend: TfBackendName;
  steps: number;
  seconds: number;
  msPerStep: number;
  /** process CPU time per step (user + system; includes other threads of this process) */
  cpuMsPerStep: number;
  epochs: number;
  epochLosses: number[];
}

/** Plain-JS weights (row-major). Layer l: Wx [in, 3H], Wh [H, 3H], bx/bh [3H]; gate order r, z, n. */
interface Weights {
  nItems: number;
  layers: number[];
  Wy: Float32Array; // [nItems, Hlast]
  By: Float32Array; // [nItems]
  gru: { Wx: Float32Array; Wh: Float32Array; bx: Float32Array; bh: Float32Array }[];
}

const ARTIFACT_KIND = 'gru4rec';
const ARTIFACT_VERSION = 1;

export class Gru4Rec implements Recommender {
  readonly name = 'gru4rec';
  readonly params: Gru4RecParams;
  /** set by fit */
  lastFitStats: Gru4RecFitStats | null = null;
  private weights: Weights | null = null;
  private fitOptions: Gru4RecFitOptions;
  private cache = new Map<string, Float32Array[]>();
  private readonly cacheMax = 512;

  constructor(params: Partial<Gru4RecParams> = {}, fitOptions: Gru4RecFitOptions = {}) {
    this.params = { ...GRU4REC_DEFAULTS, ...params, layers: [...(params.layers ?? GRU4REC_DEFAULTS.layers)] };
    this.fitOptions = fitOptions;
    const p = this.params;
    if (!p.layers.length || p.layers.some((h) => !(h > 0))) throw new Error('gru4rec: layers must be positive sizes');
    if (!(p.batchSize >= 1)) throw new Error('gru4rec: batchSize must be >= 1');
  }

  get nItems(): number {
    return this.weights?.nItems ?? 0;
  }

  // -------------------------------------------------------------------------------------------
  // training
  // -------------------------------------------------------------------------------------------

  async fit(data: SessionDataset, opts: Gru4RecFitOptions = {}): Promise<void> {
    const o = { ...this.fitOptions, ...opts };
    const { tf, backend } = await loadTf();
    const p = this.params;
    const nItems = data.itemIds.length;
    if (nItems === 0) throw new Error('gru4rec: empty item set');
    const rng = mulberry32(p.seed);

    // sessions with at least one (input, target) pair, ordered by start time (stable)
    const seqs: Int32Array[] = [];
    const starts: number[] = [];
    const pop = new Float64Array(nItems);
    for (const s of data.sessions) {
      for (const e of s.events) if (e.item >= 0 && e.item < nItems) pop[e.item]++;
      if (s.events.length < 2) continue;
      const seq = Int32Array.from(s.events, (e) => e.item);
      if (seq.some((i) => i < 0 || i >= nItems)) throw new Error(`gru4rec: item index out of range in session ${s.id}`);
      seqs.push(seq);
      starts.push(s.events[0].time);
    }
    if (seqs.length === 0) throw new Error('gru4rec: no session with 2 or more events');
    const order = seqs.map((_, i) => i).sort((a, b) => starts[a] - starts[b] || a - b);
    const sessions = order.map((i) => seqs[i]);

    // popularity sampler (cumulative distribution of pop^alpha) and logQ terms
    const cdf = new Float64Array(nItems);
    {
      let acc = 0;
      for (let i = 0; i < nItems; i++) cdf[i] = acc += Math.pow(pop[i], p.sampleAlpha);
      for (let i = 0; i < nItems; i++) cdf[i] /= acc;
      cdf[nItems - 1] = 1;
    }
    const logPop = new Float32Array(nItems);
    const logPopA = new Float32Array(nItems);
    for (let i = 0; i < nItems; i++) {
      logPop[i] = Math.log(Math.max(pop[i], 1));
      logPopA[i] = p.sampleAlpha * logPop[i];
    }

    const Hl = p.layers;
    const Hout = Hl[Hl.length - 1];
    const B0 = Math.min(p.batchSize, sessions.length);

    // ---- variables (seeded uniform init, the official "compatibility" scheme) ----
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
    const cells = Hl.map((H, l) => {
      const inDim = l === 0 ? Hout : Hl[l - 1];
      return {
        H,
        Wx: mk(`Wx${l}`, [inDim, 3 * H], Math.sqrt(6 / (inDim + H))),
        Wh: mk(`Wh${l}`, [H, 3 * H], Math.sqrt(6 / (H + H))),
        bx: mk(`bx${l}`, [3 * H], 0),
        bh: mk(`bh${l}`, [3 * H], 0),
      };
    });
    const optimizer = tf.train.adagrad(p.learningRate, p.adagradInitialAccumulator);

    // matMul whose gradient uses explicit transposes: the wasm backend's matMul with transpose flags does not
    // take its fast (XNNPACK) path and was ~10x slower than transpose + plain matMul here.
    const mm = tf.customGrad(((a: TfTypes.Tensor2D, b: TfTypes.Tensor2D, save: TfTypes.GradSaveFunc) => {
      save([a, b]);
      return {
        value: tf.matMul(a, b),
        gradFunc: (dy: TfTypes.Tensor2D, saved: TfTypes.Tensor[]) => {
          const [sa, sb] = saved as TfTypes.Tensor2D[];
          return [tf.matMul(dy, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy)];
        },
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
      a: TfTypes.Tensor2D,
      b: TfTypes.Tensor2D,
    ) => TfTypes.Tensor2D;

    // Softmax cross-entropy where row i's target is column i, written with a hand-made gradient
    // (softmax - onehot): tf.logSumExp's gradient goes through max(), whose wasm gradient uses a broadcast
    // Equal that alone cost ~5 ms per step. Like the official code: -log(softmax[i, i] + 1e-24).
    const ceLoss = tf.customGrad(((R: TfTypes.Tensor2D, eyeT: TfTypes.Tensor2D, save: TfTypes.GradSaveFunc) => {
      const P = tf.softmax(R);
      save([P, eyeT]);
      const diag = tf.sum(tf.mul(P, eyeT), 1);
      return {
        value: tf.div(tf.neg(tf.sum(tf.log(tf.add(diag, 1e-24)))), p.batchSize),
        gradFunc: (dy: TfTypes.Tensor, saved: TfTypes.Tensor[]) => {
          const [sP, sEye] = saved;
          return [tf.mul(tf.sub(sP, sEye), tf.div(dy, p.batchSize)), tf.zerosLike(sEye)];
        },
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (
      R: TfTypes.Tensor2D,
      eyeT: TfTypes.Tensor2D,
    ) => TfTypes.Scalar;

    const gruCell = (x: TfTypes.Tensor2D, h: TfTypes.Tensor2D, c: (typeof cells)[number]): TfTypes.Tensor2D => {
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
    };

    const dropMask = (rows: number, cols: number, rate: number): Float32Array => {
      const m = new Float32Array(rows * cols);
      const keep = 1 / (1 - rate);
      for (let i = 0; i < m.length; i++) m[i] = rng() < rate ? 0 : keep;
      return m;
    };

    const sampleNeg = (out: Int32Array): void => {
      for (let k = 0; k < out.length; k++) {
        const u = rng();
        let lo = 0;
        let hi = nItems - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid] > u) hi = mid;
          else lo = mid + 1;
        }
        out[k] = lo;
      }
    };

    const S = p.nSample;
    const negs = new Int32Array(S);
    const eyeCache = new Map<string, TfTypes.Tensor2D>();
    const eye = (rows: number, cols: number): TfTypes.Tensor2D => {
      const key = `${rows}x${cols}`;
      let t = eyeCache.get(key);
      if (!t) {
        const v = new Float32Array(rows * cols);
        for (let i = 0; i < rows; i++) v[i * cols + i] = 1;
        t = tf.keep(tf.tensor2d(v, [rows, cols]));
        eyeCache.set(key, t);
      }
      return t;
    };

    let hidden: TfTypes.Tensor2D[] = [];
    const disposeAll = () => {
      for (const h of hidden) h.dispose();
      hidden = [];
      for (const t of eyeCache.values()) t.dispose();
      eyeCache.clear();
      optimizer.dispose();
      for (const v of vars) v.dispose();
    };

    // copy the weights out to plain arrays
    const read = (v: TfTypes.Variable) => new Float32Array(v.dataSync() as Float32Array);
    const readWeights = (): Weights => ({
      nItems,
      layers: [...Hl],
      Wy: read(Wy),
      By: read(By),
      gru: cells.map((c) => ({ Wx: read(c.Wx), Wh: read(c.Wh), bx: read(c.bx), bh: read(c.bh) })),
    });

    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let totalSteps = 0;
    const epochLosses: number[] = [];
    const every = Math.max(1, o.progressEvery ?? 100);
    let lastYield = performance.now();

    try {
      for (let epoch = 1; epoch <= p.epochs; epoch++) {
        // row state
        let B = B0;
        let rowSess = Int32Array.from({ length: B }, (_, i) => i);
        let rowPos = new Int32Array(B);
        let nextSess = B;
        for (const h of hidden) h.dispose();
        hidden = Hl.map((H) => tf.zeros([B, H]) as TfTypes.Tensor2D);
        let lossSum = 0;
        let stepsInEpoch = 0;
        const te = performance.now();

        while (B > 0) {
          if (o.signal?.aborted) throw abortError(o.signal);
          // yield to the event loop now and then, so an abort (or a server) gets a chance to run
          if (performance.now() - lastYield > 200) {
            await new Promise<void>((res) => setImmediate(res));
            lastYield = performance.now();
            if (o.signal?.aborted) throw abortError(o.signal);
          }

          const nY = B + S;
          const xy = new Int32Array(B + nY);
          for (let r = 0; r < B; r++) {
            const seq = sessions[rowSess[r]];
            xy[r] = seq[rowPos[r]];
            xy[B + r] = seq[rowPos[r] + 1];
          }
          if (S > 0) {
            sampleNeg(negs);
            xy.set(negs, 2 * B);
          }
          let logqVec: Float32Array | null = null;
          if (p.logq > 0) {
            logqVec = new Float32Array(nY);
            for (let j = 0; j < nY; j++) logqVec[j] = p.logq * (j < B ? logPop[xy[B + j]] : logPopA[xy[B + j]]);
          }
          const embMask = p.dropoutEmbed > 0 ? dropMask(B, Hout, p.dropoutEmbed) : null;
          const hidMasks = p.dropoutHidden > 0 ? Hl.map((H) => dropMask(B, H, p.dropoutHidden)) : null;

          const bsz = B;
          const prevHidden = hidden;
          let newHidden: TfTypes.Tensor2D[] = [];
          const lossT = tf.tidy(() => {
            const xyT = tf.tensor1d(xy, 'int32');
            const yT = xyT.slice(bsz, nY);
            const eyeT = eye(bsz, nY);
            const logqT = logqVec ? tf.tensor2d(logqVec, [1, nY]) : null;
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
                let h = gruCell(x, prevHidden[l], cells[l]);
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
          if (!Number.isFinite(loss)) throw new Error(`gru4rec: loss is ${loss} at epoch ${epoch}, step ${stepsInEpoch + 1}`);
          lossSum += loss;
          stepsInEpoch++;
          totalSteps++;

          // advance rows; finished sessions are replaced by the next ones (hidden reset), or the row is dropped
          let resetRows: number[] | null = null;
          let keepRows: number[] | null = null;
          for (let r = 0; r < B; r++) {
            rowPos[r]++;
            if (rowPos[r] + 1 < sessions[rowSess[r]].length) continue;
            if (nextSess < sessions.length) {
              rowSess[r] = nextSess++;
              rowPos[r] = 0;
              (resetRows ??= []).push(r);
            } else {
              rowSess[r] = -1;
            }
          }
          if (rowSess.some((s) => s < 0)) {
            keepRows = [];
            for (let r = 0; r < B; r++) if (rowSess[r] >= 0) keepRows.push(r);
          }
          if (resetRows || keepRows) {
            const reset = resetRows;
            const keep = keepRows;
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
            if (keep) {
              rowSess = Int32Array.from(keep, (r) => rowSess[r]);
              rowPos = Int32Array.from(keep, (r) => rowPos[r]);
              B = keep.length;
            }
          }

          const epochEnd = B === 0;
          if (o.onProgress && (epochEnd || stepsInEpoch % every === 0)) {
            o.onProgress({
              epoch,
              step: stepsInEpoch,
              loss,
              epochLoss: lossSum / stepsInEpoch,
              epochEnd,
              msPerStep: (performance.now() - te) / stepsInEpoch,
            });
          }
        }
        epochLosses.push(lossSum / Math.max(1, stepsInEpoch));
        if (o.onEpochEnd) {
          const snap = new Gru4Rec(p);
          snap.weights = readWeights();
          const verdict = await o.onEpochEnd({ epoch, loss: epochLosses[epochLosses.length - 1] }, snap);
          if (verdict === 'stop') break;
        }
      }

      this.weights = readWeights();
      this.cache.clear();
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      this.lastFitStats = {
        backend,
        steps: totalSteps,
        seconds,
        msPerStep: (seconds * 1000) / Math.max(1, totalSteps),
        cpuMsPerStep: (cpu.user + cpu.system) / 1000 / Math.max(1, totalSteps),
        epochs: epochLosses.length,
        epochLosses,
      };
    } finally {
      disposeAll();
    }
  }

  // -------------------------------------------------------------------------------------------
  // inference (plain JS)
  // -------------------------------------------------------------------------------------------

  /** Hidden states of every layer after reading `items` (unknown indices are skipped). */
  private hiddenFor(items: readonly number[]): Float32Array[] {
    const w = this.requireWeights();
    const known = items.filter((i) => Number.isInteger(i) && i >= 0 && i < w.nItems);
    const key = known.join(',');
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    // longest cached prefix: try dropping items from the end (a growing session hits after one)
    let start = 0;
    let hs: Float32Array[] | null = null;
    for (let cut = known.length - 1; cut >= Math.max(0, known.length - 4); cut--) {
      const h = cut === 0 ? null : this.cache.get(known.slice(0, cut).join(','));
      if (h) {
        hs = h.map((a) => a.slice());
        start = cut;
        break;
      }
    }
    if (!hs) hs = w.layers.map((H) => new Float32Array(H));
    for (let t = start; t < known.length; t++) gruStepJs(w, known[t], hs);
    this.cache.set(key, hs);
    if (this.cache.size > this.cacheMax) this.cache.delete(this.cache.keys().next().value as string);
    return hs;
  }

  scoreAll(ctx: RecommendContext): Float32Array {
    const w = this.requireWeights();
    const hs = this.hiddenFor(ctx.items);
    const h = hs[hs.length - 1];
    const H = h.length;
    const out = new Float32Array(w.nItems);
    const Wy = w.Wy;
    for (let k = 0, o = 0; k < w.nItems; k++, o += H) {
      let s = w.By[k];
      for (let j = 0; j < H; j++) s += Wy[o + j] * h[j];
      out[k] = s;
    }
    return out;
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    return topK(this.scoreAll(ctx), k, exclude);
  }

  // -------------------------------------------------------------------------------------------
  // artifacts
  // -------------------------------------------------------------------------------------------

  toArtifact(): ModelArtifact {
    const w = this.requireWeights();
    return {
      kind: ARTIFACT_KIND,
      version: ARTIFACT_VERSION,
      params: { ...this.params, layers: [...this.params.layers] },
      state: {
        nItems: w.nItems,
        layers: [...w.layers],
        encoding: 'base64-float32le',
        Wy: f32ToB64(w.Wy),
        By: f32ToB64(w.By),
        gru: w.gru.map((g) => ({ Wx: f32ToB64(g.Wx), Wh: f32ToB64(g.Wh), bx: f32ToB64(g.bx), bh: f32ToB64(g.bh) })),
      },
    };
  }

  static fromArtifact(a: ModelArtifact): Gru4Rec {
    if (a.kind !== ARTIFACT_KIND) throw new Error(`gru4rec: artifact kind is ${a.kind}`);
    if (a.version !== ARTIFACT_VERSION) throw new Error(`gru4rec: unsupported artifact version ${a.version}`);
    const st = a.state as {
      nItems: number;
      layers: number[];
      Wy: string;
      By: string;
      gru: { Wx: string; Wh: string; bx: string; bh: string }[];
    };
    const m = new Gru4Rec(a.params as Partial<Gru4RecParams>);
    const layers = st.layers;
    const Hout = layers[layers.length - 1];
    const w: Weights = {
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
    m.weights = w;
    return m;
  }

  private requireWeights(): Weights {
    if (!this.weights) throw new Error('gru4rec: model is not trained (call fit or fromArtifact)');
    return this.weights;
  }
}

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** One GRU step of every layer for input item `item`, updating `hs` in place. */
function gruStepJs(w: Weights, item: number, hs: Float32Array[]): void {
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

/** Top k of a score vector, best first, skipping `exclude`; ties go to the lower index. */
export function topK(scores: ArrayLike<number>, k: number, exclude?: ReadonlySet<number>): Scored[] {
  if (k <= 0) return [];
  const heapI: number[] = [];
  const heapS: number[] = [];
  // min-heap on (score, -index): the root is the weakest kept item
  const worse = (a: number, b: number) => heapS[a] < heapS[b] || (heapS[a] === heapS[b] && heapI[a] > heapI[b]);
  const swap = (a: number, b: number) => {
    [heapI[a], heapI[b]] = [heapI[b], heapI[a]];
    [heapS[a], heapS[b]] = [heapS[b], heapS[a]];
  };
  for (let i = 0; i < scores.length; i++) {
    if (exclude?.has(i)) continue;
    const s = scores[i];
    if (Number.isNaN(s)) continue;
    if (heapI.length < k) {
      heapI.push(i);
      heapS.push(s);
      let c = heapI.length - 1;
      while (c > 0) {
        const pa = (c - 1) >> 1;
        if (worse(c, pa)) {
          swap(c, pa);
          c = pa;
        } else break;
      }
    } else if (s > heapS[0]) {
      heapI[0] = i;
      heapS[0] = s;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < heapI.length && worse(l, m)) m = l;
        if (r < heapI.length && worse(r, m)) m = r;
        if (m === c) break;
        swap(c, m);
        c = m;
      }
    }
  }
  const out = heapI.map((item, j) => ({ item, score: heapS[j] }));
  out.sort((a, b) => b.score - a.score || a.item - b.item);
  return out;
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

/** Small fast seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let uidCounter = 0;
const uid = () => `${Date.now().toString(36)}_${(uidCounter++).toString(36)}`;

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const e = new Error('gru4rec: training aborted');
  e.name = 'AbortError';
  return e;
}

