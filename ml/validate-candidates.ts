/**
 * Model selection on a store's own recent sessions: the most recent share of the sessions (capped) is held
 * out, every candidate is fitted on the rest and scored there with session-rec's protocol, and the candidates
 * are ranked by MRR@20, then HR@20. Popularity is always scored too, as the baseline. Pure.
 */
import type { Session, SessionDataset } from './data/session-dataset';
import { timeSplit } from './data/split';
import { evaluateSessions, type EvalResult } from './eval/evaluate';
import type { Recommender } from './models/recommender';
import { TrainingCancelledError } from './errors';

export interface CandidateValidationOptions {
  /** candidate model names (registry names); default DEFAULT_CANDIDATES */
  candidates?: string[];
  /** parameters per candidate name; default STORE_MODEL_PARAMS */
  modelParams?: Readonly<Record<string, Record<string, unknown>>>;
  /** share of the most recent sessions held out for validation */
  validationFraction?: number;
  /** validation is capped at this many prediction events (the most recent sessions) */
  maxValidationEvents?: number;
  /** below this many validation prediction events the store is "too small to validate" */
  minValidationEvents?: number;
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
}

export interface TrainProgress {
  stage: 'data' | 'fit' | 'validate' | 'select' | 'refit' | 'bundle';
  /** 0..1 overall */
  fraction: number;
  message: string;
}

export interface CandidateMetrics {
  model: string;
  hr20: number;
  mrr20: number;
  ndcg20: number;
  coverage: number;
  popularityBias: number;
  trainSeconds: number;
  predictMsP50: number;
  predictMsP99: number;
}

/** A candidate that threw while fitting or scoring (a diverging loss, say): left out, with the reason. */
export interface CandidateFailure {
  model: string;
  reason: string;
}

export const DEFAULT_CANDIDATES = ['pop', 'ar', 'sr', 'sknn', 'vsknn', 'stan', 'vstan', 'blend-neural'];

/**
 * Parameters of the per-store candidates, where they differ from the class defaults
 * (session-rec's tuned values). Those consider up to 10,000 candidate neighbor sessions,
 * which on a store with 100k sessions costs about 1 ms per recommendation (docs/BENCHMARKS.md
 * § models). The 1,000 most recent ones gave identical HR@20 and MRR@20 for all four kNN
 * models on the YooChoose reference split, and keep serving well under 1 ms.
 */
export const STORE_MODEL_PARAMS: Readonly<Record<string, Record<string, unknown>>> = {
  sknn: { sampleSize: 1000 },
  vsknn: { sampleSize: 1000 },
  stan: { sampleSize: 1000 },
  vstan: { sampleSize: 1000, k: 500 },
};

function toMetrics(model: string, r: EvalResult, trainSeconds: number): CandidateMetrics {
  return {
    model,
    hr20: r.hr,
    mrr20: r.mrr,
    ndcg20: r.ndcg,
    coverage: r.coverage,
    popularityBias: r.popularityBias,
    trainSeconds,
    predictMsP50: r.predictMsP50,
    predictMsP99: r.predictMsP99,
  };
}

/** Keeps the most recent validation sessions up to `maxEvents` prediction events. */
function capValidation(test: SessionDataset, maxEvents: number): SessionDataset {
  const byEnd = [...test.sessions].sort((a, b) => b.events[b.events.length - 1].time - a.events[a.events.length - 1].time);
  const kept: Session[] = [];
  let n = 0;
  for (const s of byEnd) {
    if (n >= maxEvents) break;
    kept.push(s);
    n += s.events.length - 1;
  }
  return { sessions: kept.reverse(), itemIds: test.itemIds };
}

export function countPredictions(d: SessionDataset): number {
  let n = 0;
  for (const s of d.sessions) n += Math.max(0, s.events.length - 1);
  return n;
}

/**
 * Validates candidates on the most recent part of `data`; returns their metrics, best first.
 * Shared by the store pipeline (./train.ts) and the "best" model. `create` builds a candidate by name.
 */
export async function validateCandidates(
  data: SessionDataset,
  opts: CandidateValidationOptions,
  create: (name: string, params?: Record<string, unknown>) => Recommender,
): Promise<{
  ranked: CandidateMetrics[];
  baseline: CandidateMetrics | null;
  validationEvents: number;
  /** the training part and the validation sessions the metrics came from */
  train?: SessionDataset;
  validation?: SessionDataset;
  /** the winner as fitted on the training part (its refitOn, when it has one, keeps its choices) */
  winnerModel?: Recommender;
  failures: CandidateFailure[];
}> {
  const candidates = opts.candidates ?? DEFAULT_CANDIDATES;
  const report = opts.onProgress ?? (() => {});
  const split = timeSplit(data, { fraction: opts.validationFraction ?? 0.1 });
  const validation = capValidation(split.test, opts.maxValidationEvents ?? 4000);
  const validationEvents = countPredictions(validation);
  const minEvents = opts.minValidationEvents ?? 200;
  if (validationEvents < minEvents || split.train.sessions.length < 20) {
    return { ranked: [], baseline: null, validationEvents, failures: [] };
  }
  const results: CandidateMetrics[] = [];
  // only the best fitted candidate so far is kept (the refit and the live comparison reuse it), not all of them
  let best: { metrics: CandidateMetrics; model: Recommender } | null = null;
  const failures: CandidateFailure[] = [];
  const names = candidates.includes('pop') ? candidates : ['pop', ...candidates];
  for (const [i, name] of names.entries()) {
    if (opts.signal?.aborted) throw new TrainingCancelledError('training cancelled');
    report({ stage: 'validate', fraction: 0.1 + (0.7 * i) / names.length, message: `validating ${name} on ${validationEvents} recent predictions` });
    const model = create(name, (opts.modelParams ?? STORE_MODEL_PARAMS)[name]);
    const t0 = performance.now();
    try {
      await model.fit(split.train);
      const trainSeconds = (performance.now() - t0) / 1000;
      // scored as served: the model source never shows the session's own products (eval/served-task.ts)
      const r = evaluateSessions(model, split.train, validation, { cutoff: 20, excludeSession: true });
      if (!Number.isFinite(r.mrr) || !Number.isFinite(r.hr)) throw new Error(`its validation figures are not numbers (MRR ${r.mrr})`);
      const metrics = toMetrics(name, r, trainSeconds);
      results.push(metrics);
      if (candidates.includes(name) && (!best || byQuality(metrics, best.metrics) < 0)) best = { metrics, model };
    } catch (err) {
      if (err instanceof TrainingCancelledError || opts.signal?.aborted) throw err;
      failures.push({ model: name, reason: err instanceof Error ? err.message : String(err) });
      report({ stage: 'validate', fraction: 0.1 + (0.7 * (i + 1)) / names.length, message: `${name} failed and is left out: ${failures[failures.length - 1].reason}` });
    }
  }
  const baseline = results.find((r) => r.model === 'pop') ?? null;
  const ranked = results
    .filter((r) => candidates.includes(r.model))
    .sort(byQuality);
  return { ranked, baseline, validationEvents, train: split.train, validation, winnerModel: best?.model, failures };
}

/** Better first: higher MRR@20, then higher HR@20 (equal ones keep their order). */
function byQuality(a: CandidateMetrics, b: CandidateMetrics): number {
  return b.mrr20 - a.mrr20 || b.hr20 - a.hr20;
}
