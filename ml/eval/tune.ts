/**
 * Tuning and per-store model selection on the TAIL OF THE TRAINING DATA ONLY (never on test):
 * the last `days` days of the training sessions (session-rec's validation rule) become a
 * validation set, candidate models are fitted on the rest and compared there, and the winner is
 * refitted on the whole training data.
 *
 * - `gridSearch`: parameter grid for one model, scored on the validation tail;
 * - `tuneBlend`: weights of an ensemble (VSTAN + reminders + SR + AR + other kNN, optionally GRU4Rec) by
 *   coordinate ascent on the validation tail, using each member's top lists (computed once). Members may
 *   carry a score normalisation; alternative normalisations of one model form a `group` (at most one of
 *   them is used) and the tuner picks the group member, i.e. the normalisation, on validation too; with
 *   `lengthBuckets` the chosen weights are then refined per session-length bucket (each bucket's events on their own);
 * - `TunedModel` (registry names `tuned` / `blend`, and `blend-gru4rec` with GRU4Rec as a member): does
 *   `tuneBlend` inside `fit`, so `npm run eval -- --models tuned` reports honest test numbers.
 */
import type { SessionDataset } from '../data/types';
import { timeSplit, type SplitOptions } from '../data/split';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from '../models/types';
import { EnsembleModel, normaliseScores, topIndices, type EnsembleMember, type NormOptions, type ScoreNorm } from '../models/ensemble';
import { CachedGru4Rec, Gru4RecSeedAverage, type CachedGru4RecParams } from '../models/blend-gru4rec';
import { evaluateSessions } from './evaluate';

export interface ValidationOptions extends SplitOptions {
  cutoff?: number;
}

export function validationSplit(train: SessionDataset, opts: SplitOptions = {}) {
  const sp = timeSplit(train, opts.days === undefined && opts.fraction === undefined ? { ...opts, days: 1 } : opts);
  if (sp.test.sessions.length === 0) throw new Error('validation split is empty (too little training data?)');
  return sp;
}

export type ModelMaker = () => Recommender;

export interface GridResult {
  params: Record<string, unknown>;
  hr: number;
  mrr: number;
  ndcg: number;
}

/** Cartesian product of a parameter grid. */
export function expandGrid(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [k, vals] of Object.entries(grid)) {
    const next: Record<string, unknown>[] = [];
    for (const o of out) for (const v of vals) next.push({ ...o, [k]: v });
    out = next;
  }
  return out;
}

/** Evaluate every grid point on the validation tail of `train`; best MRR first. */
export async function gridSearch(
  make: (params: Record<string, unknown>) => Recommender,
  grid: Record<string, unknown[]>,
  train: SessionDataset,
  opts: ValidationOptions = {},
): Promise<GridResult[]> {
  const sp = validationSplit(train, opts);
  const res: GridResult[] = [];
  for (const params of expandGrid(grid)) {
    const m = make(params);
    await m.fit(sp.train);
    const r = evaluateSessions(m, sp.train, sp.test, { cutoff: opts.cutoff ?? 20 });
    res.push({ params, hr: r.hr, mrr: r.mrr, ndcg: r.ndcg });
  }
  return res.sort((a, b) => b.mrr - a.mrr);
}

/** Per-event top lists of one fitted model on validation sessions (scores divided by the max). */
export interface EventLists {
  n: number;
  depth: number;
  items: Int32Array;
  scores: Float32Array;
}

export interface ValidationEvents {
  n: number;
  nItems: number;
  targets: Int32Array;
  contexts: RecommendContext[];
}

export function validationEvents(val: SessionDataset, nItems: number): ValidationEvents {
  const ctxs: RecommendContext[] = [];
  const targets: number[] = [];
  for (const s of val.sessions) {
    const prefix: number[] = [];
    for (let i = 0; i + 1 < s.events.length; i++) {
      prefix.push(s.events[i].item);
      ctxs.push({ items: prefix.slice(), time: s.events[i + 1].time });
      targets.push(s.events[i + 1].item);
    }
  }
  return { n: ctxs.length, nItems, targets: Int32Array.from(targets), contexts: ctxs };
}

