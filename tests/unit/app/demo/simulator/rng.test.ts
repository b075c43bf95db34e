/**
 * The simulator's Rng draws from the one seeded generator (ml/random/seeded): same seed, same
 * numbers; its 32-bit integers are the generator's draws scaled exactly; forks are reproducible.
 */
import { describe, expect, it } from 'vitest';
import { Rng, hashString } from '../../../../../app/demo/simulator/rng';
import { seededRandom } from '../../../../../ml/random/seeded';

describe('simulator Rng', () => {
  it('draws the seeded generator\'s numbers, for numeric and string seeds', () => {
    const rng = new Rng(42);
    const ref = seededRandom(42);
    for (let i = 0; i < 5; i++) expect(rng.next()).toBe(ref());
    const named = new Rng('catalog');
    const namedRef = seededRandom(hashString('catalog'));
    expect(named.next()).toBe(namedRef());
  });

  it('gives whole unsigned 32-bit integers, and reproducible forks and ids', () => {
    const a = new Rng(7);
    for (let i = 0; i < 100; i++) {
      const x = a.u32();
      expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
    }
    const b = new Rng(7).fork('visits');
    const c = new Rng(7).fork('visits');
    expect(b.uuid()).toBe(c.uuid());
    expect(b.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Rng(7).fork('visits').next()).not.toBe(new Rng(7).fork('catalog').next());
  });
});
