/** Per-request item scores of the session-kNN models: a reusable dense accumulator and the distinct items of a session. */

/** Scratch accumulator over items: dense scores + list of touched items. */
export class ItemAccumulator {
  readonly scores: Float64Array;
  readonly touched: Int32Array;
  private seen: Uint8Array;
  n = 0;
  constructor(nItems: number) {
    this.scores = new Float64Array(nItems);
    this.touched = new Int32Array(nItems);
    this.seen = new Uint8Array(nItems);
  }
  add(item: number, v: number): void {
    if (this.seen[item] === 0) {
      this.seen[item] = 1;
      this.touched[this.n++] = item;
      this.scores[item] = v;
    } else this.scores[item] += v;
  }
  reset(): void {
    for (let j = 0; j < this.n; j++) {
      const it = this.touched[j];
      this.scores[it] = 0;
      this.seen[it] = 0;
    }
    this.n = 0;
  }
  /** dense copy (length nItems); optionally divided by the max (session-rec normalize) */
  dense(normalize: boolean): Float64Array {
    const out = new Float64Array(this.scores.length);
    let max = 0;
    for (let j = 0; j < this.n; j++) {
      const it = this.touched[j];
      const v = this.scores[it];
      out[it] = v;
      if (v > max) max = v;
    }
    if (normalize) {
      if (max > 0) for (let j = 0; j < this.n; j++) out[this.touched[j]] /= max;
      else for (let j = 0; j < this.n; j++) out[this.touched[j]] = 0;
    }
    return out;
  }
  max(): number {
    let m = 0;
    for (let j = 0; j < this.n; j++) if (this.scores[this.touched[j]] > m) m = this.scores[this.touched[j]];
    return m;
  }
}

/** Distinct items of a sequence, in first-occurrence order. */
export function distinct(items: readonly number[]): number[] {
  if (items.length <= 1) return items.slice();
  const out: number[] = [];
  const seen = new Set<number>();
  for (const it of items) {
    if (!seen.has(it)) {
      seen.add(it);
      out.push(it);
    }
  }
  return out;
}
