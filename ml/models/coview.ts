/**
 * Co-view similarity from a store's own sessions: two products are similar when the same
 * sessions view them close together. Each session counts once per pair (viewed within
 * `window` steps of each other, repeats collapsed); the similarity is the pair count over
 * the geometric mean of the two products' session counts plus a shrinkage term, so a pair
 * seen once between two rarely viewed products does not look certain:
 *   cov(i, j) = c(i, j) / (sqrt(c(i) * c(j)) + shrink).
 * Pure; no I/O.
 */
export interface CoviewParams {
  /** neighbors kept per product */
  k?: number;
  /** pairs further apart than this in a session's distinct views do not count */
  window?: number;
  shrink?: number;
}

export type NeighborLists = Map<string, Array<[string, number]>>;

export function coviewNeighbors(sessions: readonly (readonly string[])[], params: CoviewParams = {}): NeighborLists {
  const k = params.k ?? 20;
  const window = params.window ?? 5;
  const shrink = params.shrink ?? 1;
  const seen = new Map<string, number>();
  const pairs = new Map<string, Map<string, number>>();
  const bump = (a: string, b: string) => {
    let row = pairs.get(a);
    if (!row) pairs.set(a, (row = new Map()));
    row.set(b, (row.get(b) ?? 0) + 1);
  };
  for (const session of sessions) {
    const order: string[] = [];
    for (const id of session) if (order[order.length - 1] !== id) order.push(id);
    for (const id of new Set(order)) seen.set(id, (seen.get(id) ?? 0) + 1);
    const counted = new Set<string>();
    order.forEach((a, i) => {
      for (let j = i + 1; j < Math.min(order.length, i + 1 + window); j++) {
        const b = order[j];
        if (a === b) continue;
        const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
        if (counted.has(key)) continue;
        counted.add(key);
        bump(a, b);
        bump(b, a);
      }
    });
  }
  const out: NeighborLists = new Map();
  for (const [a, row] of pairs) {
    const ca = seen.get(a)!;
    const best = [...row]
      .map(([b, c]) => [b, c / (Math.sqrt(ca * seen.get(b)!) + shrink)] as [string, number])
      .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
      .slice(0, k);
    out.set(a, best);
  }
  return out;
}
