import { describe, expect, it } from 'vitest';
import { BundleSessionScorer } from '../../../../ml/eval/bundle-scorer';
import { ServingBundle } from '../../../../ml/serve';
import { createModel } from '../../../../ml/models/registry';
import type { SessionDataset } from '../../../../ml/data/session-dataset';

describe('BundleSessionScorer (ml/eval/bundle-scorer.ts)', () => {
  const data: SessionDataset = {
    itemIds: ['a', 'b', 'c'],
    sessions: [
      { id: '1', events: [0, 1, 2].map((item, j) => ({ item, time: 100 + j, kind: 'view' as const })) },
      { id: '2', events: [0, 2].map((item, j) => ({ item, time: 200 + j, kind: 'view' as const })) },
    ],
  };

  it("scores the bundle's session model on another item index, matching products by id", async () => {
    const model = createModel('sr');
    await model.fit(data);
    // the evaluation knows "z", which the bundle does not, and orders the others differently
    const scorer = new BundleSessionScorer(new ServingBundle(data.itemIds, model, null, null, []), ['z', 'c', 'a', 'b']);
    expect(scorer.knownItems).toBe(3);
    const inner = model.scoreAll({ items: [0], time: 300 });
    expect(inner[1] + inner[2]).toBeGreaterThan(0);
    // "z" in the input is left out, as the bundle does when serving; "z" scores 0
    expect(Array.from(scorer.scoreAll({ items: [0, 2], time: 300 }))).toEqual([0, inner[2], inner[0], inner[1]]);
    expect(Array.from(scorer.scoreAll({ items: [0], time: 300 }))).toEqual([0, 0, 0, 0]);
    const evalIndex = (bundleItem: number) => ['z', 'c', 'a', 'b'].indexOf(data.itemIds[bundleItem]);
    const served = model.recommend({ items: [0], time: 300 }, 3).map((x) => evalIndex(x.item));
    expect(served.length).toBeGreaterThan(0);
    expect(scorer.recommend({ items: [2], time: 300 }, 3).map((x) => x.item).sort()).toEqual(served.sort());
  });

  it('scores nothing for a bundle without a session model', () => {
    const scorer = new BundleSessionScorer(new ServingBundle(['a'], null, null, null, ['a']), ['a']);
    expect(Array.from(scorer.scoreAll({ items: [0] }))).toEqual([0]);
  });
});
