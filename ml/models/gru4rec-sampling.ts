/**
 * GRU4Rec's training data in session-parallel form and its random draws: the sessions in start order,
 * the popularity sampler of extra negatives (probability ∝ pop^alpha, with the logQ terms) and
 * dropout masks. Every draw comes from the training's one seeded generator.
 */
import type { SessionDataset } from '../data/session-dataset';
import type { Random } from '../random/seeded';

export interface TrainingSessions {
  /** item sequences of the sessions with at least one (input, target) pair, by start time (stable) */
  sessions: Int32Array[];
  /** events in those sessions */
  events: number;
  /** training events per item */
  pop: Float64Array;
}

/** The sessions to train on; with `maxEvents` > 0 only the most recent ones holding at most that many events. */
export function trainingSessions(data: SessionDataset, maxEvents = 0): TrainingSessions {
  const nItems = data.itemIds.length;
  const seqs: Int32Array[] = [];
  const starts: number[] = [];
  const pop = new Float64Array(nItems);
  for (const s of data.sessions) {
    for (const e of s.events) if (e.item >= 0 && e.item < nItems) pop[e.item]++;
    if (s.events.length < 2) continue;
    const seq = Int32Array.from(s.events, (e) => e.item);
    if (seq.some((i) => i < 0 || i >= nItems)) throw new Error(`gru4rec: item index out of range in session ${s.id}`);
    seqs.push(seq);
    starts.push(s.events[0].time);
  }
  if (seqs.length === 0) throw new Error('gru4rec: no session with 2 or more events');
  let order = seqs.map((_, i) => i).sort((a, b) => starts[a] - starts[b] || a - b);
  if (maxEvents > 0) {
    let kept = order.length;
    for (let n = 0; kept > 0 && n + seqs[order[kept - 1]].length <= maxEvents; kept--) n += seqs[order[kept - 1]].length;
    order = order.slice(Math.min(kept, order.length - 1));
  }
  let events = 0;
  for (const i of order) events += seqs[i].length;
  return { sessions: order.map((i) => seqs[i]), events, pop };
}

export interface PopularitySampler {
  /** fills `out` with item indices drawn with probability ∝ pop^alpha */
  sample(out: Int32Array): void;
  /** log(max(pop, 1)) per item: the logQ term of in-batch targets */
  logPop: Float32Array;
  /** alpha * logPop: the logQ term of sampled negatives */
  logPopA: Float32Array;
}

export function popularitySampler(pop: Float64Array, alpha: number, rng: Random): PopularitySampler {
  const nItems = pop.length;
  const cdf = new Float64Array(nItems);
  let acc = 0;
  for (let i = 0; i < nItems; i++) cdf[i] = acc += Math.pow(pop[i], alpha);
  for (let i = 0; i < nItems; i++) cdf[i] /= acc;
  cdf[nItems - 1] = 1;
  const logPop = new Float32Array(nItems);
  const logPopA = new Float32Array(nItems);
  for (let i = 0; i < nItems; i++) {
    logPop[i] = Math.log(Math.max(pop[i], 1));
    logPopA[i] = alpha * logPop[i];
  }
  const sample = (out: Int32Array): void => {
    for (let k = 0; k < out.length; k++) {
      const u = rng();
      let lo = 0;
      let hi = nItems - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cdf[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      out[k] = lo;
    }
  };
  return { sample, logPop, logPopA };
}

/** Inverted-dropout mask: 0 with probability `rate`, else 1 / (1 - rate). */
export function dropMask(rows: number, cols: number, rate: number, rng: Random): Float32Array {
  const m = new Float32Array(rows * cols);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < m.length; i++) m[i] = rng() < rate ? 0 : keep;
  return m;
}
