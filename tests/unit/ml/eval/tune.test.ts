import { describe, expect, it } from 'vitest';
import type { Session, SessionDataset } from '../../../../ml/data/session-dataset';
import { evaluateSessions } from '../../../../ml/eval/evaluate';
import { blendMetrics, collectLists } from '../../../../ml/eval/blend-lists';
import { expandGrid, gridSearch } from '../../../../ml/eval/grid-search';
import { tuneBlend } from '../../../../ml/eval/tune-blend';
import { validationEvents, validationSplit } from '../../../../ml/eval/validation-tail';
import { createModel, modelFromArtifact } from '../../../../ml/models/registry';
import { syntheticStore } from '../../../../ml/eval/synthetic';

const DAY = 86400;
/** sessions spread over 6 days; strong "next item = item + 1" pattern, plus repeats */
function store(): SessionDataset {
  const sessions: Session[] = [];
  let x = 7;
  const rnd = () => ((x = (x * 48271) % 2147483647) / 2147483647);
  for (let s = 0; s < 600; s++) {
    const t0 = (s / 600) * 6 * DAY;
    const start = Math.floor(rnd() * 40);
    const items = [start];
    for (let j = 0; j < 3; j++) items.push(rnd() < 0.25 ? items[items.length - 1] : (items[items.length - 1] + 1) % 40);
    sessions.push({ id: String(s + 1), events: items.map((item, j) => ({ item, time: t0 + j * 10, kind: 'view' as const })) });
  }
  return { sessions, itemIds: Array.from({ length: 40 }, (_, i) => `p${i}`) };
}

describe('tuning on the training tail', () => {
  const data = store();
  it('validationSplit holds out the last day of the training data only', () => {
    const sp = validationSplit(data);
    const lastTrainEnd = Math.max(...sp.train.sessions.map((s) => s.events[s.events.length - 1].time));
    const firstValEnd = Math.min(...sp.test.sessions.map((s) => s.events[s.events.length - 1].time));
    expect(lastTrainEnd).toBeLessThan(firstValEnd);
    expect(sp.test.sessions.length).toBeGreaterThan(50);
  });
  it('expandGrid', () => {
    expect(expandGrid({ a: [1, 2], b: ['x'] })).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'x' },
    ]);
  });
  it('blendMetrics of one member equals the full evaluation', () => {
    const sp = validationSplit(data);
    const m = createModel('vsknn');
    m.fit(sp.train);
    const ev = validationEvents(sp.test, sp.train.itemIds.length);
    const lists = collectLists(m, ev, 40);
    const full = evaluateSessions(m, sp.train, sp.test);
    const b = blendMetrics([lists], [1], ev);
    expect(b.hr).toBeCloseTo(full.hr, 12);
    expect(b.mrr).toBeCloseTo(full.mrr, 6);
  });
  it('gridSearch ranks configurations by validation MRR', async () => {
    const res = await gridSearch((p) => createModel('sr', p), { steps: [1, 3] }, data);
    expect(res).toHaveLength(2);
    expect(res[0].mrr).toBeGreaterThanOrEqual(res[1].mrr);
  });
  it('tuneBlend never does worse than its first member on validation', async () => {
    const r = await tuneBlend(
      [
        { label: 'pop', make: () => createModel('pop'), grid: [1] },
        { label: 'sr', make: () => createModel('sr'), grid: [0, 1, 5, 20] },
      ],
      data,
    );
    expect(r.val.mrr).toBeGreaterThanOrEqual(r.baseline.mrr);
    // SR captures "item + 1" far better than POP, so it gets weight
    expect(r.weights[1]).toBeGreaterThan(0);
    expect(r.val.mrr).toBeGreaterThan(r.baseline.mrr + 0.1);
  });
  it('the "tuned" model fits, recommends and round-trips', async () => {
    const small = syntheticStore({ sessions: 800, items: 60, days: 5, seed: 3 });
    const m = createModel('tuned');
    await m.fit(small);
    const ctx = { items: [1, 2], time: 1.7e9 + 5 * DAY };
    const rec = m.recommend(ctx, 5);
    expect(rec.length).toBeGreaterThan(0);
    const back = await modelFromArtifact(JSON.parse(JSON.stringify(m.toArtifact())));
    expect(back.recommend(ctx, 5)).toEqual(rec);
  });
});

describe('latency helper', () => {
  it('measures recommend on a synthetic store', async () => {
    const { measureRecommendLatency, contextsFrom } = await import('../../../../ml/eval/latency');
    const data = syntheticStore({ sessions: 2000, items: 300, seed: 9 });
    const m = createModel('vstan');
    m.fit(data);
    const r = measureRecommendLatency(m, contextsFrom({ ...data, sessions: data.sessions.slice(-50) }));
    expect(r.calls).toBeGreaterThan(50);
    expect(r.wallMsP99).toBeGreaterThanOrEqual(r.wallMsP50);
  });
});
