/**
 * Toy sessions that need memory, for the sequence-model tests: items 0..n-1 on a ring. An "up" session walks
 * i, i+1, i+2, ...; a "down" session walks i, i-1, i-2, ... From the last item alone the next one is a coin flip
 * between i+1 and i-1; a model that has read two or more items of the session knows the direction. Sessions
 * are 3..8 events, one every time unit, sessions 100 units apart from `t0`.
 */
import type { Session } from '../../ml/data/session-dataset';
import { seededRandom } from '../../ml/random/seeded';

export function ringSessions(count: number, seed: number, t0: number, n: number): Session[] {
  const rng = seededRandom(seed);
  const out: Session[] = [];
  for (let s = 0; s < count; s++) {
    const dir = rng() < 0.5 ? 1 : -1;
    const len = 3 + Math.floor(rng() * 6);
    let item = Math.floor(rng() * n);
    const events = [];
    for (let k = 0; k < len; k++) {
      events.push({ item, time: t0 + s * 100 + k, kind: 'view' as const });
      item = (item + dir + n) % n;
    }
    out.push({ id: String(s), events });
  }
  return out;
}
