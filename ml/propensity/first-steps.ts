/**
 * The first K journey steps of a visit (ml/data/journey-step.ts): events in time order, only navigational
 * ones make steps, consecutive repeats are one step, and reading stops at the first event of step K+1 or
 * at the first purchase, whichever comes first.
 */
import { isNavigational, type JourneyStep } from '../data/journey-step';

/** What reading the first steps needs of an event. */
export interface TimedStepEvent {
  name: string;
  /** epoch ms */
  ts: number;
  path?: string | null;
  /** The event's journey step, stored at ingest (Event.step); the caller supplies it. */
  step: string;
}

/** The first K steps of a visit, cut before step K+1 and before any purchase. */
export interface FirstSteps<E extends TimedStepEvent = TimedStepEvent> {
  /** The events kept (time order), all of the first `steps.length` steps. */
  events: E[];
  /** Collapsed steps kept (at most K). */
  steps: JourneyStep[];
  /** Start time (ms) of each kept step. */
  stepStarts: number[];
  /** Reading stopped at a purchase before K complete steps. */
  purchasedBeforeK: boolean;
}

/** Time order; equal times keep their input order (the sessionizer's tie rule). */
function sortEvents<E extends TimedStepEvent>(events: readonly E[]): E[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.ts - b.e.ts || a.i - b.i)
    .map((x) => x.e);
}

function isPurchase(e: TimedStepEvent, step: JourneyStep): boolean {
  return e.name === 'checkout_completed' || step === 'purchase';
}

export function firstSteps<E extends TimedStepEvent>(events: readonly E[], k: number): FirstSteps<E> {
  if (!(Number.isInteger(k) && k >= 1)) throw new Error(`k must be a positive integer, got ${k}`);
  const kept: E[] = [];
  const steps: JourneyStep[] = [];
  const stepStarts: number[] = [];
  let purchasedBeforeK = false;
  for (const e of sortEvents(events)) {
    if (!isNavigational(e)) continue;
    const step = e.step as JourneyStep;
    if (isPurchase(e, step)) {
      purchasedBeforeK = steps.length < k;
      break;
    }
    if (steps[steps.length - 1] !== step) {
      if (steps.length === k) break; // first event of step K+1
      steps.push(step);
      stepStarts.push(e.ts);
    }
    kept.push(e);
  }
  return { events: kept, steps, stepStarts, purchasedBeforeK };
}