export function collectLists(model: Recommender, ev: ValidationEvents, depth = 100, norm?: ScoreNorm, normOptions?: NormOptions): EventLists {
  const items = new Int32Array(ev.n * depth).fill(-1);
  const scores = new Float32Array(ev.n * depth);
  if (norm) {
    // the member's top `depth` items after the ensemble's own normalisation of its full score vector
    for (let e = 0; e < ev.n; e++) {
      const v = normaliseScores(model.scoreAll(ev.contexts[e]), norm, normOptions);
      const top = topIndices(v, depth);
      let j = 0;
      for (const it of top) {
        if (!(v[it] > 0)) break;
        items[e * depth + j] = it;
        scores[e * depth + j] = v[it];
        j++;
      }
    }
    return { n: ev.n, depth, items, scores };
  }
  for (let e = 0; e < ev.n; e++) {
    const rec: Scored[] = model.recommend(ev.contexts[e], depth);
    const max = rec.length ? rec[0].score : 0;
    for (let j = 0; j < rec.length; j++) {
      items[e * depth + j] = rec[j].item;
      scores[e * depth + j] = max > 0 ? rec[j].score / max : 0;
    }
  }
  return { n: ev.n, depth, items, scores };
}

/**
 * HR@K / MRR@K of a weighted blend of top lists (items outside every list score 0; ties: lower
 * item index first, the 'stable' rule). An approximation of the full blend that is exact for the
 * items inside the lists.
 */
export function blendMetrics(
  lists: EventLists[],
  weights: number[],
  ev: ValidationEvents,
  cutoff = 20,
  /** only these events (default all) */
  subset?: ArrayLike<number>,
): { hr: number; mrr: number } {
  const acc = new Float64Array(ev.nItems);
  const touched = new Int32Array(lists.reduce((a, l) => a + l.depth, 0));
  let hits = 0;
  let rr = 0;
  const nEv = subset ? subset.length : ev.n;
  for (let q0 = 0; q0 < nEv; q0++) {
    const e = subset ? subset[q0] : q0;
    let nt = 0;
    for (let m = 0; m < lists.length; m++) {
      const w = weights[m];
      if (w === 0) continue;
      const L = lists[m];
      const base = e * L.depth;
      for (let j = 0; j < L.depth; j++) {
        const it = L.items[base + j];
        if (it < 0) break;
        if (acc[it] === 0) touched[nt++] = it;
        acc[it] += w * L.scores[base + j];
      }
    }
    const target = ev.targets[e];
    const t = acc[target];
    let rank: number;
    if (t > 0) {
      rank = 1;
      for (let q = 0; q < nt; q++) {
        const it = touched[q];
        const v = acc[it];
        if (v > t || (v === t && it < target)) rank++;
      }
    } else {
      // target not in any list: behind every listed item and, by the stable rule, behind the
      // unlisted (zero-score) items with a lower index
      let before = 0;
      for (let q = 0; q < nt; q++) if (touched[q] < target) before++;
      rank = nt + (target - before) + 1;
    }
    if (rank <= cutoff) {
      hits++;
      rr += 1 / rank;
    }
    for (let q = 0; q < nt; q++) acc[touched[q]] = 0;
  }
  return { hr: nEv ? hits / nEv : 0, mrr: nEv ? rr / nEv : 0 };
}

/** Bucket of a session of `length` items: the first i with length <= bounds[i], else bounds.length. */
export function lengthBucket(length: number, bounds: readonly number[]): number {
  for (let i = 0; i < bounds.length; i++) if (length <= bounds[i]) return i;
  return bounds.length;
}

export interface BlendCandidate {
  /** a label for reports, e.g. "sr" or "remind(lambda=1)" */
  label: string;
  make: ModelMaker;
  /** weights to try; the first member is usually fixed at [1] */
  grid: number[];
  /** per-request score normalisation in the ensemble (default 'max') */
  norm?: ScoreNorm;
  normOptions?: NormOptions;
  /** candidates with the same fitKey share one fitted model (e.g. normalisation variants of one model) */
  fitKey?: string;
  /** mutually exclusive alternatives: at most one candidate of a group gets weight; the tuner picks it */
  group?: string;
}

export interface BlendVariant {
  /** the chosen candidate label of each group ('' when there are no groups) */
  choice: string;
  /** the chosen candidates' indices */
  choiceIdx?: number[];
  weights: number[];
  val: { hr: number; mrr: number };
}

export interface BlendResult {
  labels: string[];
  weights: number[];
  val: { hr: number; mrr: number };
  /** validation metrics of the first member alone (the reference) */
  baseline: { hr: number; mrr: number };
  evaluations: number;
  /** one entry per combination of group choices, best first (a single entry without groups) */
  variants: BlendVariant[];
  /** validation metrics of every candidate alone */
  alone: { label: string; hr: number; mrr: number }[];
  validationEvents: number;
  /** with `lengthBuckets`: the bounds and one weight vector per session-length bucket (refined from `weights`) */
  lengthBuckets?: number[];
  bucketWeights?: number[][];
  /** validation metrics of the global weights, before the per-bucket refinement */
  valGlobal?: { hr: number; mrr: number };
}

