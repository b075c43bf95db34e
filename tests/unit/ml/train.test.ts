import { describe, expect, it } from 'vitest';
import { trainStore } from '../../../ml/train';
import { createModel, registerModel } from '../../../ml/models/registry';
import type { SessionDataset } from '../../../ml/data/session-dataset';
import type { Recommender } from '../../../ml/models/recommender';
import { clusterSessions } from '../../helpers/cluster-sessions';

/** vstan that throws, like a diverging neural model, when fitted on more than `maxSessions` sessions. */
function failingAbove(maxSessions: number, message: string) {
  return {
    create: (): Recommender => {
      const inner = createModel('vstan');
      return {
        name: 'vstan-wrapper',
        fit: async (data: SessionDataset) => {
          if (data.sessions.length > maxSessions) throw new Error(message);
          await inner.fit(data);
        },
        scoreAll: (ctx) => inner.scoreAll(ctx),
        recommend: (ctx, k, ex) => inner.recommend(ctx, k, ex),
        toArtifact: () => inner.toArtifact(),
      };
    },
  };
}

describe('trainStore with a candidate that fails', () => {
  const sessions = clusterSessions(3, 900);

  it('leaves a candidate that throws out of the comparison and says why', async () => {
    registerModel('test-diverges', failingAbove(0, 'loss is NaN at epoch 1'));
    const r = await trainStore({ sessions, baskets: [], products: [] }, { candidates: ['sr', 'test-diverges'] });
    expect(r.validated).toBe(true);
    expect(r.selected).toBe('sr');
    expect(r.candidates.map((c) => c.model)).toEqual(['sr']);
    expect(r.failedCandidates).toEqual([{ model: 'test-diverges', reason: 'loss is NaN at epoch 1' }]);
    expect(r.note).toMatch(/test-diverges could not be trained \(loss is NaN at epoch 1\) and was left out/);
    expect(r.bundle.session?.kind).toBe('sr');
  });

  it('serves the next candidate when the winner fails on all sessions', async () => {
    // fits on the training part (fewer sessions), fails on all of them; it wins validation (vstan beats ar here)
    registerModel('test-fails-on-refit', failingAbove(850, 'out of memory'));
    const r = await trainStore({ sessions, baskets: [], products: [] }, { candidates: ['ar', 'test-fails-on-refit'] });
    expect(r.candidates[0].model).toBe('test-fails-on-refit');
    expect(r.selected).toBe('ar');
    expect(r.metrics?.model).toBe('ar');
    expect(r.note).toMatch(/test-fails-on-refit could not be refitted on all sessions \(out of memory\), so ar, next in the ranking, serves/);
    expect(r.bundle.session?.kind).toBe('ar');
  });
});
