/**
 * The per-store training pipeline, pure (no I/O): build data -> split off the store's most
 * recent sessions -> fit the candidates -> validate each with session-rec's protocol ->
 * select the winner (MRR@20, then HR@20) -> refit it on all sessions -> bundle it with
 * bought-together, content similarity and popularity for serving.
 *
 * A store too small to validate (fewer than `minValidationEvents` prediction events) is
 * not given a model chosen on noise: it gets the default kNN model, fitted on everything,
 * and the result says so (`validated: false` and a plain-language note).
 */
import type { Session, SessionDataset, InteractionKind } from './data/types';
import { timeSplit } from './data/split';
import { evaluateSessions, type EvalResult } from './eval/evaluate';
import { createModel } from './models/index';
import type { Recommender } from './models/types';
import { BoughtTogether } from './models/bought-together';
import { ContentSimilarity, type ContentProduct } from './models/content-similarity';
import { ServingBundle, type BundleArtifact } from './serve';
import { WaymarkError } from './errors';
import { compareWithLive, shareUnknown, unseenWindow, type LiveComparison } from './compare-live';

export interface RawInteraction {
  productId: string;
  /** epoch ms */
  ts: number;
  kind: InteractionKind;
}

export interface RawSession {
  id: string;
  events: RawInteraction[];
}

export interface TrainInput {
  sessions: RawSession[];
  /** orders / completed checkouts, as product id lists (incl. backfilled order history) */
  baskets: string[][];
  products: ContentProduct[];
}