/**
 * Coordinate ascent over member weights on the validation tail: maximise MRR@K subject to HR@K not
 * below the first member's own HR@K (minus `hrSlack`).
 */
export async function tuneBlend(
  candidates: BlendCandidate[],
  train: SessionDataset,
  opts: ValidationOptions & {
    depth?: number;
    passes?: number;
    hrSlack?: number;
    /** refine the weights per session-length bucket (upper bounds, e.g. [1, 3]: 1 item, 2-3, 4+) */
    lengthBuckets?: number[];
    onProgress?: (msg: string) => void;
  } = {},
): Promise<BlendResult> {
  const cutoff = opts.cutoff ?? 20;
  const sp = validationSplit(train, opts);
  const ev = validationEvents(sp.test, sp.train.itemIds.length);
  const lists: EventLists[] = [];
  const fitted = new Map<string, Recommender>();
  for (const c of candidates) {
    const key = c.fitKey ?? `#${lists.length}`;
    let m = fitted.get(key);
    if (!m) {
      m = c.make();
      await m.fit(sp.train);
      fitted.set(key, m);
    }
    lists.push(collectLists(m, ev, opts.depth ?? 100, c.norm, c.normOptions));
    opts.onProgress?.(`tune: collected ${c.label} on ${ev.n} validation events`);
  }
  const alone = candidates.map((c, i) => {
    const r = blendMetrics(lists, candidates.map((_, j) => (j === i ? 1 : 0)), ev, cutoff);
    return { label: c.label, hr: r.hr, mrr: r.mrr };
  });
  const baseW = candidates.map((_, i) => (i === 0 ? 1 : 0));
  const baseline = blendMetrics(lists, baseW, ev, cutoff);
  const floor = baseline.hr - (opts.hrSlack ?? 0);
  const better = (r: { hr: number; mrr: number }, best: { hr: number; mrr: number }) => {
    const ok = r.hr >= floor;
    const bestOk = best.hr >= floor;
    return (ok && (!bestOk || r.mrr > best.mrr)) || (!bestOk && !ok && r.hr > best.hr);
  };

  // every combination of one candidate per group
  const groups = new Map<string, number[]>();
  candidates.forEach((c, i) => {
    if (c.group !== undefined) groups.set(c.group, [...(groups.get(c.group) ?? []), i]);
  });
  let choices: number[][] = [[]];
  for (const idx of groups.values()) choices = choices.flatMap((ch) => idx.map((i) => [...ch, i]));

  let evaluations = 1;
  const variants: BlendVariant[] = [];
  for (const choice of choices) {
    const active = candidates.map((c, i) => c.group === undefined || choice.includes(i));
    const weights = candidates.map((c, i) => (active[i] ? c.grid[0] : 0));
    let best = blendMetrics(lists, weights, ev, cutoff);
    evaluations++;
    for (let pass = 0; pass < (opts.passes ?? 2); pass++) {
      let improved = false;
      for (let m = 0; m < candidates.length; m++) {
        if (!active[m]) continue;
        for (const w of candidates[m].grid) {
          if (w === weights[m]) continue;
          const trial = weights.slice();
          trial[m] = w;
          const r = blendMetrics(lists, trial, ev, cutoff);
          evaluations++;
          if (better(r, best)) {
            best = r;
            weights[m] = w;
            improved = true;
          }
        }
      }
      const tag = choice.length ? ` [${choice.map((i) => candidates[i].label).join(', ')}]` : '';
      opts.onProgress?.(`tune${tag}: pass ${pass + 1}: weights ${weights.join(', ')} -> val HR ${best.hr.toFixed(4)} MRR ${best.mrr.toFixed(4)}`);
      if (!improved) break;
    }
    variants.push({ choice: choice.map((i) => candidates[i].label).join(', '), choiceIdx: choice, weights, val: best });
  }
  variants.sort((x, y) => (better(x.val, y.val) ? -1 : better(y.val, x.val) ? 1 : 0));
  const top = variants[0];
  const out: BlendResult = {
    labels: candidates.map((c) => c.label),
    weights: top.weights,
    val: top.val,
    baseline,
    evaluations,
    variants,
    alone,
    validationEvents: ev.n,
  };
  const bounds = opts.lengthBuckets;
  if (bounds && bounds.length > 0) {
    // the buckets' events are disjoint and the metrics are means, so each bucket is tuned on its own, from the
    // global weights, over the members the global variant uses (same HR floor rule, per bucket)
    const byBucket: number[][] = Array.from({ length: bounds.length + 1 }, () => []);
    for (let e = 0; e < ev.n; e++) byBucket[lengthBucket(ev.contexts[e].items.length, bounds)].push(e);
    const chosen = new Set(top.choiceIdx ?? []);
    const active = candidates.map((c, i) => c.group === undefined || chosen.has(i));
    const bucketWeights: number[][] = [];
    let hits = 0;
    let rr = 0;
    for (const [b, evs] of byBucket.entries()) {
      const weights = top.weights.slice();
      if (evs.length === 0) {
        bucketWeights.push(weights);
        continue;
      }
      const sub = Int32Array.from(evs);
      const bFloor = blendMetrics(lists, baseW, ev, cutoff, sub).hr - (opts.hrSlack ?? 0);
      const bBetter = (r: { hr: number; mrr: number }, cur: { hr: number; mrr: number }) => {
        const ok = r.hr >= bFloor;
        const curOk = cur.hr >= bFloor;
        return (ok && (!curOk || r.mrr > cur.mrr)) || (!curOk && !ok && r.hr > cur.hr);
      };
      let best = blendMetrics(lists, weights, ev, cutoff, sub);
      for (let pass = 0; pass < (opts.passes ?? 2); pass++) {
        let improved = false;
        for (let m = 1; m < candidates.length; m++) {
          if (!active[m]) continue;
          for (const w of candidates[m].grid) {
            if (w === weights[m]) continue;
            const trial = weights.slice();
            trial[m] = w;
            const r = blendMetrics(lists, trial, ev, cutoff, sub);
            evaluations++;
            if (bBetter(r, best)) {
              best = r;
              weights[m] = w;
              improved = true;
            }
          }
        }
        if (!improved) break;
      }
      opts.onProgress?.(`tune: length bucket ${b} (${evs.length} events): weights ${weights.join(', ')} -> HR ${best.hr.toFixed(4)} MRR ${best.mrr.toFixed(4)}`);
      bucketWeights.push(weights);
      hits += best.hr * evs.length;
      rr += best.mrr * evs.length;
    }
    out.lengthBuckets = [...bounds];
    out.bucketWeights = bucketWeights;
    out.valGlobal = top.val;
    out.val = { hr: hits / ev.n, mrr: rr / ev.n };
    out.evaluations = evaluations;
    opts.onProgress?.(`tune: per length bucket ${bounds.join('/')}: val HR ${out.val.hr.toFixed(4)} MRR ${out.val.mrr.toFixed(4)} (global weights ${top.val.hr.toFixed(4)} / ${top.val.mrr.toFixed(4)})`);
  }
  return out;
}

