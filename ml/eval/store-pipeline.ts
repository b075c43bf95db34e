/**
 * The production per-store pipeline, evaluated offline: the training sessions go through trainStore
 * (../train.ts) exactly as a shop's journeys do (candidates, parameters, validation, winner refit,
 * bundle), the bundle makes the same round trip as a saved model version (encode, decode, restore),
 * and its session model is scored on the test sessions with session-rec's protocol (./evaluate.ts).
 * Under the streaming protocol (./streaming.ts) the test sessions join the bundle's pool the way
 * production adds fresh journeys (ServingBundle.addLateSessions, app/recs/fresh-journeys.ts).
 */
import type { SessionDataset } from '../data/session-dataset';
import { trainStore, type RawSession, type TrainOptions, type TrainResult } from '../train';
import { decodeBundle, encodeBundle, ServingBundle, type LateSession } from '../serve';
import { evaluateSessions, type EvalOptions, type EvalResult } from './evaluate';
import { growingPoolPlan, type StreamingResult } from './streaming';
import { BundleSessionScorer } from './bundle-scorer';

export interface StoreEvalResult {
  /** trainStore's result without the bundle: the selected model, every candidate's validation figures */
  training: Omit<TrainResult, 'bundle'>;
  /** wall time of trainStore (data, validation of every candidate, refit, bundle), seconds */
  pipelineSeconds: number;
  /** size of the saved bundle (the model version's artifact), bytes */
  artifactBytes: number;
  /** evaluation products the bundle knows (the rest can be neither input nor recommendation) */
  knownItems: number;
  fixed: EvalResult;
  /** absent when not asked; null when the selected model has no neighbor pool (streaming = fixed) */
  streaming?: StreamingResult | null;
}

/** Epoch-ms journeys from a dataset in Unix seconds, product ids for item indices (as the shop's events). */
export function rawSessionsFrom(data: SessionDataset): RawSession[] {
  return data.sessions.map((s) => ({
    id: s.id,
    events: s.events.map((e) => ({ productId: data.itemIds[e.item], ts: Math.round(e.time * 1000), kind: e.kind })),
  }));
}

/** Test sessions as late journeys in order of end time (`time`: the end, Unix seconds). */
export function lateSessionsByEndTime(test: SessionDataset): (LateSession & { time: number })[] {
  return test.sessions
    .filter((s) => s.events.length > 0)
    .map((s) => ({
      id: s.id,
      time: s.events[s.events.length - 1].time,
      events: s.events.map((e) => ({ productId: test.itemIds[e.item], ts: Math.round(e.time * 1000) })),
    }))
    .sort((a, b) => a.time - b.time);
}

/**
 * Trains with trainStore on `train` (no baskets or products: they feed only bought-together, similar
 * products and best sellers, not the session model) and scores the served session model on `test`
 * (item indices of `train`). `streaming` also runs the streaming protocol, after the fixed one.
 */
export async function evaluateStorePipeline(
  split: { train: SessionDataset; test: SessionDataset },
  trainOptions: TrainOptions,
  opts: EvalOptions & { streaming?: boolean } = {},
): Promise<StoreEvalResult> {
  const t0 = performance.now();
  const { bundle: artifact, ...training } = await trainStore({ sessions: rawSessionsFrom(split.train), baskets: [], products: [] }, trainOptions);
  const pipelineSeconds = (performance.now() - t0) / 1000;
  const bytes = encodeBundle(artifact);
  const bundle = await ServingBundle.fromArtifact(decodeBundle(bytes));
  const scorer = new BundleSessionScorer(bundle, split.train.itemIds);
  const fixed = evaluateSessions(scorer, split.train, split.test, opts);
  const result: StoreEvalResult = { training, pipelineSeconds, artifactBytes: bytes.length, knownItems: scorer.knownItems, fixed };
  if (opts.streaming) {
    if (!bundle.takesLateSessions) return { ...result, streaming: null };
    const plan = growingPoolPlan(split.test, lateSessionsByEndTime(split.test), (late) => bundle.addLateSessions(late));
    const r = evaluateSessions(scorer, split.train, split.test, opts, plan);
    result.streaming = { ...r, grows: true, sessionsAdded: plan.added() };
  }
  return result;
}
