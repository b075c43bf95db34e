import { describe, expect, it } from 'vitest';
import { popularRanker, scoreSlices, splitCold } from './cold-start-eval';

const products = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, title: `Product ${id}` }));
const sessions = [
  { start: 1, items: ['a', 'b', 'b', 'c'] },
  { start: 2, items: ['a', 'c'] },
  { start: 3, items: ['d'] },
  { start: 4, items: ['b', 'e', 'a'] },
];

describe('splitCold', () => {
  it('tests on the latest sessions, hides only products viewed there, and removes them from training', () => {
    const split = splitCold(products, sessions, { coldShare: 1, testShare: 0.3, seed: 's' });
    expect(split.test).toEqual([['b', 'e', 'a']]);
    expect([...split.cold].sort()).toEqual(['a', 'b', 'e']);
    expect(split.train).toEqual([['c'], ['c']]); // a and b removed, repeats collapsed
    expect(split.trainProducts.map((p) => p.id)).toEqual(['c', 'd']);
    expect(split.coldProducts.map((p) => p.id)).toEqual(['a', 'b', 'e']);
    expect(splitCold(products, sessions, { coldShare: 0, testShare: 0.3, seed: 's' }).cold.size).toBe(0);
  });
});

describe('scoreSlices', () => {
  it('scores each step by the rank of the next product, per slice', () => {
    const split = splitCold(products, sessions, { coldShare: 0, testShare: 0.5, seed: 's' });
    split.cold = new Set(['e']);
    // test: [a, c] (warm), [b, e, a] (b->e cold target, e->a cold query)
    const ranks: Record<string, string[]> = { a: ['b', 'c'], b: ['e'], e: ['c'] };
    const f = scoreSlices(split, (cur) => ranks[cur] ?? []);
    expect(f.warm).toEqual({ events: 1, hr20: 1, mrr20: 0.5 });
    expect(f.coldTarget).toEqual({ events: 1, hr20: 1, mrr20: 1 });
    expect(f.coldQuery).toEqual({ events: 1, hr20: 0, mrr20: 0 });
  });

  it('ranks best sellers of the training sessions without the current product', () => {
    const split = splitCold(products, sessions, { coldShare: 0, testShare: 0.5, seed: 's' });
    expect(popularRanker(split)('b')).toEqual(['a', 'c']);
  });
});
