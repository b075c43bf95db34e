import { describe, expect, it } from 'vitest';
import { PyIntSet } from '../../../../ml/models/pyset';

// Expected orders were printed by CPython 3.11.7 (`list(s)` for the same operations); session-rec's
// reference run used CPython 3.11.2.
const mk = (keys: number[]) => {
  const s = new PyIntSet();
  for (const k of keys) s.add(k);
  return s;
};
const range = (start: number, stop: number, step: number) => {
  const out: number[] = [];
  for (let k = start; k < stop; k += step) out.push(k);
  return out;
};

describe('PyIntSet reproduces CPython set iteration order', () => {
  it('adds with collisions', () => {
    expect(mk([8, 1, 16, 3, 40, 72, 9, 100, 5]).keys()).toEqual([1, 3, 100, 5, 8, 40, 72, 9, 16]);
  });
  it('unions (copy + merge, with resizes)', () => {
    const a = mk(range(0, 200, 7));
    const b = mk(range(3, 300, 11));
    expect(PyIntSet.union(a, b).keys()).toEqual([
      0, 256, 3, 133, 7, 135, 267, 140, 14, 146, 147, 21, 278, 25, 154, 28, 157, 161, 289, 35, 36, 168, 42, 175, 47, 49, 179, 182, 56, 58,
      189, 190, 63, 196, 69, 70, 201, 77, 80, 84, 212, 91, 223, 98, 102, 105, 234, 112, 113, 245, 119, 124, 126,
    ]);
    expect(PyIntSet.union(new PyIntSet(), a).keys()).toEqual([
      0, 196, 133, 70, 7, 140, 77, 14, 147, 84, 21, 154, 91, 28, 161, 98, 35, 168, 105, 42, 175, 112, 49, 182, 119, 56, 189, 126, 63,
    ]);
    const c = mk([30000, 12345, 4096, 8192, 2048, 1024, 77, 32766]);
    expect(PyIntSet.union(c, a).keys()).toEqual([
      4096, 8192, 2048, 1024, 0, 133, 7, 140, 14, 147, 21, 154, 28, 161, 35, 168, 42, 175, 30000, 49, 182, 56, 12345, 189, 63, 196, 70, 77,
      84, 91, 98, 105, 112, 119, 126, 32766,
    ]);
  });
  it('ignores duplicates', () => {
    const s = mk([5, 5, 13, 5]);
    expect(s.size).toBe(2);
    expect(s.keys()).toEqual([13, 5]); // CPython 3.11.7: [13, 5]
  });
});
