import { describe, expect, it } from 'vitest';
import { averagePrecision, baseRate, binaryMetrics, calibration, rocAuc } from '../../../../ml/propensity/metrics';

/** AUC by counting every (positive, negative) pair, ties 1/2: the definition. */
function pairwiseAuc(s: number[], y: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < s.length; i++) {
    if (!y[i]) continue;
    for (let j = 0; j < s.length; j++) {
      if (y[j]) continue;
      den++;
      num += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  return num / den;
}

describe('rocAuc', () => {
  it('matches hand-computed values', () => {
    // positives 0.35, 0.8; negatives 0.1, 0.4: pairs won 0.8>0.1, 0.8>0.4, 0.35>0.1; lost 0.35<0.4 -> 3/4
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(rocAuc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([4, 3, 2, 1], [0, 0, 1, 1])).toBe(0);
  });

  it('counts ties as one half', () => {
    // pos {0.9, 0.5} vs neg {0.5, 0.1}: 1 + 1 + 0.5 + 1 = 3.5 of 4
    expect(rocAuc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBeCloseTo(0.875, 12);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5);
  });

  it('agrees with the pairwise definition on random data with many ties', () => {
    let a = 12345;
    const r = () => (a = (a * 1103515245 + 12345) % 2147483648) / 2147483648;
    const s = Array.from({ length: 300 }, () => Math.round(r() * 10) / 10);
    const y = s.map((v) => (r() < 0.1 + v * 0.3 ? 1 : 0));
    expect(rocAuc(s, y)).toBeCloseTo(pairwiseAuc(s, y), 12);
  });

  it('is NaN when a class is missing, and rejects bad input', () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
    expect(rocAuc([0.1, 0.2], [0, 0])).toBeNaN();
    expect(() => rocAuc([0.1], [0, 1])).toThrow();
    expect(() => rocAuc([NaN, 0.1], [0, 1])).toThrow();
  });
});

describe('averagePrecision (AUC-PR)', () => {
  it('matches hand-computed values', () => {
    // ranked: 0.8(+) 0.4(-) 0.35(+) 0.1(-): precision at the positives 1/1 and 2/3 -> (1 + 2/3) / 2
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(5 / 6, 12);
    expect(averagePrecision([0.9, 0.8, 0.1], [1, 1, 0])).toBe(1);
    // one positive ranked last of four: precision 1/4
    expect(averagePrecision([0.9, 0.8, 0.7, 0.1], [0, 0, 0, 1])).toBeCloseTo(0.25, 12);
  });

  it('treats tied scores as one threshold, whatever the input order', () => {
    // 0.9(+) then {0.5(+), 0.5(-)} together: 1/2 * 1 + 1/2 * 2/3
    expect(averagePrecision([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBeCloseTo(0.5 + 1 / 3, 12);
    expect(averagePrecision([0.9, 0.5, 0.5, 0.1], [1, 0, 1, 0])).toBeCloseTo(0.5 + 1 / 3, 12);
    // a constant score gives the base rate
    expect(averagePrecision([0.3, 0.3, 0.3, 0.3, 0.3], [1, 0, 0, 1, 0])).toBeCloseTo(0.4, 12);
  });

  it('is NaN without positives', () => {
    expect(averagePrecision([0.1, 0.2], [0, 0])).toBeNaN();
  });
});

describe('calibration and summary', () => {
  it('computes Brier, log loss and equal-count bins', () => {
    const c = calibration([0.1, 0.1, 0.9, 0.9], [0, 1, 1, 1], 2);
    expect(c.brier).toBeCloseTo((0.01 + 0.81 + 0.01 + 0.01) / 4, 12);
    expect(c.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.1) + 2 * Math.log(0.9)) / 4, 12);
    expect(c.meanPredicted).toBeCloseTo(0.5, 12);
    expect(c.observedRate).toBeCloseTo(0.75, 12);
    expect(c.bins).toEqual([
      { from: 0.1, to: 0.1, count: 2, meanPredicted: 0.1, observedRate: 0.5 },
      { from: 0.9, to: 0.9, count: 2, meanPredicted: 0.9, observedRate: 1 },
    ]);
    expect(calibration([0.2], [1], 5).bins).toHaveLength(1);
  });

  it('reports base rate with AUC and AUC-PR', () => {
    expect(baseRate([1, 0, 0, 0])).toBe(0.25);
    const m = binaryMetrics([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect(m).toEqual({ n: 4, positives: 2, baseRate: 0.5, auc: 0.75, aucPr: expect.closeTo(5 / 6, 12) });
  });
});
