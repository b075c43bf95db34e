/**
 * Pure, incremental sessionization of journey events into journeys (visits).
 *
 * A journey is a maximal run of one client's events in which consecutive events
 * (in event time) are at most `gapMs` apart (default 30 min). The function takes
 * only the *new* events plus the existing journeys of the same clients that they
 * can touch (see `affectedRange`), and returns which journey every new event
 * belongs to and the created / updated journey summaries.
 *
 * Out-of-order arrival:
 * - A late event within `gapMs` of an existing journey's span joins it, and the
 *   journey's start/end, path, landing step and traffic source are updated as
 *   if the event had arrived in order.
 * - A late event (or batch) that falls within `gapMs` of two journeys bridges
 *   them: the journeys are MERGED, keeping the id of the earlier one. The result
 *   lists `{from, into}` pairs; the caller re-points `from`'s events to `into`
 *   and deletes `from`. This keeps the invariant "incremental result = batch
 *   sessionization of all events", whatever the arrival order.
 * - A journey is never split: events only ever add links, and a 30-min gap can
 *   only be closed, never opened, by more events.
 *
 * Paths: each journey stores its step path as time-stamped runs of equal steps
 * (`runs`: step, first and last event time), not every event. New events are
 * inserted as a block at their times; if one falls strictly inside a run of
 * another step, that run is split around it. This is exact whenever each call's
 * new events for a journey cover a time range containing none of its stored
 * events (in-order arrival, a late batch, a resent earlier range: the common
 * cases). It is approximate when new events interleave with stored ones of
 * different steps, because a run does not remember the times of its inner
 * events: the step sequence may then gain or lose a repeat (counts, times,
 * revenue, landing and source stay exact). Paths are capped at MAX_RUNS runs
 * (the last run is always kept, so a purchase stays visible).
 *
 * Revenue: the sum of `checkout_completed` totals (or of line price × qty when a
 * total is missing). Duplicate events are removed upstream by event id; within
 * one call, repeated ids are counted once.
 */
import type { JourneyEvent } from '../api-contract/ingest';
import { isNavigational, type JourneyStep } from '../../ml/data/journey-step';
import { withStep } from './event-step';
import type { DeviceClass } from './device-class';
import { classifyTrafficSource, type TrafficSource, type TrafficSourceOptions } from './traffic-source';

export const DEFAULT_SESSION_GAP_MS = 30 * 60 * 1000;
export const MAX_RUNS = 60;

/** A run of consecutive events with the same step; `from`/`to` are event times (ms). */
export interface StepRun {
  step: JourneyStep;
  from: number;
  to: number;
}

/** What must be kept per journey to continue sessionizing incrementally. */
export interface JourneyState {
  journeyId: string;
  clientId: string;
  startTs: number;
  endTs: number;
  eventCount: number;
  /** Time-ordered, adjacent runs have different steps. */
  runs: StepRun[];
  /** Page type of the first navigational event ('other' if there is none). */
  landingStep: JourneyStep;
  landingPath?: string;
  /** From the journey's earliest event. */
  trafficSource: TrafficSource;
  refHost?: string;
  utmCampaign?: string;
  purchased: boolean;
  orders: number;
  revenue: number;
  currency?: string;
  device?: DeviceClass;
}

export interface JourneySummary extends JourneyState {
  /** The step path (`runs` steps), first step = landing page type. */
  steps: JourneyStep[];
}

/** An event with its journey step, as stored at ingest (app/journeys/event-step.ts). */
export type SteppedEvent = JourneyEvent & { step: JourneyStep };

export interface SessionizeInput {
  /** New events, any order, any clients. */
  events: readonly SteppedEvent[];
  /** Existing journeys of those clients that may be touched (see `affectedRange`); more is harmless. */
  journeys?: readonly JourneyState[];
  gapMs?: number;
  /** Id for a new journey, from its earliest event. Default `j_<event id>` (deterministic). */
  newJourneyId?: (firstEvent: JourneyEvent) => string;
  /** For traffic source `internal`. */
  trafficOptions?: TrafficSourceOptions;
  /** Device class for journeys created from this batch (the pixel posts one browser per request). */
  device?: DeviceClass;
}

export interface SessionizeResult {
  /** Journey id of each input event (aligned with `input.events`). */
  assignments: string[];
  created: JourneySummary[];
  /** Existing journeys that changed (got events and/or absorbed merged journeys). */
  updated: JourneySummary[];
  /** Journeys absorbed into another one: re-point their events to `into`, delete `from`. */
  merged: Array<{ from: string; into: string }>;
}

/**
 * For each client in `events`, the window of existing journeys the caller must
 * load: journeys with `endTs >= minEnd && startTs <= maxStart`.
 */
