/**
 * Shared machinery for the rule baselines AR and SR: a rule table item -> (item -> weight)
 * built in training-row order, pruned like session-rec (`Counter.most_common(keep)`: weight desc,
 * ties in insertion order), stored as CSR typed arrays. Prediction uses the rules of the LAST
 * item of the session only, divided by their maximum (session-rec `series / series.max()`).
 */
import type { ModelArtifact, RecommendContext, Scored } from './recommender';

export type RawRules = Map<number, Map<number, number>>;

export function addRule(rules: RawRules, from: number, to: number, w: number): void {
  let m = rules.get(from);
  if (!m) {
    m = new Map();
    rules.set(from, m);
  }
  m.set(to, (m.get(to) ?? 0) + w);
}

export interface RuleTable {
  nItems: number;
  ptr: Int32Array;
  targets: Int32Array;
  weights: Float64Array;
}

/** Prune (pruning >= 1: keep that many; 0 < pruning < 1: drop that fraction; 0: keep all) and pack. */
export function packRules(rules: RawRules, nItems: number, pruning: number): RuleTable {
  const ptr = new Int32Array(nItems + 1);
  const lists: Array<[number, number][] | undefined> = new Array(nItems);
  for (const [from, m] of rules) {
    let entries = Array.from(m.entries()); // insertion order
    if (pruning > 0) {
      const keep = pruning < 1 ? entries.length - Math.trunc(entries.length * pruning) : pruning;
      // Array.prototype.sort is stable: ties keep insertion order, like Counter.most_common
      entries = entries.sort((a, b) => b[1] - a[1]).slice(0, keep);
    }
    lists[from] = entries;
  }
  let total = 0;
  for (let i = 0; i < nItems; i++) {
    ptr[i] = total;
    total += lists[i]?.length ?? 0;
  }
  ptr[nItems] = total;
  const targets = new Int32Array(total);
  const weights = new Float64Array(total);
  for (let i = 0; i < nItems; i++) {
    const l = lists[i];
    if (!l) continue;
    let p = ptr[i];
    for (const [to, w] of l) {
      targets[p] = to;
      weights[p] = w;
      p++;
    }
  }
  return { nItems, ptr, targets, weights };
}

function lastValid(ctx: RecommendContext, nItems: number): number {
  for (let j = ctx.items.length - 1; j >= 0; j--) {
    const it = ctx.items[j];
    if (Number.isInteger(it) && it >= 0 && it < nItems) return it;
    // session-rec uses the last input item; an unknown last item has no rules
    return -1;
  }
  return -1;
}

export function ruleScoreAll(t: RuleTable, ctx: RecommendContext): Float64Array {
  const out = new Float64Array(t.nItems);
  const last = lastValid(ctx, t.nItems);
  if (last < 0) return out;
  let max = 0;
  for (let p = t.ptr[last]; p < t.ptr[last + 1]; p++) {
    out[t.targets[p]] = t.weights[p];
    if (t.weights[p] > max) max = t.weights[p];
  }
  if (max > 0) for (let p = t.ptr[last]; p < t.ptr[last + 1]; p++) out[t.targets[p]] /= max;
  return out;
}

export function ruleRecommend(t: RuleTable, ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
  const last = lastValid(ctx, t.nItems);
  if (last < 0 || k <= 0) return [];
  const a = t.ptr[last];
  const b = t.ptr[last + 1];
  let max = 0;
  for (let p = a; p < b; p++) if (t.weights[p] > max) max = t.weights[p];
  if (!(max > 0)) return [];
  const out: Scored[] = [];
  for (let p = a; p < b; p++) {
    const item = t.targets[p];
    if (t.weights[p] > 0 && !(exclude && exclude.has(item))) out.push({ item, score: t.weights[p] / max });
  }
  // weight desc, ties by item index (the candidate order used in evaluation)
  out.sort((x, y) => y.score - x.score || x.item - y.item);
  return out.length > k ? out.slice(0, k) : out;
}

export function rulesToState(t: RuleTable) {
  return { nItems: t.nItems, ptr: Array.from(t.ptr), targets: Array.from(t.targets), weights: Array.from(t.weights) };
}

export function rulesFromState(s: unknown): RuleTable {
  const o = s as { nItems: number; ptr: number[]; targets: number[]; weights: number[] };
  if (!o || !Array.isArray(o.ptr) || o.ptr.length !== o.nItems + 1) throw new Error('bad rule table in artifact');
  return {
    nItems: o.nItems,
    ptr: Int32Array.from(o.ptr),
    targets: Int32Array.from(o.targets),
    weights: Float64Array.from(o.weights),
  };
}

export type { ModelArtifact };