export interface TrainOptions {
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
  /** the model used when the store is too small to validate */
  defaultModel?: string;
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
  /**
   * The live (serving) bundle and the time its training data ended (epoch ms): when given
   * and the store validates, both are scored on the validation sessions that began after
   * that time (ml/compare-live.ts), for the champion/challenger decision.
   */
  live?: { bundle: BundleArtifact; trainedThrough: number };
  /** below this many prediction events in the shared window there is no comparison (default 100) */
  minComparisonEvents?: number;
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

export interface TrainResult {
  bundle: BundleArtifact;
  selected: string;
  validated: boolean;
  /** the selected model's validation metrics (null when not validated) */
  metrics: CandidateMetrics | null;
  /** the popularity baseline on the same validation events */
  baseline: CandidateMetrics | null;
  candidates: CandidateMetrics[];
  validationEvents: number;
  stats: { sessions: number; items: number; events: number; baskets: number; products: number };
  note: string;
  /** epoch ms of the latest interaction the bundle was trained on (0 without any) */
  trainedThrough: number;
  /** the live bundle against this model on the same window (null: no live bundle given, or not validated) */
  comparison: LiveComparison | null;
  /** why there is no comparison, when a live bundle was given */
  comparisonNote: string | null;
  /** share of this training's products the live bundle never saw (null without a live bundle) */
  liveNewItemShare: number | null;
}

export const MIN_COMPARISON_EVENTS = 100;

export const DEFAULT_CANDIDATES = ['pop', 'ar', 'sr', 'sknn', 'vsknn', 'stan', 'vstan'];

/**
 * Parameters of the per-store candidates, where they differ from the class defaults
 * (session-rec's tuned values). Those consider up to 10,000 candidate neighbour sessions,
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

export class TrainingCancelledError extends WaymarkError {
  override name = 'TrainingCancelledError';
}

/** Dense dataset from raw sessions: consecutive repeats of a product collapse, sessions < 2 items drop. */
export function buildDataset(raw: readonly RawSession[]): SessionDataset {
  const index = new Map<string, number>();
  const itemIds: string[] = [];
  const sessions: Session[] = [];
  const sorted = [...raw].sort((a, b) => firstTs(a) - firstTs(b));
  for (const s of sorted) {
    const evs = [...s.events].sort((a, b) => a.ts - b.ts);
    const events: Session['events'] = [];
    let last: string | undefined;
    for (const e of evs) {
      if (e.productId === last) continue;
      last = e.productId;
      let i = index.get(e.productId);
      if (i === undefined) {
        i = itemIds.length;
        index.set(e.productId, i);
        itemIds.push(e.productId);
      }
      events.push({ item: i, time: e.ts / 1000, kind: e.kind });
    }
    if (events.length >= 2) sessions.push({ id: s.id, events });
  }
  return { sessions, itemIds };
}

function firstTs(s: RawSession): number {
  let t = Infinity;
  for (const e of s.events) if (e.ts < t) t = e.ts;
  return t;
}

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
 * Shared by the store pipeline and `npm run eval -- --models best`.
 */
export async function validateCandidates(
  data: SessionDataset,
  opts: TrainOptions = {},
): Promise<{
  ranked: CandidateMetrics[];
  baseline: CandidateMetrics | null;
  validationEvents: number;
  /** the training part and the validation sessions the metrics came from */
  train?: SessionDataset;
  validation?: SessionDataset;
}> {
  const candidates = opts.candidates ?? DEFAULT_CANDIDATES;
  const report = opts.onProgress ?? (() => {});
  const split = timeSplit(data, { fraction: opts.validationFraction ?? 0.1 });
  const validation = capValidation(split.test, opts.maxValidationEvents ?? 4000);
  const validationEvents = countPredictions(validation);
  const minEvents = opts.minValidationEvents ?? 200;
  if (validationEvents < minEvents || split.train.sessions.length < 20) {
    return { ranked: [], baseline: null, validationEvents };
  }
  const results: CandidateMetrics[] = [];
  const names = candidates.includes('pop') ? candidates : ['pop', ...candidates];
  for (const [i, name] of names.entries()) {
    if (opts.signal?.aborted) throw new TrainingCancelledError('training cancelled');
    report({ stage: 'validate', fraction: 0.1 + (0.7 * i) / names.length, message: `validating ${name} on ${validationEvents} recent predictions` });
    const model = createModel(name, (opts.modelParams ?? STORE_MODEL_PARAMS)[name]);
    const t0 = performance.now();
    await model.fit(split.train);
    const trainSeconds = (performance.now() - t0) / 1000;
    const r = evaluateSessions(model, split.train, validation, { cutoff: 20 });
    results.push(toMetrics(name, r, trainSeconds));
  }
  const baseline = results.find((r) => r.model === 'pop') ?? null;
  const ranked = results
    .filter((r) => candidates.includes(r.model))
    .sort((a, b) => b.mrr20 - a.mrr20 || b.hr20 - a.hr20);
  return { ranked, baseline, validationEvents, train: split.train, validation };
}

export async function trainStore(input: TrainInput, opts: TrainOptions = {}): Promise<TrainResult> {
  const report = opts.onProgress ?? (() => {});
  report({ stage: 'data', fraction: 0.02, message: `building sessions from ${input.sessions.length} journeys` });
  const data = buildDataset(input.sessions);
  const stats = {
    sessions: data.sessions.length,
    items: data.itemIds.length,
    events: data.sessions.reduce((n, s) => n + s.events.length, 0),
    baskets: input.baskets.length,
    products: input.products.length,
  };

  const { ranked, baseline, validationEvents, train, validation } = await validateCandidates(data, opts);
  const validated = ranked.length > 0;
  const winner = validated ? ranked[0] : null;
  const selected = winner?.model ?? opts.defaultModel ?? 'vsknn';
  let note: string;
  if (!validated) {
    note =
      data.sessions.length === 0
        ? 'No browsing sessions with two or more products yet: recommendations use bought-together, similar products and best sellers until shoppers arrive.'
        : `Only ${validationEvents} recent product-to-product steps to test on (fewer than ${opts.minValidationEvents ?? 200}): too few to compare models fairly, so Waymark uses its default (${selected}) until more data arrives.`;
  } else if (winner && baseline && winner.mrr20 <= baseline.mrr20) {
    note = `No model beat best sellers on this store's recent sessions; serving popularity.`;
  } else {
    note = `${selected} won on this store's ${validationEvents} most recent predictions (MRR@20 ${winner!.mrr20.toFixed(3)} vs best sellers ${baseline?.mrr20.toFixed(3) ?? 'n/a'}).`;
  }

  if (opts.signal?.aborted) throw new TrainingCancelledError('training cancelled');
  report({ stage: 'refit', fraction: 0.85, message: `fitting ${selected} on all ${stats.sessions} sessions` });
  let session: Recommender | null = null;
  if (data.sessions.length > 0) {
    session = createModel(selected, (opts.modelParams ?? STORE_MODEL_PARAMS)[selected]);
    await session.fit(data);
  }

  report({ stage: 'bundle', fraction: 0.93, message: 'bought-together pairs and similar products' });
  const fbt = new BoughtTogether().fit(input.baskets);
  const content = new ContentSimilarity().fit(input.products);
  const popularity = new Map<string, number>();
  for (const s of data.sessions) for (const e of s.events) popularity.set(data.itemIds[e.item], (popularity.get(data.itemIds[e.item]) ?? 0) + 1);
  for (const b of input.baskets) for (const id of b) popularity.set(id, (popularity.get(id) ?? 0) + 3);
  const popular = [...popularity.entries()].sort((a, b) => b[1] - a[1]).slice(0, 500).map(([id]) => id);

  const bundle = new ServingBundle(data.itemIds, session, fbt.size ? fbt : null, content, popular).toArtifact();
  let trainedThrough = 0;
  for (const s of data.sessions) for (const e of s.events) if (e.time * 1000 > trainedThrough) trainedThrough = e.time * 1000;

  let comparison: LiveComparison | null = null;
  let comparisonNote: string | null = null;
  const liveNewItemShare = opts.live ? shareUnknown(data.itemIds, opts.live.bundle.itemIds) : null;
  if (opts.live) {
    const minEvents = opts.minComparisonEvents ?? MIN_COMPARISON_EVENTS;
    const window = validated && validation ? unseenWindow(validation, opts.live.trainedThrough) : null;
    const windowEvents = window ? countPredictions(window) : 0;
    if (!validated || !train || !window) {
      comparisonNote = 'the new model could not be validated, so it cannot be compared with the live one';
    } else if (windowEvents < minEvents) {
      comparisonNote = `only ${windowEvents} recent product-to-product steps came after the live model's training data (fewer than ${minEvents}): too few to compare them fairly`;
    } else {
      report({ stage: 'bundle', fraction: 0.97, message: `scoring the live model and ${selected} on ${windowEvents} recent predictions` });
      const challenger = createModel(selected, (opts.modelParams ?? STORE_MODEL_PARAMS)[selected]);
      await challenger.fit(train);
      comparison = await compareWithLive({ train, window, challenger, live: opts.live.bundle, allItemIds: data.itemIds });
    }
  }
  report({ stage: 'bundle', fraction: 1, message: 'done' });
  return {
    bundle,
    selected,
    validated,
    metrics: winner,
    baseline,
    candidates: ranked,
    validationEvents,
    stats,
    note,
    trainedThrough,
    comparison,
    comparisonNote,
    liveNewItemShare,
  };
}