export function affectedRange(
  events: readonly Pick<JourneyEvent, 'clientId' | 'ts'>[],
  gapMs = DEFAULT_SESSION_GAP_MS,
): Map<string, { minEnd: number; maxStart: number }> {
  const out = new Map<string, { minEnd: number; maxStart: number }>();
  for (const e of events) {
    const r = out.get(e.clientId);
    if (!r) out.set(e.clientId, { minEnd: e.ts - gapMs, maxStart: e.ts + gapMs });
    else {
      if (e.ts - gapMs < r.minEnd) r.minEnd = e.ts - gapMs;
      if (e.ts + gapMs > r.maxStart) r.maxStart = e.ts + gapMs;
    }
  }
  return out;
}

type Item =
  | { kind: 'journey'; start: number; end: number; journey: JourneyState }
  | { kind: 'event'; start: number; end: number; event: SteppedEvent; index: number };

export function sessionize(input: SessionizeInput): SessionizeResult {
  const gap = input.gapMs ?? DEFAULT_SESSION_GAP_MS;
  const newId = input.newJourneyId ?? ((e: JourneyEvent) => `j_${e.id}`);
  const assignments: string[] = new Array(input.events.length);
  const created: JourneySummary[] = [];
  const updated: JourneySummary[] = [];
  const merged: Array<{ from: string; into: string }> = [];

  // Group new events by client, dropping repeated ids (first occurrence wins).
  const byClient = new Map<string, Item[]>();
  const firstIndexOfId = new Map<string, number>();
  const duplicates: Array<[number, number]> = [];
  input.events.forEach((event, index) => {
    const seen = firstIndexOfId.get(event.id);
    if (seen !== undefined) {
      duplicates.push([index, seen]);
      return;
    }
    firstIndexOfId.set(event.id, index);
    let list = byClient.get(event.clientId);
    if (!list) byClient.set(event.clientId, (list = []));
    list.push({ kind: 'event', start: event.ts, end: event.ts, event, index });
  });
  for (const j of input.journeys ?? []) {
    const list = byClient.get(j.clientId);
    if (list) list.push({ kind: 'journey', start: j.startTs, end: j.endTs, journey: j });
  }

  for (const items of byClient.values()) {
    // Journeys before events at equal start; events in (ts, arrival) order.
    items.sort((a, b) => a.start - b.start || kindRank(a) - kindRank(b) || itemIndex(a) - itemIndex(b));
    let cluster: Item[] = [];
    let clusterEnd = -Infinity;
    const flush = () => {
      if (cluster.length) buildJourney(cluster);
      cluster = [];
    };
    for (const item of items) {
      if (cluster.length && item.start - clusterEnd > gap) flush();
      cluster.push(item);
      clusterEnd = cluster.length === 1 ? item.end : Math.max(clusterEnd, item.end);
    }
    flush();
  }
  for (const [index, first] of duplicates) assignments[index] = assignments[first];
  return { assignments, created, updated, merged };

  function buildJourney(cluster: Item[]): void {
    const journeys = cluster.filter((i): i is Extract<Item, { kind: 'journey' }> => i.kind === 'journey').map((i) => i.journey);
    const events = cluster.filter((i): i is Extract<Item, { kind: 'event' }> => i.kind === 'event');
    let state: JourneyState;
    if (journeys.length) {
      state = cloneState(journeys[0]);
      for (const other of journeys.slice(1)) {
        absorb(state, other);
        merged.push({ from: other.journeyId, into: state.journeyId });
      }
    } else {
      const first = events[0].event;
      state = {
        journeyId: newId(first),
        clientId: first.clientId,
        startTs: first.ts,
        endTs: first.ts,
        eventCount: 0,
        runs: [],
        landingStep: 'other',
        trafficSource: 'direct',
        purchased: false,
        orders: 0,
        revenue: 0,
        device: input.device,
      };
    }
    const isNew = journeys.length === 0;
    const originalStart = isNew ? Infinity : state.startTs;
    const landingBefore = state.runs[0];
    let landingEvent: JourneyEvent | undefined;
    const newSteps: Array<{ ts: number; step: JourneyStep }> = [];
    for (const { event, index } of events) {
      assignments[index] = state.journeyId;
      state.eventCount += 1;
      if (event.ts < state.startTs) state.startTs = event.ts;
      if (event.ts > state.endTs) state.endTs = event.ts;
      if (isNavigational(event)) {
        newSteps.push({ ts: event.ts, step: event.step });
        if (!landingEvent || event.ts < landingEvent.ts) landingEvent = event;
      }
      if (event.name === 'checkout_completed') {
        state.purchased = true;
        state.orders += 1;
        state.revenue = round2(state.revenue + orderValue(event));
        if (event.currency && !state.currency) state.currency = event.currency;
      }
    }
    insertBlock(state.runs, newSteps);
    // Traffic source comes from the earliest event: recompute if a new one precedes the known start.
    const earliest = events[0]?.event;
    if (earliest && earliest.ts < originalStart) {
      state.trafficSource = classifyTrafficSource(earliest, input.trafficOptions);
      state.refHost = earliest.refHost;
      state.utmCampaign = earliest.utm?.campaign;
    }
    // Landing = first run; its path is the earliest navigational event's.
    if (landingEvent && (!landingBefore || landingEvent.ts < landingBefore.from)) state.landingPath = landingEvent.path;
    state.landingStep = state.runs[0]?.step ?? 'other';
    capRuns(state.runs);
    const summary = toSummary(state);
    if (isNew) created.push(summary);
    else updated.push(summary);
  }
}

