/** Items of a context that are valid dense indices (unknown items are ignored). */
export function validItems(items: readonly number[], nItems: number): number[] {
  let ok = true;
  for (const it of items) {
    if (!(Number.isInteger(it) && it >= 0 && it < nItems)) {
      ok = false;
      break;
    }
  }
  if (ok) return items as number[];
  return items.filter((it) => Number.isInteger(it) && it >= 0 && it < nItems);
}
