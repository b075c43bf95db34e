/**
 * Blend weights tuned on the TAIL OF THE TRAINING DATA ONLY (never on test): coordinate ascent over the
 * members' weights on the validation tail, using each member's top lists (computed once). Members may carry a
 * score normalization; alternative normalizations of one model form a `group` (at most one of them is used)
 * and the tuner picks the group member, i.e. the normalization, on validation too; with `lengthBuckets` the
 * chosen weights are then refined per session-length bucket (each bucket's events on their own).
 */
import type { SessionDataset } from '../data/session-dataset';
import type { Recommender } from '../models/recommender';
import type { NormOptions, ScoreNorm } from '../models/score-norm';
import { blendMetrics, collectLists, lengthBucket, type EventLists } from './blend-lists';
import { validationEvents, validationSplit, type ValidationEvents, type ValidationOptions } from './validation-tail';

export interface BlendCandidate {
  /** a label for reports, e.g. "sr" or "remind(lambda=1)" */
  label: string;
  make: () => Recommender;
  /** weights to try; the first member is usually fixed at [1] */
  grid: number[];
  /** per-request score normalization in the ensemble (default 'max') */
  norm?: ScoreNorm;
  normOptions?: NormOptions;
  /** candidates with the same fitKey share one fitted model (e.g. normalization variants of one model) */
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

export interface TuneBlendOptions extends ValidationOptions {
  depth?: number;
  passes?: number;
  hrSlack?: number;
  /** refine the weights per session-length bucket (upper bounds, e.g. [1, 3]: 1 item, 2-3, 4+) */
  lengthBuckets?: number[];
  /** tune for the served task: each event's session items are left out of every list (./served-task.ts) */
  excludeSession?: boolean;
  onProgress?: (msg: string) => void;
}

type Metrics = { hr: number; mrr: number };
type Better = (r: Metrics, best: Metrics) => boolean;

/** The members' lists on the validation events, every model fitted on the rest of the training data. */
interface BlendSetup {
  candidates: BlendCandidate[];
  lists: EventLists[];
  ev: ValidationEvents;
  cutoff: number;
}

/**
 * Coordinate ascent over member weights on the validation tail: maximize MRR@K subject to HR@K not
 * below the first member's own HR@K (minus `hrSlack`).
 */
export async function tuneBlend(candidates: BlendCandidate[], train: SessionDataset, opts: TuneBlendOptions = {}): Promise<BlendResult> {
  const setup = await collectMemberLists(candidates, train, opts);
  const { lists, ev, cutoff } = setup;
  const alone = candidates.map((c, i) => {
    const r = blendMetrics(lists, candidates.map((_, j) => (j === i ? 1 : 0)), ev, cutoff);
    return { label: c.label, hr: r.hr, mrr: r.mrr };
  });
  const baseW = firstMemberOnly(candidates);
  const baseline = blendMetrics(lists, baseW, ev, cutoff);
  const better = mrrAboveHrFloor(baseline.hr - (opts.hrSlack ?? 0));
  const { variants, evaluations } = tuneGroupChoices(setup, better, opts);
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
  if (bounds && bounds.length > 0) refineByLength(setup, out, top, bounds, opts);
  return out;
}

async function collectMemberLists(candidates: BlendCandidate[], train: SessionDataset, opts: TuneBlendOptions): Promise<BlendSetup> {
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
    lists.push(collectLists(m, ev, opts.depth ?? 100, c.norm, c.normOptions, opts.excludeSession));
    opts.onProgress?.(`tune: collected ${c.label} on ${ev.n} validation events`);
  }
  return { candidates, lists, ev, cutoff };
}

function firstMemberOnly(candidates: BlendCandidate[]): number[] {
  return candidates.map((_, i) => (i === 0 ? 1 : 0));
}

/** Better = higher MRR while HR stays at or above `floor`; below the floor, higher HR. */
function mrrAboveHrFloor(floor: number): Better {
  return (r, best) => {
    const ok = r.hr >= floor;
    const bestOk = best.hr >= floor;
    return (ok && (!bestOk || r.mrr > best.mrr)) || (!bestOk && !ok && r.hr > best.hr);
  };
}

