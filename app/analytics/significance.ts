/**
 * How sure an insight is: the two-proportion z-test behind each comparison, the
 * Benjamini–Hochberg correction over every comparison made for one insights answer, and the
 * merchant's wording of the result. Pure.
 *
 * Why Benjamini–Hochberg (false discovery rate) rather than Holm (family-wise error): the
 * insights feed makes dozens of comparisons (every segment at every funnel step, products,
 * searches) and shows the ones that pass. Holm keeps the chance of even one false finding
 * under 5%, which with that many comparisons hides most real problems of a small store;
 * Benjamini–Hochberg keeps the expected share of false findings among those shown under 5%,
 * which is the promise a merchant reading a list needs. It holds for independent or
 * positively dependent tests, which overlapping segments are.
 */

/** Below this many expected successes or failures in either group the normal approximation is not trusted. */
export const MIN_EXPECTED = 5;
/** The false discovery rate the feed is held to. */
export const FDR = 0.05;
/** Adjusted p-values under this read "very likely real". */
export const VERY_LIKELY = 0.01;

/** P(Z > z) for a standard normal Z (erfc approximation, relative error under 1.2e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

export interface ProportionTest {
  /** (p1 − p2) / pooled standard error */
  z: number;
  /** two-sided p-value */
  p: number;
}

/**
 * Pooled two-proportion z-test of x1/n1 against x2/n2; null when a group is too small for
 * the normal approximation (fewer than MIN_EXPECTED expected successes or failures).
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): ProportionTest | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const smallest = Math.min(n1, n2) * Math.min(pooled, 1 - pooled);
  if (smallest < MIN_EXPECTED) return null;
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, p: Math.min(1, 2 * normalUpperTail(Math.abs(z))) };
}

/** Benjamini–Hochberg adjusted p-values (step-up, monotone, capped at 1), in the input's order. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => b[0] - a[0]);
  const adjusted = new Array<number>(m);
  let running = 1;
  order.forEach(([p, i], k) => {
    const rank = m - k;
    running = Math.min(running, (p * m) / rank);
    adjusted[i] = Math.min(1, running);
  });
  return adjusted;
}

export type CertaintyLevel = 'very_likely' | 'likely' | 'not_shown';

/** The merchant's words for an adjusted p-value: "Very likely real (99%)", with the percentage 100 − 100 × adjusted p, rounded down. */
export function certaintyWords(adjustedP: number): { level: CertaintyLevel; label: string } {
  const sure = Math.min(99, Math.floor((1 - adjustedP) * 100));
  if (adjustedP < VERY_LIKELY) return { level: 'very_likely', label: `Very likely real (${sure}%)` };
  if (adjustedP < FDR) return { level: 'likely', label: `Likely real (${sure}%)` };
  return { level: 'not_shown', label: `Could be chance (${Math.max(0, sure)}%)` };
}

/** A p-value as the details line shows it. */
export function formatP(p: number): string {
  if (p < 0.0001) return '< 0.0001';
  return p < 0.01 ? p.toFixed(4) : p.toFixed(3);
}
