import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnswerCache, decodeBundle, decodeBundleAsync, encodeBundle, ServingBundle, type BundleArtifact } from '../../../ml/serve';
import type { Recommender, Scored } from '../../../ml/models/recommender';
import type { SessionDataset } from '../../../ml/data/session-dataset';
import { createModel } from '../../../ml/models/registry';

/** A session model that counts its calls and ranks items by index, skipping the excluded ones. */
function countingModel(nItems: number) {
  let calls = 0;
  const model: Recommender = {
    name: 'counting',
    fit: () => {},
    scoreAll: () => new Float64Array(nItems),
    recommend: (_ctx, k, exclude) => {
      calls++;
      const out: Scored[] = [];
      for (let i = 0; i < nItems && out.length < k; i++) if (!exclude?.has(i)) out.push({ item: i, score: nItems - i });
      return out;
    },
    toArtifact: () => ({ kind: 'counting', version: 1, params: {}, state: null }),
  };
  return { model, calls: () => calls };
}

const ids = Array.from({ length: 30 }, (_, i) => `p${i}`);

afterEach(() => vi.useRealTimers());

describe('ServingBundle answers', () => {
  it('reuses the model answer for the same session, and leaves out the session and the excluded products', () => {
    const m = countingModel(30);
    const b = new ServingBundle(ids, m.model, null, null, []);
    const first = b.alsoLike('p0', 5, new Set(['p2']));
    expect(first.ids).toEqual(['p1', 'p3', 'p4', 'p5', 'p6']);
    // another visitor on the same product page, other exclusions: no second model call
    expect(b.alsoLike('p0', 5, new Set(['p1', 'p3'])).ids).toEqual(['p2', 'p4', 'p5', 'p6', 'p7']);
    expect(m.calls()).toBe(1);
    // a longer list within the depth computed (64): still the same answer
    expect(b.alsoLike('p0', 12, new Set()).ids).toHaveLength(12);
    expect(m.calls()).toBe(1);
    // deeper than computed: computed again
    expect(b.alsoLike('p0', 29, new Set(Array.from({ length: 40 }, (_, i) => `x${i}`))).ids).toHaveLength(29);
    expect(m.calls()).toBe(2);
    expect(b.nextItems(['p4', 'p0'], 3, new Set()).ids).toEqual(['p1', 'p2', 'p3']);
    expect(m.calls()).toBe(3);
  });

  it('forgets its answers when fresh sessions join the neighbor pool', async () => {
    const data: SessionDataset = {
      itemIds: ids.slice(0, 4),
      sessions: [
        { id: 'a', events: [0, 1].map((item, k) => ({ item, time: 1000 + k, kind: 'view' as const })) },
        { id: 'b', events: [0, 1].map((item, k) => ({ item, time: 1100 + k, kind: 'view' as const })) },
      ],
    };
    const knn = createModel('vsknn');
    await knn.fit(data);
    const b = new ServingBundle(ids.slice(0, 4), knn, null, null, []);
    expect(b.alsoLike('p0', 3, new Set()).ids).toEqual(['p1']);
    // a later session goes 0 -> 3: once it joins, p3 is a neighbor's next product too
    expect(b.addLateSessions([{ id: 'c', events: [{ productId: 'p0', ts: 2_000_000 }, { productId: 'p3', ts: 2_000_100 }] }])).toBe(1);
    expect(b.alsoLike('p0', 3, new Set()).ids).toEqual(expect.arrayContaining(['p1', 'p3']));
  });

  it('drops the least recently used entry past its size and everything past its age', () => {
    vi.useFakeTimers();
    let computed = 0;
    const c = new AnswerCache(2, 1000);
    const compute = (d: number) => {
      computed++;
      return [{ item: d, score: 1 }];
    };
    c.get([1], 5, compute);
    c.get([2], 5, compute);
    c.get([1], 5, compute); // hit; [2] is now the least recently used
    c.get([3], 5, compute); // drops [2]
    expect(computed).toBe(3);
    c.get([1], 5, compute);
    expect(computed).toBe(3);
    c.get([2], 5, compute);
    expect(computed).toBe(4);
    vi.advanceTimersByTime(1500);
    c.get([2], 5, compute);
    expect(computed).toBe(5);
    expect(c.size).toBe(1);
  });
});

describe('bundle bytes', () => {
  it('decode the same on the calling thread and off it, and a corrupt column fails loudly', async () => {
    const artifact = {
      format: 'waymark-bundle',
      version: 1,
      itemIds: ids,
      session: null,
      fbt: null,
      content: null,
      popular: ['p3', 'p1', 'ü-日本'],
    } as unknown as BundleArtifact;
    const bytes = encodeBundle(artifact);
    expect(await decodeBundleAsync(bytes)).toEqual(decodeBundle(bytes));
    expect(await decodeBundleAsync(bytes)).toEqual(artifact);
    await expect(decodeBundleAsync(bytes.subarray(0, bytes.length - 8))).rejects.toThrow();
  });
});