/** One weight vector per combination of one candidate per group (a single one without groups). */
function tuneGroupChoices(setup: BlendSetup, better: Better, opts: TuneBlendOptions): { variants: BlendVariant[]; evaluations: number } {
  const { candidates, lists, ev, cutoff } = setup;
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
    const start = blendMetrics(lists, weights, ev, cutoff);
    evaluations++;
    const tag = choice.length ? ` [${choice.map((i) => candidates[i].label).join(', ')}]` : '';
    const r = coordinateAscent(setup, { active, weights, from: 0, passes: opts.passes ?? 2, better, start }, (pass, best) =>
      opts.onProgress?.(`tune${tag}: pass ${pass + 1}: weights ${weights.join(', ')} -> val HR ${best.hr.toFixed(4)} MRR ${best.mrr.toFixed(4)}`),
    );
    evaluations += r.evaluations;
    variants.push({ choice: choice.map((i) => candidates[i].label).join(', '), choiceIdx: choice, weights, val: r.best });
  }
  return { variants, evaluations };
}

interface Ascent {
  active: boolean[];
  /** changed in place */
  weights: number[];
  /** the first member whose weight may change */
  from: number;
  passes: number;
  better: Better;
  start: Metrics;
  /** only these events (default all) */
  subset?: Int32Array;
}

/** Tries every grid weight of every active member in turn, keeping improvements, until a pass changes nothing. */
function coordinateAscent(setup: BlendSetup, a: Ascent, onPass?: (pass: number, best: Metrics) => void): { best: Metrics; evaluations: number } {
  const { candidates, lists, ev, cutoff } = setup;
  const { active, weights } = a;
  let best = a.start;
  let evaluations = 0;
  for (let pass = 0; pass < a.passes; pass++) {
    let improved = false;
    for (let m = a.from; m < candidates.length; m++) {
      if (!active[m]) continue;
      for (const w of candidates[m].grid) {
        if (w === weights[m]) continue;
        const trial = weights.slice();
        trial[m] = w;
        const r = blendMetrics(lists, trial, ev, cutoff, a.subset);
        evaluations++;
        if (a.better(r, best)) {
          best = r;
          weights[m] = w;
          improved = true;
        }
      }
    }
    onPass?.(pass, best);
    if (!improved) break;
  }
  return { best, evaluations };
}

/**
 * The buckets' events are disjoint and the metrics are means, so each bucket is tuned on its own, from the
 * global weights, over the members the global variant uses (same HR floor rule, per bucket).
 */
function refineByLength(setup: BlendSetup, out: BlendResult, top: BlendVariant, bounds: number[], opts: TuneBlendOptions): void {
  const { candidates, lists, ev, cutoff } = setup;
  const byBucket: number[][] = Array.from({ length: bounds.length + 1 }, () => []);
  for (let e = 0; e < ev.n; e++) byBucket[lengthBucket(ev.contexts[e].items.length, bounds)].push(e);
  const chosen = new Set(top.choiceIdx ?? []);
  const active = candidates.map((c, i) => c.group === undefined || chosen.has(i));
  const baseW = firstMemberOnly(candidates);
  const bucketWeights: number[][] = [];
  let hits = 0;
  let rr = 0;
  for (const [b, evs] of byBucket.entries()) {
    const weights = top.weights.slice();
    if (evs.length === 0) {
      bucketWeights.push(weights);
      continue;
    }
    const subset = Int32Array.from(evs);
    const better = mrrAboveHrFloor(blendMetrics(lists, baseW, ev, cutoff, subset).hr - (opts.hrSlack ?? 0));
    const start = blendMetrics(lists, weights, ev, cutoff, subset);
    const { best, evaluations } = coordinateAscent(setup, { active, weights, from: 1, passes: opts.passes ?? 2, better, start, subset });
    out.evaluations += evaluations;
    opts.onProgress?.(`tune: length bucket ${b} (${evs.length} events): weights ${weights.join(', ')} -> HR ${best.hr.toFixed(4)} MRR ${best.mrr.toFixed(4)}`);
    bucketWeights.push(weights);
    hits += best.hr * evs.length;
    rr += best.mrr * evs.length;
  }
  out.lengthBuckets = [...bounds];
  out.bucketWeights = bucketWeights;
  out.valGlobal = top.val;
  out.val = { hr: hits / ev.n, mrr: rr / ev.n };
  opts.onProgress?.(`tune: per length bucket ${bounds.join('/')}: val HR ${out.val.hr.toFixed(4)} MRR ${out.val.mrr.toFixed(4)} (global weights ${top.val.hr.toFixed(4)} / ${top.val.mrr.toFixed(4)})`);
}
