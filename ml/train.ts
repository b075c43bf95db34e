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
import type { Session, SessionDataset, InteractionKind } from './data/session-dataset';
import { createModel } from './models/registry';
import type { Recommender } from './models/recommender';
import type { ModelServices } from './models/services';
import { BoughtTogether } from './models/bought-together';
import { ContentSimilarity, type ContentProduct } from './models/content-similarity';
import { ServingBundle, type BundleArtifact } from './serve';
import { TrainingCancelledError } from './errors';
import { compareWithLive, shareUnknown, unseenWindow, type LiveComparison } from './compare-live';
import { countPredictions, STORE_MODEL_PARAMS, validateCandidates, type CandidateFailure, type CandidateMetrics, type CandidateValidationOptions } from './validate-candidates';

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

export interface TrainOptions extends CandidateValidationOptions {
  /** the model used when the store is too small to validate */
  defaultModel?: string;
  /** logging, caches and the TensorFlow.js backend for the models (see ./models/services.ts) */
  services?: ModelServices;
  /**
   * The live (serving) bundle and the time its training data ended (epoch ms): when given
   * and the store validates, both are scored on the validation sessions that began after
   * that time (ml/compare-live.ts), for the champion/challenger decision.
   */
  live?: { bundle: BundleArtifact; trainedThrough: number };
  /** below this many prediction events in the shared window there is no comparison (default 100) */
  minComparisonEvents?: number;
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
  /** candidates whose training or scoring failed (e.g. a diverging neural model), left out of the comparison */
  failedCandidates: CandidateFailure[];
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

export async function trainStore(input: TrainInput, opts: TrainOptions = {}): Promise<TrainResult> {
  const report = opts.onProgress ?? (() => {});
  const create = (name: string, params?: Record<string, unknown>) => createModel(name, params, opts.services);
  report({ stage: 'data', fraction: 0.02, message: `building sessions from ${input.sessions.length} journeys` });
  const data = buildDataset(input.sessions);
  const stats = {
    sessions: data.sessions.length,
    items: data.itemIds.length,
    events: data.sessions.reduce((n, s) => n + s.events.length, 0),
    baskets: input.baskets.length,
    products: input.products.length,
  };

  const { ranked, baseline, validationEvents, train, validation, winnerModel, failures } = await validateCandidates(data, opts, create);
  const validated = ranked.length > 0;
  let winner = validated ? ranked[0] : null;
  let selected = winner?.model ?? opts.defaultModel ?? 'vsknn';
  let refitError = '';
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
  if (failures.length) note += ` ${failures.map((f) => `${f.model} could not be trained (${f.reason}) and was left out.`).join(' ')}`;

  if (opts.signal?.aborted) throw new TrainingCancelledError('training cancelled');
  report({ stage: 'refit', fraction: 0.85, message: `fitting ${selected} on all ${stats.sessions} sessions` });
  let session: Recommender | null = null;
  if (data.sessions.length > 0) {
    // a winner that chose something on the training part (a blend's weights) keeps those choices; one
    // that fails on all sessions (a diverging loss) gives way to the next candidate in the ranking
    const order = validated ? ranked.map((c) => c.model) : [selected];
    for (const [i, name] of order.entries()) {
      try {
        if (i === 0 && winnerModel?.refitOn) session = await winnerModel.refitOn(data);
        else {
          session = create(name, (opts.modelParams ?? STORE_MODEL_PARAMS)[name]);
          await session.fit(data);
        }
        if (i > 0) {
          note += ` ${order[0]} could not be refitted on all sessions (${refitError}), so ${name}, next in the ranking, serves.`;
          selected = name;
          winner = ranked[i];
        }
        break;
      } catch (err) {
        if (err instanceof TrainingCancelledError || opts.signal?.aborted || i === order.length - 1) throw err;
        if (i === 0) refitError = err instanceof Error ? err.message : String(err);
        session = null;
      }
    }
  }

  report({ stage: 'bundle', fraction: 0.93, message: 'bought-together pairs and similar products' });
  const fbt = new BoughtTogether().fit(input.baskets);
  // Text blended with co-view behavior from the same sessions the session model learns from.
  const content = new ContentSimilarity().fit(input.products, data.sessions.map((s) => s.events.map((e) => data.itemIds[e.item])));
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
      // the winner as validation fitted it, on the same training part (no second fit)
      let challenger = selected === ranked[0]?.model ? winnerModel : undefined;
      if (!challenger) {
        challenger = create(selected, (opts.modelParams ?? STORE_MODEL_PARAMS)[selected]);
        await challenger.fit(train);
      }
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
    failedCandidates: failures,
    validationEvents,
    stats,
    note,
    trainedThrough,
    comparison,
    comparisonNote,
    liveNewItemShare,
  };
}
