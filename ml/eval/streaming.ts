/**
 * The streaming protocol: like session-rec's `evaluate_sessions` (evaluate.ts), but the
 * neighbor pool grows as time passes. Before each predicted click, every test session that
 * ended strictly before that click's time has joined the pool (SessionIndex.add through
 * fresh-sessions.ts), never one that ended at or after it; so a click is predicted from the
 * training sessions plus everything seen up to that moment, as a store that adds its new
 * sessions within seconds would. Predictions run in order of the target's time. Models
 * without a growing pool (popularity, rules, GRU4Rec) score exactly as in the fixed protocol.
 * The model is changed: evaluate the fixed protocol first.
 */
import type { SessionDataset } from '../data/session-dataset';
import type { Recommender } from '../models/recommender';
import { addFreshSessions, growingPools, type FreshSession } from '../models/fresh-sessions';
import { evaluateSessions, type EvalOptions, type EvalResult, type PredictionPlan } from './evaluate';

/** Predicted events (test session, input position) in order of the target's time (ties: session order). */
export function eventsByTargetTime(test: SessionDataset): [number, number][] {
  const out: [number, number][] = [];
  test.sessions.forEach((s, si) => {
    for (let i = 0; i + 1 < s.events.length; i++) out.push([si, i]);
  });
  const timeOf = (e: readonly [number, number]) => test.sessions[e[0]].events[e[1] + 1].time;
  return out.sort((a, b) => timeOf(a) - timeOf(b) || a[0] - b[0] || a[1] - b[1]);
}

/** Test sessions in order of end time, as pool sessions. */
export function sessionsByEndTime(test: SessionDataset): FreshSession[] {
  return test.sessions
    .filter((s) => s.events.length > 0)
    .map((s) => ({ items: s.events.map((e) => e.item), time: s.events[s.events.length - 1].time, id: s.id }))
    .sort((a, b) => a.time - b.time);
}

/**
 * A plan whose `beforePredict` hands `add` the pool sessions (in order of end time `time`, Unix seconds)
 * that ended before the target's time; `add` returns how many joined. The pool sessions may be in any
 * form the model takes (dense indices here, product ids for a serving bundle: ./store-pipeline.ts).
 */
export function growingPoolPlan<S extends { time: number }>(
  test: SessionDataset,
  pool: readonly S[],
  add: (sessions: S[]) => number,
): PredictionPlan & { added: () => number } {
  let next = 0;
  let added = 0;
  return {
    events: eventsByTargetTime(test),
    beforePredict(targetTime) {
      const from = next;
      while (next < pool.length && pool[next].time < targetTime) next++;
      if (next > from) added += add(pool.slice(from, next));
    },
    added: () => added,
  };
}

/** A plan whose `beforePredict` adds the sessions that ended before the target's time. */
export function streamingPlan(model: Recommender, test: SessionDataset): PredictionPlan & { added: () => number } {
  return growingPoolPlan(test, sessionsByEndTime(test), (sessions) => addFreshSessions(model, sessions));
}

export interface StreamingResult extends EvalResult {
  /** whether the model has a pool that grows (else the figures equal the fixed protocol's) */
  grows: boolean;
  /** test sessions that joined the pool by the last prediction */
  sessionsAdded: number;
}

export function evaluateStreaming(model: Recommender, train: SessionDataset, test: SessionDataset, opts: EvalOptions = {}): StreamingResult {
  const plan = streamingPlan(model, test);
  const r = evaluateSessions(model, train, test, opts, plan);
  return { ...r, grows: growingPools(model).length > 0, sessionsAdded: plan.added() };
}
