/**
 * The arithmetic of the cost-growth table (tests/bench/cost-growth.ts): how fast a cost grows
 * with size (the exponent of a power law through two measured points: 1 is linear, 0 is
 * flat) and a figure carried to a size that was not measured.
 */

export interface SizePoint {
  /** the size: events, stores */
  size: number;
  /** the cost at that size: µs per event, seconds */
  value: number;
}

/** k in value ∝ size^k through two points; undefined when either is not positive or the sizes are equal. */
export function growthExponent(a: SizePoint, b: SizePoint): number | undefined {
  if (a.size <= 0 || b.size <= 0 || a.value <= 0 || b.value <= 0 || a.size === b.size) return undefined;
  return Math.log(b.value / a.value) / Math.log(b.size / a.size);
}

/** How many times the cost multiplies when the size grows tenfold (10^k). */
export function perTenfold(exponent: number): number {
  return 10 ** exponent;
}

/**
 * The value at `size` from the largest measured point, growing with the exponent of the last
 * two points, but never slower than `minExponent` (1 for a total time: no better than linear,
 * since fixed costs that hide growth at small sizes do not repeat at large ones).
 */
export function extrapolate(points: readonly SizePoint[], size: number, minExponent = 0): { value: number; exponent: number } {
  const sorted = [...points].filter((p) => p.value > 0).sort((x, y) => x.size - y.size);
  const last = sorted[sorted.length - 1];
  if (!last) throw new Error('extrapolate: no measured point');
  const prev = sorted[sorted.length - 2];
  const measured = prev ? growthExponent(prev, last) : undefined;
  const exponent = Math.max(measured ?? minExponent, minExponent);
  return { value: last.value * (size / last.size) ** exponent, exponent };
}

/** "×3.2 per 10×" style description of an exponent, "–" when unknown. */
export function describeGrowth(exponent: number | undefined): string {
  if (exponent === undefined || !Number.isFinite(exponent)) return '–';
  const f = perTenfold(exponent);
  return `×${f < 10 ? f.toFixed(2) : f.toFixed(1)} per 10× (k=${exponent.toFixed(2)})`;
}
