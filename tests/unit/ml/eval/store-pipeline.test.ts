import { describe, expect, it } from 'vitest';
import { trainTestFromCsv } from '../../../../ml/data/csv';
import { evaluateStorePipeline, lateSessionsByEndTime, rawSessionsFrom } from '../../../../ml/eval/store-pipeline';
import { buildDataset } from '../../../../ml/train';
import { STORE_MODEL_PARAMS } from '../../../../ml/validate-candidates';
import { createModel } from '../../../../ml/models/registry';
import { evaluateSessions } from '../../../../ml/eval/evaluate';
import { evaluateStreaming } from '../../../../ml/eval/streaming';
import type { SessionDataset } from '../../../../ml/data/session-dataset';
import { clusterSessions, sessionCsv } from '../../../helpers/cluster-sessions';

function reindex(test: SessionDataset, into: SessionDataset): SessionDataset {
  const index = new Map(into.itemIds.map((id, i) => [id, i]));
  return { itemIds: into.itemIds, sessions: test.sessions.map((s) => ({ ...s, events: s.events.map((e) => ({ ...e, item: index.get(test.itemIds[e.item])! })) })) };
}

describe('evaluateStorePipeline (ml/eval/store-pipeline.ts)', () => {
  const journeys = clusterSessions(2, 1000);
  const split = trainTestFromCsv(sessionCsv(journeys.slice(0, 850)), sessionCsv(journeys.slice(850)));

  it('converts Unix seconds to epoch ms and back, product ids for indices', () => {
    const raw = rawSessionsFrom(split.train);
    expect(raw[0]).toEqual(journeys[0]);
    const late = lateSessionsByEndTime(split.test);
    expect(late.map((s) => s.time)).toEqual([...late.map((s) => s.time)].sort((a, b) => a - b));
    expect(late[0].events).toEqual(journeys[850].events.map(({ productId, ts }) => ({ productId, ts })));
  });

  it('scores the bundle of the pipeline exactly like its model fitted by hand; late sessions join its pool like fresh ones', async () => {
    const r = await evaluateStorePipeline(split, { candidates: ['vstan'] }, { ties: 'pessimistic', streaming: true });
    expect(r.training.selected).toBe('vstan');
    expect(r.training.candidates.map((c) => c.model)).toEqual(['vstan']);
    expect(r.knownItems).toBe(split.train.itemIds.length);
    expect(r.artifactBytes).toBeGreaterThan(0);
    const data = buildDataset(journeys.slice(0, 850));
    const test = reindex(split.test, data);
    const direct = createModel('vstan', STORE_MODEL_PARAMS.vstan);
    await direct.fit(data);
    const fixed = evaluateSessions(direct, data, test, { ties: 'pessimistic' });
    expect(r.fixed.n).toBe(fixed.n);
    expect(r.fixed.mrr).toBeCloseTo(fixed.mrr, 12);
    expect(r.fixed.hr).toBeCloseTo(fixed.hr, 12);
    // the comparison tells parameters apart: fewer neighbors score otherwise
    const defaults = createModel('vstan', { ...STORE_MODEL_PARAMS.vstan, k: 5 });
    await defaults.fit(data);
    expect(evaluateSessions(defaults, data, test, { ties: 'pessimistic' }).mrr).not.toBeCloseTo(fixed.mrr, 6);
    const streaming = evaluateStreaming(direct, data, test, { ties: 'pessimistic' });
    expect(r.streaming).toBeTruthy();
    expect(r.streaming!.sessionsAdded).toBe(streaming.sessionsAdded);
    expect(r.streaming!.sessionsAdded).toBeGreaterThan(100);
    expect(r.streaming!.mrr).toBeCloseTo(streaming.mrr, 12);
    expect(r.streaming!.hr).toBeCloseTo(streaming.hr, 12);
  });

  it('has no streaming figures when the selected model has no neighbor pool', async () => {
    const r = await evaluateStorePipeline(split, { candidates: ['sr'] }, { streaming: true });
    expect(r.training.selected).toBe('sr');
    expect(r.fixed.n).toBe(split.stats.predictionEvents);
    expect(r.streaming).toBeNull();
  });
});
