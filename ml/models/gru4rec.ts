/**
 * GRU4Rec (Hidasi et al.; the essentials of the official PyTorch implementation) in TensorFlow.js.
 *
 * Training: ./gru4rec-train.ts (session-parallel mini-batches, constrained embedding, stacked GRU cells with
 * dropout, sampled softmax with in-batch and popularity-sampled negatives, Adagrad).
 *
 * Serving: after `fit` the weights are copied to Float32Arrays and the tf variables are freed; `scoreAll` runs
 * the GRU over the session in plain JS (no tf at all), with a small LRU cache of hidden states keyed by the
 * session prefix, so a session that grows by one item costs one GRU step plus one [nItems x H] mat-vec.
 * `fromArtifact` therefore needs no tf either.
 */
import type { SessionDataset } from '../data/session-dataset';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './recommender';
import { GRU4REC_DEFAULTS, type Gru4RecFitStats, type Gru4RecParams } from './gru4rec-params';
import { gruStepJs, weightsFromState, weightsToState, type Gru4RecState, type Gru4RecWeights } from './gru4rec-weights';
import { trainGru4Rec, type Gru4RecTrainOptions } from './gru4rec-train';
import { topKAnySign } from './top-k';

export interface Gru4RecFitOptions extends Omit<Gru4RecTrainOptions, 'onEpochEnd'> {
  /**
   * Called after every epoch with a usable snapshot of the model (weights copied out; costs one read of the
   * variables). Return 'stop' to end training early (the snapshot's weights become the model's).
   */
  onEpochEnd?: (
    info: { epoch: number; loss: number },
    snapshot: Gru4Rec,
  ) => void | 'stop' | Promise<void | 'stop'>;
}

const ARTIFACT_KIND = 'gru4rec';
const ARTIFACT_VERSION = 1;

export class Gru4Rec implements Recommender {
  readonly name = 'gru4rec';
  readonly params: Gru4RecParams;
  /** set by fit */
  lastFitStats: Gru4RecFitStats | null = null;
  private weights: Gru4RecWeights | null = null;
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

  async fit(data: SessionDataset, opts: Gru4RecFitOptions = {}): Promise<void> {
    const { onEpochEnd, ...o } = { ...this.fitOptions, ...opts };
    const trained = await trainGru4Rec(data, this.params, {
      ...o,
      onEpochEnd: onEpochEnd && ((info, weights) => onEpochEnd(info, this.withWeights(weights))),
    });
    this.weights = trained.weights;
    this.cache.clear();
    this.lastFitStats = trained.stats;
  }

  /** A model with these parameters and the given weights. */
  private withWeights(weights: Gru4RecWeights): Gru4Rec {
    const m = new Gru4Rec(this.params);
    m.weights = weights;
    return m;
  }

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
    return topKAnySign(this.scoreAll(ctx), k, exclude);
  }

  toArtifact(): ModelArtifact {
    const w = this.requireWeights();
    return { kind: ARTIFACT_KIND, version: ARTIFACT_VERSION, params: { ...this.params, layers: [...this.params.layers] }, state: weightsToState(w) };
  }

  static fromArtifact(a: ModelArtifact): Gru4Rec {
    if (a.kind !== ARTIFACT_KIND) throw new Error(`gru4rec: artifact kind is ${a.kind}`);
    if (a.version !== ARTIFACT_VERSION) throw new Error(`gru4rec: unsupported artifact version ${a.version}`);
    const m = new Gru4Rec(a.params as Partial<Gru4RecParams>);
    m.weights = weightsFromState(a.state as Gru4RecState);
    return m;
  }

  private requireWeights(): Gru4RecWeights {
    if (!this.weights) throw new Error('gru4rec: model is not trained (call fit or fromArtifact)');
    return this.weights;
  }
}
