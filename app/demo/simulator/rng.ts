/**
 * The simulator's seeded random source and its sampling helpers: a thin class over the one seeded
 * generator (ml/random/seeded), so a seed gives the same simulated data on every platform.
 */
import { seededRandom, shuffleInPlace, standardNormal, type Random } from '../../../ml/random/seeded';

const TWO_POW_32 = 4294967296;

export class Rng {
  private readonly rand: Random;

  constructor(seed: number | string) {
    this.rand = seededRandom(typeof seed === 'number' ? seed >>> 0 : hashString(seed));
  }

  /** Independent child stream, e.g. `rng.fork('catalog')`. */
  fork(label: string | number): Rng {
    return new Rng((this.u32() ^ hashString(String(label))) >>> 0);
  }

  /** Unsigned 32-bit integer (the generator's draws are whole multiples of 2^-32, so this is exact). */
  u32(): number {
    return Math.floor(this.rand() * TWO_POW_32);
  }

  /** [0, 1) */
  next(): number {
    return this.rand();
  }

  /** Integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Log-normal with the given median and log-sd. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * standardNormal(this.rand));
  }

  /** Pick a key of a {key: weight} table. */
  weighted<K extends string>(table: Readonly<Record<K, number>>): K {
    let total = 0;
    for (const k in table) total += table[k];
    let r = this.next() * total;
    let last: K | undefined;
    for (const k in table) {
      last = k;
      r -= table[k];
      if (r < 0) return k;
    }
    return last as K;
  }

  hex(chars: number): string {
    let out = '';
    while (out.length < chars) {
      const x = this.u32();
      out += HEX[x >>> 24] + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];
    }
    return out.length === chars ? out : out.slice(0, chars);
  }

  /** RFC-4122-looking v4 uuid (lowercase). */
  uuid(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  shuffle<T>(items: T[]): T[] {
    return shuffleInPlace(items, this.rand);
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Weighted sampler over indices with precomputed cumulative weights (O(log n) per draw). */
export class WeightedIndex {
  private readonly cum: Float64Array;
  readonly size: number;

  constructor(weights: ArrayLike<number>) {
    this.size = weights.length;
    this.cum = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      total += Math.max(0, weights[i]);
      this.cum[i] = total;
    }
  }

  get total(): number {
    return this.size ? this.cum[this.size - 1] : 0;
  }

  sample(rng: Rng): number {
    const r = rng.next() * this.total;
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cum[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** FNV-1a 32-bit. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
