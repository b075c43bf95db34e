/**
 * The funnel builder's counting rules. Pure: sessions in, counts out (I/O: funnel-read.ts).
 *
 * A session is a list of touchpoints in time order (funnel-touchpoints.ts): page views, views
 * of a product or collection, and events. A step matches touchpoints (funnel-step-match.ts). A
 * chain is a run of distinct touchpoints, in time order, that do consecutive funnel steps
 * k, k+1, …, j, where every touchpoint after the first is at most `windowMs` after the first
 * (the window is measured from the chain's first step; the session window is unlimited within
 * the session). Steps in between that match nothing in the funnel are allowed.
 *
 * Closed funnel: a session counts at step N when it has a chain from step 1 to step N (it
 * entered at step 1 and did the steps in order). Any occurrence of step 1 may start the chain;
 * the deepest one counts. So counts never increase along a closed funnel.
 *
 * Open funnel: a session counts at step N when it has a chain from some step K ≤ N to step N
 * (it entered wherever it first did a funnel step and went on in order from there). With K = N
 * this means every session that did step N counts there: `continued` (a chain from some K < N)
 * tells those that came from the previous step in order from those that `entered` at N. A
 * closed funnel's sessions are a subset of the open funnel's at every step.
 *
 * Both: `continued[N]` sessions reached N from step N−1 in order; conversion from the previous
 * step is continued[N] / sessions[N−1], drop-off is sessions[N−1] − continued[N]; the time
 * from the previous step is measured in the chain that counted the session (closed: the deepest
 * chain, the earliest among equally deep; open: the first chain reaching N from a step before it).
 */
import type { BuiltFunnel, FunnelMode } from '../api-contract/funnel';
import type { TimeStats } from '../api-contract/analytics';
import { touchMatches, type StepMatcher, type Touchpoint } from './funnel-step-match';

export interface SessionProgress {
  counted: boolean[];
  continued: boolean[];
  /** ms from the previous step's touchpoint, where continued */
  gapMs: Array<number | null>;
}

interface Chain {
  depth: number;
  times: number[];
}

/** From touchpoint `anchor` (doing step `k`): the earliest touchpoints doing k+1, k+2, … in order within the window. */
function chainFrom(touches: readonly Touchpoint[], steps: readonly StepMatcher[], k: number, anchor: number, windowMs: number): Chain {
  const start = touches[anchor].ts;
  const times = [start];
  let pos = anchor + 1;
  for (let i = k + 1; i < steps.length; i++) {
    let p = pos;
    while (p < touches.length && !touchMatches(steps[i], touches[p])) p++;
    // Touchpoints are in time order: when the first match is too late, every later one is too.
    if (p === touches.length || touches[p].ts - start > windowMs) break;
    times.push(touches[p].ts);
    pos = p + 1;
  }
  return { depth: times.length, times };
}

function anchorsOf(touches: readonly Touchpoint[], step: StepMatcher): number[] {
  const out: number[] = [];
  touches.forEach((t, i) => touchMatches(step, t) && out.push(i));
  return out;
}

/** What one session (touchpoints sorted by time) counts at each step (rules in the file comment). */
export function sessionProgress(touches: readonly Touchpoint[], steps: readonly StepMatcher[], mode: FunnelMode, windowMs: number): SessionProgress {
  const n = steps.length;
  const p: SessionProgress = { counted: steps.map(() => false), continued: steps.map(() => false), gapMs: steps.map(() => null) };
  const mark = (chain: Chain, k: number) => {
    for (let j = 1; j < chain.depth; j++) {
      const step = k + j;
      p.counted[step] = true;
      if (p.continued[step]) continue;
      p.continued[step] = true;
      p.gapMs[step] = chain.times[j] - chain.times[j - 1];
    }
  };
  if (mode === 'closed') {
    let best: Chain | null = null;
    for (const a of anchorsOf(touches, steps[0])) {
      const chain = chainFrom(touches, steps, 0, a, windowMs);
      if (!best || chain.depth > best.depth) best = chain;
      if (best.depth === n) break;
    }
    if (best) {
      p.counted[0] = true;
      mark(best, 0);
    }
    return p;
  }
  for (let k = 0; k < n; k++) {
    for (const a of anchorsOf(touches, steps[k])) {
      p.counted[k] = true;
      if (k < n - 1) mark(chainFrom(touches, steps, k, a, windowMs), k);
    }
  }
  return p;
}

export function exactStats(samples: number[]): TimeStats {
  if (!samples.length) return { count: 0, meanMs: null, medianMs: null };
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { count: s.length, meanMs: Math.round(s.reduce((a, b) => a + b, 0) / s.length), medianMs: Math.round(median) };
}

export interface StepInfo {
  key: string;
  kind: BuiltFunnel['steps'][number]['kind'];
  value: string;
  label: string;
}

/** Sums sessions' progress into the funnel answer (per-step counts, rates and times). */
export function buildFunnel(progress: Iterable<SessionProgress>, steps: readonly StepInfo[]): BuiltFunnel {
  const sessions = steps.map(() => 0);
  const continued = steps.map(() => 0);
  const gaps: number[][] = steps.map(() => []);
  for (const p of progress) {
    steps.forEach((_, i) => {
      if (p.counted[i]) sessions[i]++;
      if (p.continued[i]) {
        continued[i]++;
        if (p.gapMs[i] !== null) gaps[i].push(p.gapMs[i]!);
      }
    });
  }
  const first = sessions[0] ?? 0;
  return {
    steps: steps.map((s, i) => {
      const prev = i === 0 ? 0 : sessions[i - 1];
      const went = i === 0 ? sessions[0] : continued[i];
      return {
        ...s,
        sessions: sessions[i],
        entered: i === 0 ? sessions[0] : sessions[i] - continued[i],
        continued: i === 0 ? 0 : continued[i],
        conversionFromPrevious: i === 0 ? 1 : prev ? went / prev : 0,
        conversionFromStart: first ? sessions[i] / first : 0,
        dropOff: i === 0 ? 0 : prev - went,
        dropOffRate: i === 0 || !prev ? 0 : (prev - went) / prev,
        timeFromPrevious: i === 0 ? null : exactStats(gaps[i]),
      };
    }),
    overallConversion: first ? sessions[sessions.length - 1] / first : 0,
  };
}
