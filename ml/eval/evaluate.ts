/**
 * session-rec's `evaluate_sessions` protocol: for every test session and every position i >= 1,
 * the model gets the items 0..i-1 (and the time of event i, the target) and scores ALL training
 * items; the target's rank among them gives HR@K / MRR@K / NDCG@K, micro-averaged over events.
 */
import type { SessionDataset } from '../data/session-dataset';
import type { Recommender } from '../models/recommender';
import { ListMetrics, RankMetrics, quantile, type MetricSummary, type TieMode } from './metrics';
import { topPositiveIndices } from '../models/top-k';

export interface EvalOptions {
  cutoff?: number;
  ties?: TieMode;
  /** keep the per-event ranks (for debugging against session-rec's *.ranks.csv) */
  collectRanks?: boolean;
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
  /** also time `recommend(ctx, cutoff)` on every n-th event (0 = never) */
  timeRecommendEvery?: number;
  /** leave the session's own items out of every ranking, as the storefront's model source does (./served-task.ts) */
  excludeSession?: boolean;
}

export interface EventRanks {
  stable: Int32Array;
  pessimistic: Int32Array;
  optimistic: Int32Array;
  /** test session index and 0-based position of the input item, per event */
  session: Int32Array;
  position: Int32Array;
}

export interface EvalResult {
  model: string;
  n: number;
  cutoff: number;
  ties: TieMode;
  hr: number;
  mrr: number;
  ndcg: number;
  byTieMode: Record<TieMode, MetricSummary>;
  /** share of training items that appear in some top-K list (items with score > 0 only) */
  coverage: number;
  /** mean normalized training popularity of the recommended items */
  popularityBias: number;
  /** wall time of scoreAll + ranking per event, ms */
  predictMsP50: number;
  predictMsP99: number;
  predictMsMean: number;
  recommendMsP50?: number;
  recommendMsP99?: number;
  ranks?: EventRanks;
}

export function countPredictionEvents(test: SessionDataset): number {
  let n = 0;
  for (const s of test.sessions) if (s.events.length > 1) n += s.events.length - 1;
  return n;
}

/**
 * Which events are predicted, in which order: [test session index, 0-based position of the last
 * input item] pairs; `beforePredict` runs before each prediction with the target's time (the
 * streaming protocol grows the neighbor pool there, see streaming.ts).
 */
export interface PredictionPlan {
  events: Iterable<readonly [number, number]>;
  beforePredict?: (targetTime: number) => void;
}

/** Every event after the first of every test session, session by session (session-rec's order). */
export function* sessionOrder(test: SessionDataset): Generator<readonly [number, number]> {
  for (let si = 0; si < test.sessions.length; si++) {
    const n = test.sessions[si].events.length;
    for (let i = 0; i + 1 < n; i++) yield [si, i];
  }
}

