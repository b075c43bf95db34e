/**
 * Tuning and per-store model selection on the TAIL OF THE TRAINING DATA ONLY (never on test):
 * the last `days` days of the training sessions (session-rec's validation rule) become a
 * validation set, candidate models are fitted on the rest and compared there, and the winner is
 * refitted on the whole training data.
 *
 * - `gridSearch`: parameter grid for one model, scored on the validation tail;
 * - `tuneBlend`: weights of an ensemble (VSTAN + reminders + SR + AR + other kNN) by coordinate ascent
 *   on the validation tail, using each member's top lists (computed once);
 * - `TunedModel` (registry name `tuned`): does `tuneBlend` inside `fit`, so `npm run eval -- --models tuned`
 *   reports honest test numbers.
 */
import type { SessionDataset } from '../data/types';
import { timeSplit, type SplitOptions } from '../data/split';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from '../models/types';
import { EnsembleModel, type EnsembleMember } from '../models/ensemble';
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

export function collectLists(model: Recommender, ev: ValidationEvents, depth = 100): EventLists {
  const items = new Int32Array(ev.n * depth).fill(-1);
  const scores = new Float32Array(ev.n * depth);
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
export function blendMetrics(lists: EventLists[], weights: number[], ev: ValidationEvents, cutoff = 20): { hr: number; mrr: number } {
  const acc = new Float64Array(ev.nItems);
  const touched = new Int32Array(lists.reduce((a, l) => a + l.depth, 0));
  let hits = 0;
  let rr = 0;
  for (let e = 0; e < ev.n; e++) {
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
  return { hr: hits / ev.n, mrr: rr / ev.n };
}

export interface BlendCandidate {
  /** a label for reports, e.g. "sr" or "remind(lambda=1)" */
  label: string;
  make: ModelMaker;
  /** weights to try; the first member is usually fixed at [1] */
  grid: number[];
}

export interface BlendResult {
  labels: string[];
  weights: number[];
  val: { hr: number; mrr: number };
  /** validation metrics of the first member alone (the reference) */
  baseline: { hr: number; mrr: number };
  evaluations: number;
}

/**
 * Coordinate ascent over member weights on the validation tail: maximise MRR@K subject to HR@K not
 * below the first member's own HR@K (minus `hrSlack`).
 */
export async function tuneBlend(
  candidates: BlendCandidate[],
  train: SessionDataset,
  opts: ValidationOptions & { depth?: number; passes?: number; hrSlack?: number; onProgress?: (msg: string) => void } = {},
): Promise<BlendResult> {
  const cutoff = opts.cutoff ?? 20;
  const sp = validationSplit(train, opts);
  const ev = validationEvents(sp.test, sp.train.itemIds.length);
  const lists: EventLists[] = [];
  for (const c of candidates) {
    const m = c.make();
    await m.fit(sp.train);
    lists.push(collectLists(m, ev, opts.depth ?? 100));
    opts.onProgress?.(`tune: collected ${c.label} on ${ev.n} validation events`);
  }
  const weights = candidates.map((c) => c.grid[0]);
  const baseW = candidates.map((_, i) => (i === 0 ? 1 : 0));
  const baseline = blendMetrics(lists, baseW, ev, cutoff);
  const floor = baseline.hr - (opts.hrSlack ?? 0);
  let best = blendMetrics(lists, weights, ev, cutoff);
  let bestOk = best.hr >= floor;
  let evaluations = 1;
  for (let pass = 0; pass < (opts.passes ?? 2); pass++) {
    let improved = false;
    for (let m = 0; m < candidates.length; m++) {
      for (const w of candidates[m].grid) {
        if (w === weights[m]) continue;
        const trial = weights.slice();
        trial[m] = w;
        const r = blendMetrics(lists, trial, ev, cutoff);
        evaluations++;
        const ok = r.hr >= floor;
        if ((ok && (!bestOk || r.mrr > best.mrr)) || (!bestOk && !ok && r.hr > best.hr)) {
          best = r;
          bestOk = ok;
          weights[m] = w;
          improved = true;
        }
      }
    }
    opts.onProgress?.(`tune: pass ${pass + 1}: weights ${weights.join(', ')} -> val HR ${best.hr.toFixed(4)} MRR ${best.mrr.toFixed(4)}`);
    if (!improved) break;
  }
  return { labels: candidates.map((c) => c.label), weights, val: best, baseline, evaluations };
}

/**
 * Default blend search space: VSTAN (weight 1) plus reminders, SR variants, AR and the other kNN
 * methods, each weighted from a small grid.
 */
export function defaultBlendCandidates(make: (name: string, params?: Record<string, unknown>) => Recommender): BlendCandidate[] {
  const g = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1];
  return [
    { label: 'vstan', make: () => make('vstan'), grid: [1] },
    { label: 'remind(lambda=1)', make: () => make('remind', { lambda: 1 }), grid: g },
    { label: 'remind(lambda=3,skipLast)', make: () => make('remind', { lambda: 3, skipLast: true }), grid: g },
    { label: 'sr', make: () => make('sr'), grid: g },
    { label: 'sr(steps=2,quadratic)', make: () => make('sr', { steps: 2, weighting: 'quadratic' }), grid: g },
    { label: 'ar', make: () => make('ar'), grid: g },
    { label: 'vsknn', make: () => make('vsknn'), grid: g },
    { label: 'stan', make: () => make('stan'), grid: g },
    { label: 'sknn', make: () => make('sknn'), grid: g },
  ];
}

export interface TunedParams {
  /** validation tail in days (default 1) */
  days?: number;
  depth?: number;
  passes?: number;
}

/**
 * A model that, when fitted, tunes an ensemble on the tail of its training data and then fits the
 * chosen ensemble on all of it. Artifacts are those of the chosen ensemble.
 */
export class TunedModel implements Recommender {
  readonly name = 'tuned';
  readonly params: TunedParams;
  result: BlendResult | null = null;
  private inner: EnsembleModel | null = null;

  constructor(
    private readonly make: (name: string, params?: Record<string, unknown>) => Recommender,
    params: TunedParams = {},
    private readonly log: (msg: string) => void = () => {},
  ) {
    this.params = params;
  }

  async fit(data: SessionDataset): Promise<void> {
    const cands = defaultBlendCandidates(this.make);
    const res = await tuneBlend(cands, data, { days: this.params.days ?? 1, depth: this.params.depth, passes: this.params.passes ?? 3, onProgress: this.log });
    this.result = res;
    const members: EnsembleMember[] = [];
    cands.forEach((c, i) => {
      if (res.weights[i] !== 0) members.push({ model: c.make(), weight: res.weights[i] });
    });
    const ens = new EnsembleModel(members, 'tuned');
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