/**
 * Default blend search space: VSTAN (weight 1) plus reminders, SR variants, AR and the other kNN
 * methods, each weighted from a small grid.
 */
export function defaultBlendCandidates(
  make: (name: string, params?: Record<string, unknown>) => Recommender,
  opts: { gru4rec?: Gru4RecBlendParams | false; repeat?: boolean; log?: (msg: string) => void } = {},
): BlendCandidate[] {
  const g = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1];
  return [
    { label: 'vstan', make: () => make('vstan'), grid: [1] },
    ...(opts.gru4rec ? gru4recCandidates(opts.gru4rec, opts.log) : []),
    { label: 'remind(lambda=1)', make: () => make('remind', { lambda: 1 }), grid: g },
    { label: 'remind(lambda=3,skipLast)', make: () => make('remind', { lambda: 3, skipLast: true }), grid: g },
    { label: 'sr', make: () => make('sr'), grid: g },
    { label: 'sr(steps=2,quadratic)', make: () => make('sr', { steps: 2, weighting: 'quadratic' }), grid: g },
    { label: 'ar', make: () => make('ar'), grid: g },
    { label: 'vsknn', make: () => make('vsknn'), grid: g },
    { label: 'stan', make: () => make('stan'), grid: g },
    { label: 'sknn', make: () => make('sknn'), grid: g },
    ...(!opts.repeat ? [] : [{ label: 'repeat', make: () => make('repeat'), grid: [0, 0.1, 0.2, 0.5, 1, 1.5, 2, 3], norm: 'none' as const }]),
  ];
}

/** GRU4Rec parameters of the blend member; `seeds` (2 or more) averages the logits of one training per seed. */
export interface Gru4RecBlendParams extends CachedGru4RecParams {
  seeds?: number[];
}

/**
 * GRU4Rec as a blend member: one fitted model (fitKey 'gru4rec'), offered under several score
 * normalisations (group 'gru4rec'); the tuner keeps the one that blends best on validation.
 */
