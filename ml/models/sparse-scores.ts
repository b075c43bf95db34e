/** Item scores held sparsely (item -> score), as the reminder models build them. */
import type { Scored } from './recommender';

/** Dense scores (0 elsewhere) from a sparse item → score map. */
export function denseFromSparse(sparse: ReadonlyMap<number, number>, nItems: number): Float64Array {
  const s = new Float64Array(nItems);
  for (const [it, v] of sparse) s[it] = v;
  return s;
}

/**
 * The k best of a sparse item → score map, ties broken by item index; `keep` filters scores
 * (e.g. positive only) and `exclude` removes items.
 */
export function topFromSparse(
  sparse: ReadonlyMap<number, number>,
  k: number,
  exclude?: ReadonlySet<number>,
  keep: (score: number) => boolean = () => true,
): Scored[] {
  const out: Scored[] = [];
  for (const [item, score] of sparse) if (keep(score) && !(exclude && exclude.has(item))) out.push({ item, score });
  out.sort((a, b) => b.score - a.score || a.item - b.item);
  return out.slice(0, Math.max(0, k));
}
