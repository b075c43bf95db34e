import { describe, expect, it } from 'vitest';
import { fitLogistic, logisticCoefficients, predictLogistic, sigmoid } from '../../../../ml/propensity/logistic';
import { rocAuc } from '../../../../ml/propensity/metrics';
import { seededRandom, standardNormal } from '../../../../ml/random/seeded';

function stream(seed: number) {
  const uniform = seededRandom(seed);
  return { uniform, normal: () => standardNormal(uniform) };
}

/** y ~ Bernoulli(sigmoid(-2.5 + 1.0 * standardized x0 - 0.7 * x1)); x2 is noise, x3 constant. */
function synthetic(n: number, seed: number) {
  const { uniform, normal } = stream(seed);
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = Float64Array.from([2 * normal() + 5, normal(), normal(), 7]);
    const z = -2.5 + 1.0 * ((x[0] - 5) / 2) - 0.7 * x[1];
    labels.push(uniform() < sigmoid(z) ? 1 : 0);
    rows.push(x);
  }
  return { rows, labels };
}

describe('logistic regression', () => {
  const names = ['strong', 'negative', 'noise', 'constant'];

  it('recovers the generating coefficients on standardized features', () => {
    const { rows, labels } = synthetic(20_000, 3);
    const m = fitLogistic(rows, labels, names, { l2: 0.01 });
    expect(m.converged).toBe(true);
    expect(m.coef[0]).toBeCloseTo(1.0, 1);
    expect(m.coef[1]).toBeCloseTo(-0.7, 1);
    expect(Math.abs(m.coef[2])).toBeLessThan(0.08);
    expect(m.coef[3]).toBe(0); // constant column: sd 1, zero gradient, penalized -> exactly 0
    const byName = logisticCoefficients(m);
    expect(byName.map((c) => c.feature).slice(0, 2)).toEqual(['strong', 'negative']);
    expect(byName[0].oddsRatioPerSd).toBeCloseTo(Math.exp(m.coef[0]), 12);
  });

  it('is calibrated in the mean (unpenalized intercept) and ranks well', () => {
    const { rows, labels } = synthetic(3_000, 9);
    const m = fitLogistic(rows, labels, names, { l2: 1 });
    const p = predictLogistic(m, rows);
    const meanP = p.reduce((a, b) => a + b, 0) / p.length;
    const rate = labels.reduce((a, b) => a + b, 0) / labels.length;
    // the intercept's score equation: sum p = sum y at the optimum
    expect(meanP).toBeCloseTo(rate, 6);
    expect(rocAuc(p, labels)).toBeGreaterThan(0.75);
    for (const v of p) expect(v > 0 && v < 1).toBe(true);
  });

  it('shrinks coefficients as the penalty grows, and up-weighting positives moves the intercept', () => {
    const { rows, labels } = synthetic(3_000, 5);
    const weak = fitLogistic(rows, labels, names, { l2: 0.1 });
    const strong = fitLogistic(rows, labels, names, { l2: 1000 });
    expect(Math.abs(strong.coef[0])).toBeLessThan(Math.abs(weak.coef[0]));
    const weighted = fitLogistic(rows, labels, names, { l2: 0.1, positiveWeight: 5 });
    expect(weighted.intercept - weak.intercept).toBeGreaterThan(1); // ~ log 5
    expect(() => fitLogistic(rows, labels, names, { l2: 0 })).toThrow();
  });
});