export function gru4recCandidates(params: Gru4RecBlendParams = {}, log?: (msg: string) => void): BlendCandidate[] {
  const g = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3];
  const { seeds, ...rest } = params;
  const make = (): Recommender => (seeds && seeds.length > 1 ? new Gru4RecSeedAverage({ ...rest, seeds }, log) : new CachedGru4Rec(seeds?.length ? { ...rest, seed: seeds[0] } : rest, log));
  const norms: { label: string; norm: ScoreNorm; normOptions: NormOptions; grid?: number[] }[] = [
    { label: 'gru4rec(minmax@100)', norm: 'minmax', normOptions: { normDepth: 100 } },
    { label: 'gru4rec(softmax)', norm: 'softmax', normOptions: {} },
    { label: 'gru4rec(softmax,T=2)', norm: 'softmax', normOptions: { temperature: 2 } },
    { label: 'gru4rec(softmax,sum)', norm: 'softmax', normOptions: { softmaxScale: 'sum' }, grid: [0, 0.1, 0.2, 0.5, 1, 2, 3, 5, 8] },
    { label: 'gru4rec(rank,offset=5)', norm: 'rank', normOptions: { normDepth: 100, rankOffset: 5 } },
    { label: 'gru4rec(rank,offset=20)', norm: 'rank', normOptions: { normDepth: 100, rankOffset: 20 } },
  ];
  return norms.map((n) => ({ label: n.label, make, grid: n.grid ?? g, norm: n.norm, normOptions: n.normOptions, fitKey: 'gru4rec', group: 'gru4rec' }));
}

export interface TunedParams {
  /** validation tail in days (default 1) */
  days?: number;
  depth?: number;
  passes?: number;
  /** add GRU4Rec (its parameters; `true` = defaults) as a member; training takes minutes */
  withGru4rec?: boolean | Gru4RecBlendParams;
  /** add the calibrated repeat model (../models/repeat.ts, scores used as they are) as a member (default false: no gain on the YooChoose validation tail) */
  withRepeat?: boolean;
  /** the ensemble's name (artifact label) */
  name?: string;
  /** refine the weights per session-length bucket (upper bounds, e.g. [1, 3]); default none */
  lengthBuckets?: number[];
}

/**
 * A model that, when fitted, tunes an ensemble on the tail of its training data and then fits the
 * chosen ensemble on all of it. Artifacts are those of the chosen ensemble.
 */
export class TunedModel implements Recommender {
  readonly name: string;
  readonly params: TunedParams;
  result: BlendResult | null = null;
  private inner: EnsembleModel | null = null;

  constructor(
    private readonly make: (name: string, params?: Record<string, unknown>) => Recommender,
    params: TunedParams = {},
    private readonly log: (msg: string) => void = () => {},
  ) {
    this.params = params;
    this.name = params.name ?? (params.withGru4rec ? 'blend-gru4rec' : 'tuned');
  }

  async fit(data: SessionDataset): Promise<void> {
    const g = this.params.withGru4rec;
    const cands = defaultBlendCandidates(this.make, { gru4rec: g ? (g === true ? {} : g) : false, repeat: this.params.withRepeat, log: this.log });
    const res = await tuneBlend(cands, data, {
      days: this.params.days ?? 1,
      depth: this.params.depth,
      passes: this.params.passes ?? 3,
      lengthBuckets: this.params.lengthBuckets,
      onProgress: this.log,
    });
    this.result = res;
    const members: EnsembleMember[] = [];
    const bw = res.bucketWeights;
    cands.forEach((c, i) => {
      if (bw ? bw.every((w) => w[i] === 0) : res.weights[i] === 0) return;
      const m: EnsembleMember = { model: c.make(), weight: res.weights[i] };
      if (bw) m.weights = bw.map((w) => w[i]);
      if (c.norm && c.norm !== 'max') {
        m.norm = c.norm;
        m.normOptions = c.normOptions;
      }
      members.push(m);
    });
    const ens = new EnsembleModel(members, this.name, bw ? res.lengthBuckets ?? null : null);
    await ens.fit(data);
    this.inner = ens;
  }

  private get model(): EnsembleModel {
    if (!this.inner) throw new Error('tuned: not fitted');
    return this.inner;
  }

  scoreAll(ctx: RecommendContext) {
    return this.model.scoreAll(ctx);
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    return this.model.recommend(ctx, k, exclude);
  }

  toArtifact(): ModelArtifact {
    return this.model.toArtifact();
  }
}
