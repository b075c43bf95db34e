import { describe, expect, it } from 'vitest';
import { buildTrainTest, parseSessionCsv } from '../../../../ml/data/csv';
import { timeSplit } from '../../../../ml/data/split';

describe('timeSplit', () => {
  const day = 86400;
  const data = buildTrainTest(
    parseSessionCsv(
      [
        'SessionId,ItemId,Time',
        `1,a,${0 * day}`,
        `1,b,${0 * day + 5}`,
        `2,b,${1 * day}`,
        `2,c,${1 * day + 5}`,
        `3,c,${2 * day}`,
        `3,a,${2 * day + 5}`,
        `4,d,${3 * day}`,
        `4,a,${3 * day + 5}`,
        `5,a,${3 * day + 50}`,
        `5,c,${3 * day + 60}`,
      ].join('\n'),
    ),
    [],
  ).train;
  it('holds out sessions ending in the last N days, re-indexes train, drops unseen / short test sessions', () => {
    const sp = timeSplit(data, { days: 1 });
    // tMax = 3d+60; cut = 2d+60: sessions 4 and 5 end after it; session 3 ends at 2d+5 < cut
    expect(sp.train.sessions.map((s) => s.id)).toEqual(['1', '2', '3']);
    expect(sp.train.itemIds).toEqual(['a', 'b', 'c']);
    // session 4 = [d, a]: d is unseen in train -> 1 event -> dropped; session 5 = [a, c] kept
    expect(sp.test.sessions.map((s) => s.id)).toEqual(['5']);
    expect(sp.test.sessions[0].events.map((e) => sp.train.itemIds[e.item])).toEqual(['a', 'c']);
    expect(Array.from(sp.itemMap)).toEqual([0, 1, 2]);
  });
  it('holds out the last fraction of sessions by end time', () => {
    const sp = timeSplit(data, { fraction: 0.4 });
    expect(sp.train.sessions.map((s) => s.id)).toEqual(['1', '2', '3']);
    expect(sp.test.sessions.map((s) => s.id)).toEqual(['5']);
    expect(() => timeSplit(data, {})).toThrow();
  });
});
