import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, certaintyWords, normalUpperTail, twoProportionTest } from '../../../../app/analytics/significance';

describe('significance', () => {
  it('normal tail probabilities match the tables', () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(1.96)).toBeCloseTo(0.0249979, 6);
    expect(normalUpperTail(3)).toBeCloseTo(0.0013499, 6);
    expect(normalUpperTail(-1.96)).toBeCloseTo(0.9750021, 6);
  });

  it('two-proportion z-test: known values', () => {
    // 6% of 600 against 1% of 400: pooled 4%, standard error 0.012649, z = 3.9528.
    const t = twoProportionTest(36, 600, 4, 400)!;
    expect(t.z).toBeCloseTo(3.95285, 4);
    expect(t.p).toBeCloseTo(7.7227e-5, 8);
    // 45% against 30% of 100 each: z = 2.1909, p = 0.0285.
    const u = twoProportionTest(45, 100, 30, 100)!;
    expect(u.z).toBeCloseTo(2.19089, 4);
    expect(u.p).toBeCloseTo(0.02846, 4);
  });

  it('a gap like 24% against 26% is not significant', () => {
    const t = twoProportionTest(120, 500, 130, 500)!;
    expect(t.z).toBeCloseTo(-0.7303, 3);
    expect(t.p).toBeCloseTo(0.4652, 3);
    expect(certaintyWords(t.p).level).toBe('not_shown');
  });

  it('refuses groups too small for the test (16 sessions)', () => {
    expect(twoProportionTest(1, 16, 40, 1000)).toBeNull();
    expect(twoProportionTest(0, 0, 40, 1000)).toBeNull();
  });

  it('Benjamini–Hochberg adjusted p-values (as R p.adjust "BH")', () => {
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005])).toEqual([0.02, 0.04, 0.04, 0.02]);
    // One small p among many large ones: it no longer passes.
    const adjusted = benjaminiHochberg([0.03, ...Array(19).fill(0.5)]);
    // min(0.03 × 20 / 1, 0.5 × 20 / 20): the step-up takes the smaller.
    expect(adjusted[0]).toBeCloseTo(0.5, 10);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(benjaminiHochberg([0.9, 0.95])).toEqual([0.95, 0.95]);
  });

  it('says how sure in words, with the percentage', () => {
    expect(certaintyWords(0.0004)).toEqual({ level: 'very_likely', label: 'Very likely real (99%)' });
    expect(certaintyWords(0.032)).toEqual({ level: 'likely', label: 'Likely real (96%)' });
    expect(certaintyWords(0.2).level).toBe('not_shown');
  });
});
