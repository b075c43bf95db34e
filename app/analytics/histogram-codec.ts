/** Text form of a bucket histogram ("bucket:count ..."), as stored in AnalyticsTimingDaily. Pure. */
export function encodeHistogram(h: ReadonlyMap<number, number>): string {
  return [...h.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([b, c]) => `${b}:${c}`)
    .join(' ');
}

/** Adds the buckets of `text` into `into`. */
export function mergeHistogram(into: Map<number, number>, text: string): Map<number, number> {
  if (!text) return into;
  for (const part of text.split(' ')) {
    const i = part.indexOf(':');
    const b = Number(part.slice(0, i));
    const c = Number(part.slice(i + 1));
    into.set(b, (into.get(b) ?? 0) + c);
  }
  return into;
}