/**
 * One-shot sessionization of a complete event set (no existing journeys), for tools and
 * tests whose events were never stored: those without a step get it as ingest would.
 */
export function sessionizeAll(events: readonly (JourneyEvent & { step?: JourneyStep })[], options: Omit<SessionizeInput, 'events' | 'journeys'> = {}): SessionizeResult {
  return sessionize({ ...options, events: events.map(withStep) });
}

export function toSummary(state: JourneyState): JourneySummary {
  return { ...state, steps: state.runs.map((r) => r.step) };
}

/** Strips the derived `steps` (what to persist). */
export function toState(summary: JourneySummary | JourneyState): JourneyState {
  const { steps: _steps, ...state } = summary as JourneySummary;
  return { ...state, runs: state.runs.map((r) => ({ ...r })) };
}

function kindRank(item: Item): number {
  return item.kind === 'journey' ? 0 : 1;
}
function itemIndex(item: Item): number {
  return item.kind === 'event' ? item.index : 0;
}

function cloneState(j: JourneyState): JourneyState {
  return { ...j, runs: j.runs.map((r) => ({ ...r })) };
}

/** Merge a later journey into `state` (journeys do not overlap in time). */
function absorb(state: JourneyState, other: JourneyState): void {
  state.startTs = Math.min(state.startTs, other.startTs);
  state.endTs = Math.max(state.endTs, other.endTs);
  state.eventCount += other.eventCount;
  state.purchased = state.purchased || other.purchased;
  state.orders += other.orders;
  state.revenue = round2(state.revenue + other.revenue);
  state.currency ??= other.currency;
  state.device ??= other.device;
  const runs = [...state.runs, ...other.runs.map((r) => ({ ...r }))].sort((a, b) => a.from - b.from);
  state.runs.length = 0;
  for (const r of runs) {
    const last = state.runs[state.runs.length - 1];
    if (last && last.step === r.step) last.to = Math.max(last.to, r.to);
    else state.runs.push(r);
  }
}

/**
 * Insert one event's step at time `ts`. Ties: an event goes after existing events
 * with the same time.
 */
export function insertStep(runs: StepRun[], ts: number, step: JourneyStep): void {
  insertRun(runs, { step, from: ts, to: ts });
}

/**
 * Insert a run of new events (all with `run.step`, spanning run.from..run.to).
 * When a whole block of new runs is inserted, insert it from the LATEST run to
 * the earliest (see `insertBlock`): a run then only merges with a following run
 * that is really its successor.
 */
export function insertRun(runs: StepRun[], run: StepRun): void {
  const { step } = run;
  // Last run with from <= run.from.
  let lo = 0;
  let hi = runs.length - 1;
  let i = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid].from <= run.from) {
      i = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (i === -1) {
    if (runs[0]?.step === step) runs[0].from = run.from;
    else runs.unshift({ ...run });
    return;
  }
  const r = runs[i];
  if (run.from < r.to) {
    if (r.step === step) {
      r.to = Math.max(r.to, run.to);
      return;
    }
    // Strictly inside a run of another step: split it around the new run.
    const tail = { step: r.step, from: Math.min(Math.max(run.to, run.from), r.to), to: r.to };
    runs.splice(i, 1, { step: r.step, from: r.from, to: run.from }, { ...run }, tail);
    return;
  }
  // After r (run.from >= r.to), before runs[i + 1].
  if (r.step === step) {
    r.to = Math.max(r.to, run.to);
    return;
  }
  const next = runs[i + 1];
  if (next && next.step === step) {
    next.from = run.from;
    return;
  }
  runs.splice(i + 1, 0, { ...run });
}

/** Insert new events' steps (sorted by time) into `runs`, exactly when they form a contiguous time range. */
export function insertBlock(runs: StepRun[], steps: ReadonlyArray<{ ts: number; step: JourneyStep }>): void {
  const block: StepRun[] = [];
  for (const { ts, step } of steps) {
    const last = block[block.length - 1];
    if (last && last.step === step) last.to = ts;
    else block.push({ step, from: ts, to: ts });
  }
  for (let k = block.length - 1; k >= 0; k--) insertRun(runs, block[k]);
}

function capRuns(runs: StepRun[]): void {
  if (runs.length > MAX_RUNS) runs.splice(MAX_RUNS - 1, runs.length - MAX_RUNS);
}

function orderValue(event: JourneyEvent): number {
  if (event.total !== undefined) return event.total;
  let sum = 0;
  for (const l of event.lines ?? []) sum += (l.price ?? 0) * l.qty;
  return sum;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
