/**
 * Synthetic store generator for latency benchmarks (not for accuracy claims): Zipf-like product
 * popularity, sessions that browse around a "theme" product, times spread over `days`.
 */
import type { Session, SessionDataset } from '../data/session-dataset';
import { seededRandom } from '../random/seeded';

export interface SyntheticOptions {
  sessions: number;
  items: number;
  days?: number;
  seed?: number;
  /** mean session length (>= 2) */
  meanLength?: number;
}

export function syntheticStore(o: SyntheticOptions): SessionDataset {
  const rnd = seededRandom(o.seed ?? 42);
  const days = o.days ?? 60;
  const meanLen = Math.max(2, o.meanLength ?? 5);
  // Zipf(1) sampling by inverse CDF over a precomputed table
  const cdf = new Float64Array(o.items);
  let acc = 0;
  for (let i = 0; i < o.items; i++) cdf[i] = acc += 1 / (i + 1);
  const zipf = () => {
    const u = rnd() * acc;
    let lo = 0;
    let hi = o.items - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const t0 = 1.7e9;
  const sessions: Session[] = [];
  for (let s = 0; s < o.sessions; s++) {
    const len = 2 + Math.floor(-Math.log(1 - rnd()) * (meanLen - 2));
    const start = t0 + (s / o.sessions) * days * 86400 + rnd() * 600;
    const theme = zipf();
    const events = [];
    let item = theme;
    for (let j = 0; j < len; j++) {
      events.push({ item, time: start + j * 30, kind: 'view' as const });
      const r = rnd();
      item = r < 0.5 ? (theme + Math.floor(rnd() * 20)) % o.items : r < 0.8 ? zipf() : item;
    }
    sessions.push({ id: String(s + 1), events });
  }
  return { sessions, itemIds: Array.from({ length: o.items }, (_, i) => `p${i}`) };
}
