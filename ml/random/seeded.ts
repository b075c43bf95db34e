/**
 * Waymark's one seeded random generator (ML training, the demo simulator, tests and benchmarks; mulberry32: 32-bit integer
 * operations only, so a seed gives the same numbers on every platform), with the sampling helpers
 * built on it. Pure.
 */

/** A generator of uniform numbers in [0, 1). */
export type Random = () => number;

/** A seeded generator: the same seed gives the same sequence. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of `items` in place (from the last position down), drawing from `rand`. */
export function shuffleInPlace<T>(items: T[], rand: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** A standard normal draw (Box–Muller, two uniforms per draw). */
export function standardNormal(rand: Random): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
