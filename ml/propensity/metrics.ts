/**
 * Metrics for a binary score against 0/1 outcomes, for a rare positive class (purchases).
 *
 * - `rocAuc`: the probability that a random buyer scores above a random non-buyer, ties
 *   counting one half (the Mann–Whitney U statistic over mid-ranks). 0.5 = random.
 * - `averagePrecision` (AUC-PR): the mean, over the positives, of the precision at the
 *   threshold that first includes them. Tied scores form one threshold (they are
 *   included together), so the value does not depend on the input order. Random = the
 *   base rate, which is why it is reported next to it.
 * - `calibration`: Brier score, log loss, and the mean predicted probability against the
 *   observed rate in equal-count bins of the score.
 *
 * Pure; no dependencies.
 */

export interface CalibrationBin {
  /** inclusive score range of the bin */
  from: number;
  to: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

export interface CalibrationSummary {
  brier: number;
  logLoss: number;
  meanPredicted: number;
  observedRate: number;
  bins: CalibrationBin[];
}

export interface BinaryMetrics {
  n: number;
  positives: number;
  baseRate: number;
  auc: number;
  aucPr: number;
}

function check(scores: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (scores.length !== labels.length) throw new Error(`metrics: ${scores.length} scores for ${labels.length} labels`);
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new Error(`metrics: score ${i} is not finite (${scores[i]})`);
  }
}

/** Indices sorted by score, descending (stable). */
function order(scores: ArrayLike<number>): number[] {
  const idx = Array.from({ length: scores.length }, (_, i) => i);
  idx.sort((a, b) => scores[b] - scores[a] || a - b);
  return idx;
}

export function baseRate(labels: ArrayLike<number>): number {
  if (!labels.length) return NaN;
  let p = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > 0) p++;
  return p / labels.length;
}

/** ROC AUC by mid-ranks; NaN when one class is absent. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  check(scores, labels);
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let pos = 0;
  let rankSumPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const midRank = (i + j) / 2 + 1; // 1-based ranks i+1 .. j+1
    for (let t = i; t <= j; t++) {
      if (labels[idx[t]] > 0) {
        pos++;
        rankSumPos += midRank;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (!pos || !neg) return NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Average precision (area under the precision–recall step curve); NaN without positives. */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  check(scores, labels);
  const idx = order(scores);
  let total = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > 0) total++;
  if (!total) return NaN;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    let tpHere = 0;
    while (j < idx.length && scores[idx[j]] === scores[idx[i]]) {
      if (labels[idx[j]] > 0) tpHere++;
      j++;
    }
    seen += j - i;
    tp += tpHere;
    // recall rises by tpHere / total at this threshold, where precision is tp / seen
    ap += (tpHere / total) * (tp / seen);
    i = j;
  }
  return ap;
}

/** Calibration in `bins` equal-count bins of the predicted probability (fewer when n is small). */
export function calibration(probs: ArrayLike<number>, labels: ArrayLike<number>, bins = 5): CalibrationSummary {
  check(probs, labels);
  const n = probs.length;
  let brier = 0;
  let logLoss = 0;
  let sumP = 0;
  let pos = 0;
  const eps = 1e-12;
  for (let i = 0; i < n; i++) {
    const p = probs[i];
    const y = labels[i] > 0 ? 1 : 0;
    brier += (p - y) ** 2;
    const pc = Math.min(1 - eps, Math.max(eps, p));
    logLoss -= y ? Math.log(pc) : Math.log(1 - pc);
    sumP += p;
    pos += y;
  }
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => probs[a] - probs[b] || a - b);
  const k = Math.max(1, Math.min(bins, n));
  const out: CalibrationBin[] = [];
  for (let b = 0; b < k && n; b++) {
    const lo = Math.floor((b * n) / k);
    const hi = Math.floor(((b + 1) * n) / k);
    if (hi <= lo) continue;
    let sp = 0;
    let sy = 0;
    for (let t = lo; t < hi; t++) {
      sp += probs[idx[t]];
      sy += labels[idx[t]] > 0 ? 1 : 0;
    }
    out.push({ from: probs[idx[lo]], to: probs[idx[hi - 1]], count: hi - lo, meanPredicted: sp / (hi - lo), observedRate: sy / (hi - lo) });
  }
  return {
    brier: n ? brier / n : NaN,
    logLoss: n ? logLoss / n : NaN,
    meanPredicted: n ? sumP / n : NaN,
    observedRate: n ? pos / n : NaN,
    bins: out,
  };
}

export function binaryMetrics(scores: ArrayLike<number>, labels: ArrayLike<number>): BinaryMetrics {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > 0) positives++;
  return {
    n: labels.length,
    positives,
    baseRate: baseRate(labels),
    auc: rocAuc(scores, labels),
    aucPr: averagePrecision(scores, labels),
  };
}
