/** Numbers as the propensity report's sentences print them. */

export function fmt(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(3);
}

export function pct(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
}
