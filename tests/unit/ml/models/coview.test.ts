import { describe, expect, it } from 'vitest';
import { coviewNeighbors } from '../../../../ml/models/coview';

describe('coviewNeighbors', () => {
  it('scores pairs by sessions in common over the products\' session counts, with shrinkage', () => {
    const n = coviewNeighbors([['a', 'b'], ['a', 'b'], ['a', 'c'], ['d', 'c']], { shrink: 0 });
    // a: 3 sessions, b: 2, c: 2; a-b in 2, a-c in 1
    expect(n.get('a')).toEqual([
      ['b', 2 / Math.sqrt(6)],
      ['c', 1 / Math.sqrt(6)],
    ]);
    const shrunk = coviewNeighbors([['a', 'b']], { shrink: 1 });
    expect(shrunk.get('a')).toEqual([['b', 0.5]]);
  });

  it('counts a pair once per session, collapses repeats and only within the window', () => {
    const n = coviewNeighbors([['a', 'a', 'b', 'a', 'b', 'c', 'd']], { shrink: 0, window: 2 });
    expect(n.get('a')).toEqual([['b', 1], ['c', 1]]); // a..d is 3 steps apart at the closest
    expect(n.get('d')).toEqual([['b', 1], ['c', 1]]); // b (index 3) is two steps before d
  });

  it('keeps the k best per product', () => {
    const n = coviewNeighbors([['a', 'b', 'c', 'd'], ['a', 'b']], { k: 1, shrink: 0 });
    expect(n.get('a')).toHaveLength(1);
    expect(n.get('a')![0][0]).toBe('b');
  });
});
