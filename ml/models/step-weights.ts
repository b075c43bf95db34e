/** Decay / weighting functions used by session-rec's SR and V-SKNN (argument i is 1-based). */
export const stepWeights: Record<string, (i: number) => number> = {
  linear: (i) => (i <= 100 ? 1 - 0.1 * i : 0),
  same: () => 1,
  div: (i) => 1 / i,
  log: (i) => 1 / Math.log10(i + 1.7),
  quadratic: (i) => 1 / (i * i),
};

export function requireWeight(table: Record<string, (...a: number[]) => number>, name: string, what: string) {
  const f = table[name];
  if (!f) throw new Error(`${what}: unknown weighting "${name}" (valid: ${Object.keys(table).join(', ')})`);
  return f;
}
