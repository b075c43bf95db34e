import { describe, expect, it } from 'vitest';
import { seededRandom, shuffleInPlace, standardNormal } from '../../../../ml/random/seeded';

describe('seededRandom', () => {
  it('gives the same numbers for the same seed, different ones for another, all in [0, 1)', () => {
    const a = Array.from({ length: 1000 }, seededRandom(42));
    expect(Array.from({ length: 1000 }, seededRandom(42))).toEqual(a);
    expect(Array.from({ length: 5 }, seededRandom(43))).not.toEqual(a.slice(0, 5));
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    // mulberry32's first output for seed 42 (pinned: trained models and tests depend on the sequence)
    expect(a[0]).toBeCloseTo(0.6011037519201636, 15);
  });

  it('shuffles reproducibly and draws normals with mean 0 and variance 1', () => {
    expect(shuffleInPlace([1, 2, 3, 4, 5, 6], seededRandom(1))).toEqual(shuffleInPlace([1, 2, 3, 4, 5, 6], seededRandom(1)));
    expect([...shuffleInPlace([1, 2, 3, 4, 5, 6], seededRandom(1))].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const rand = seededRandom(7);
    const z = Array.from({ length: 20000 }, () => standardNormal(rand));
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