export function evaluateSessions(model: Recommender, train: SessionDataset, test: SessionDataset, opts: EvalOptions = {}, plan?: PredictionPlan): EvalResult {
  const cutoff = opts.cutoff ?? 20;
  const ties = opts.ties ?? 'stable';
  const nItems = train.itemIds.length;
  const total = countPredictionEvents(test);
  const pop = new Float64Array(nItems);
  for (const s of train.sessions) for (const e of s.events) pop[e.item] += 1;

  const metrics: Record<TieMode, RankMetrics> = {
    stable: new RankMetrics(cutoff),
    pessimistic: new RankMetrics(cutoff),
    optimistic: new RankMetrics(cutoff),
  };
  const lists = new ListMetrics(pop);
  const times = new Float64Array(total);
  const recTimes: number[] = [];
  const ranks: EventRanks | undefined = opts.collectRanks
    ? {
        stable: new Int32Array(total),
        pessimistic: new Int32Array(total),
        optimistic: new Int32Array(total),
        session: new Int32Array(total),
        position: new Int32Array(total),
      }
    : undefined;
  const every = opts.progressEvery ?? 1000;
  const recEvery = opts.timeRecommendEvery ?? 0;
  let done = 0;
  for (const [si, i] of plan?.events ?? sessionOrder(test)) {
    const ev = test.sessions[si].events;
    const prefix: number[] = new Array<number>(i + 1);
    for (let j = 0; j <= i; j++) prefix[j] = ev[j].item;
    const target = ev[i + 1].item;
    const ctx = { items: prefix, time: ev[i + 1].time };
    plan?.beforePredict?.(ctx.time);
    const t0 = performance.now();
    const scores = model.scoreAll(ctx);
    const skip = opts.excludeSession ? new Set(prefix) : null;
    const r = ranksByTieMode(scores, target, skip);
    times[done] = performance.now() - t0;
    metrics.stable.add(r.stable);
    metrics.pessimistic.add(r.pessimistic);
    metrics.optimistic.add(r.optimistic);
    const top = topPositiveIndices(scores, skip ? cutoff + skip.size : cutoff);
    lists.add(skip ? top.filter((j) => !skip.has(j)).slice(0, cutoff) : top);
    if (ranks) {
      ranks.stable[done] = r.stable;
      ranks.pessimistic[done] = r.pessimistic;
      ranks.optimistic[done] = r.optimistic;
      ranks.session[done] = si;
      ranks.position[done] = i;
    }
    if (recEvery > 0 && done % recEvery === 0) {
      const r0 = performance.now();
      model.recommend(ctx, cutoff);
      recTimes.push(performance.now() - r0);
    }
    done++;
    if (opts.onProgress && done % every === 0) opts.onProgress(done, total);
  }
  if (opts.onProgress && done % every !== 0) opts.onProgress(done, total);
  const sorted = Float64Array.from(times.subarray(0, done)).sort();
  let sum = 0;
  for (let j = 0; j < done; j++) sum += sorted[j];
  const byTieMode = {
    stable: metrics.stable.result(),
    pessimistic: metrics.pessimistic.result(),
    optimistic: metrics.optimistic.result(),
  };
  const main = byTieMode[ties];
  const recSorted = Float64Array.from(recTimes).sort();
  return {
    model: model.name,
    n: done,
    cutoff,
    ties,
    hr: main.hr,
    mrr: main.mrr,
    ndcg: main.ndcg,
    byTieMode,
    coverage: lists.coverage(),
    popularityBias: lists.popularityBias(),
    predictMsP50: quantile(sorted, 0.5),
    predictMsP99: quantile(sorted, 0.99),
    predictMsMean: done ? sum / done : 0,
    ...(recTimes.length ? { recommendMsP50: quantile(recSorted, 0.5), recommendMsP99: quantile(recSorted, 0.99) } : {}),
    ...(ranks ? { ranks } : {}),
  };
}

/**
 * The target's rank among all items but those in `skip` under the three tie rules (NaN scores count as 0);
 * a target in `skip` cannot be shown: its rank is past every list.
 */
function ranksByTieMode(scores: ArrayLike<number>, target: number, skip: ReadonlySet<number> | null): Record<TieMode, number> {
  if (skip?.has(target)) return { stable: scores.length + 1, pessimistic: scores.length + 1, optimistic: scores.length + 1 };
  let t = scores[target];
  if (t !== t) t = 0;
  let greater = 0;
  let eqBefore = 0;
  let eqAfter = 0;
  for (let j = 0; j < scores.length; j++) {
    if (skip?.has(j)) continue;
    let s = scores[j];
    if (s !== s) s = 0;
    if (s > t) greater++;
    else if (s === t && j !== target) {
      if (j < target) eqBefore++;
      else eqAfter++;
    }
  }
  return { stable: greater + eqBefore + 1, pessimistic: greater + eqBefore + eqAfter + 1, optimistic: greater + 1 };
}

export interface FitEvalResult extends EvalResult {
  trainSeconds: number;
}

/** Fit (timed) then evaluate. */
export async function fitAndEvaluate(model: Recommender, train: SessionDataset, test: SessionDataset, opts: EvalOptions = {}): Promise<FitEvalResult> {
  const t0 = performance.now();
  await model.fit(train);
  const trainSeconds = (performance.now() - t0) / 1000;
  return { ...evaluateSessions(model, train, test, opts), trainSeconds };
}
