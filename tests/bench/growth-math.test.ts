import { describe, expect, it } from 'vitest';
import { describeGrowth, extrapolate, growthExponent, perTenfold } from './growth-math';

describe('growthExponent', () => {
  it('is 1 for linear growth, 0 for a flat cost, 2 for quadratic', () => {
    expect(growthExponent({ size: 10, value: 3 }, { size: 100, value: 30 })).toBeCloseTo(1, 10);
    expect(growthExponent({ size: 10, value: 3 }, { size: 1000, value: 3 })).toBeCloseTo(0, 10);
    expect(growthExponent({ size: 2, value: 4 }, { size: 4, value: 16 })).toBeCloseTo(2, 10);
  });

  it('is undefined when a point cannot be on a power law', () => {
    expect(growthExponent({ size: 10, value: 0 }, { size: 100, value: 5 })).toBeUndefined();
    expect(growthExponent({ size: 10, value: 1 }, { size: 10, value: 5 })).toBeUndefined();
  });
});

describe('perTenfold', () => {
  it('is the factor per tenfold size', () => {
    expect(perTenfold(1)).toBeCloseTo(10, 10);
    expect(perTenfold(0.5)).toBeCloseTo(Math.sqrt(10), 10);
  });
});

describe('extrapolate', () => {
  it('carries the last two points’ growth to a larger size', () => {
    const r = extrapolate([{ size: 1e5, value: 2 }, { size: 1e4, value: 1 }, { size: 1e6, value: 4 }], 1e7);
    expect(r.exponent).toBeCloseTo(Math.log10(2), 10);
    expect(r.value).toBeCloseTo(8, 10);
  });

  it('never grows slower than the floor', () => {
    const r = extrapolate([{ size: 1e5, value: 20 }, { size: 1e6, value: 25 }], 1e7, 1);
    expect(r.exponent).toBe(1);
    expect(r.value).toBeCloseTo(250, 10);
  });

  it('uses the floor when one point was measured, and fails with none', () => {
    expect(extrapolate([{ size: 100, value: 3 }], 1000, 1).value).toBeCloseTo(30, 10);
    expect(() => extrapolate([], 10)).toThrow();
  });
});

describe('describeGrowth', () => {
  it('names the factor per tenfold and the exponent', () => {
    expect(describeGrowth(1)).toBe('×10.0 per 10× (k=1.00)');
    expect(describeGrowth(0)).toBe('×1.00 per 10× (k=0.00)');
    expect(describeGrowth(undefined)).toBe('–');
  });
});
