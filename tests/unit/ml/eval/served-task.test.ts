import { describe, expect, it } from 'vitest';
import { mergeConsecutiveRepeats } from '../../../../ml/eval/served-task';
import { evaluateSessions } from '../../../../ml/eval/evaluate';
import type { Recommender } from '../../../../ml/models/recommender';
import type { SessionDataset } from '../../../../ml/data/session-dataset';

const ds = (seqs: number[][]): SessionDataset => ({
  itemIds: ['a', 'b', 'c', 'd', 'e'],
  sessions: seqs.map((items, s) => ({ id: String(s), events: items.map((item, k) => ({ item, time: s * 100 + k, kind: 'view' as const })) })),
});

/** Scores the session's last item highest, then the items in index order (a model that likes repeats). */
const repeatLover: Recommender = {
  name: 'repeat-lover',
  fit: () => {},
  scoreAll: (ctx) => {
    const s = Float64Array.from({ length: 5 }, (_, i) => 5 - i);
    s[ctx.items[ctx.items.length - 1]] = 100;
    return s;
  },
  recommend: () => [],
  toArtifact: () => ({ kind: 'x', version: 1, params: {}, state: null }),
};

describe('the served task (ml/eval/served-task.ts)', () => {
  it('merges consecutive repeat clicks and drops sessions left with one product', () => {
    const merged = mergeConsecutiveRepeats(ds([[0, 0, 1, 1, 1, 0], [2, 2], [3, 4]]));
    expect(merged.sessions.map((s) => s.events.map((e) => e.item))).toEqual([[0, 1, 0], [3, 4]]);
  });

  it("leaves the session's items out of the ranking; a click back to one of them is a miss", () => {
    const train = ds([[0, 1]]);
    // session c -> b: the model ranks c (the current item) first and b third (after a)
    const test = ds([[2, 1]]);
    expect(evaluateSessions(repeatLover, train, test).mrr).toBeCloseTo(1 / 3);
    // without c: a, then b second
    expect(evaluateSessions(repeatLover, train, test, { excludeSession: true }).mrr).toBeCloseTo(1 / 2);
    // d -> a -> d: the return to d can never be shown
    const back = evaluateSessions(repeatLover, train, ds([[3, 0, 3]]), { excludeSession: true, cutoff: 5 });
    expect(back.n).toBe(2);
    expect(back.hr).toBeCloseTo(1 / 2);
  });
});
