import { describe, expect, it } from 'vitest';
import type { SessionDataset } from '../../../../ml/data/session-dataset';
import type { RecommendContext, Recommender } from '../../../../ml/models/recommender';
import type { FreshSession } from '../../../../ml/models/fresh-sessions';
import { evaluateSessions } from '../../../../ml/eval/evaluate';
import { evaluateStreaming, eventsByTargetTime } from '../../../../ml/eval/streaming';
import { VstanModel } from '../../../../ml/models/vstan';
import { PopModel } from '../../../../ml/models/pop';

const itemIds = Array.from({ length: 8 }, (_, i) => `p${i}`);
const ses = (id: string, items: number[], t0: number) => ({
  id,
  events: items.map((item, j) => ({ item, time: t0 + 10 * j, kind: 'view' as const })),
});

const train: SessionDataset = {
  itemIds,
  sessions: [ses('1', [0, 1, 2], 100), ses('2', [1, 2, 3], 200), ses('3', [0, 3], 300), ses('4', [5, 6], 310), ses('5', [7, 4], 320)],
};
// item 4 -> 5 is only seen in test session 10, which ends before session 11 asks about item 4
const test: SessionDataset = {
  itemIds,
  sessions: [ses('11', [4, 5], 2000), ses('10', [4, 5, 6], 1000), ses('12', [0, 1], 1500)],
};

/** Records what joined the pool and when, to check the protocol never looks ahead. */
class PoolSpy implements Recommender {
  readonly name = 'spy';
  pool: FreshSession[] = [];
  violations = 0;
  missing = 0;
  fit(): void {}
  reserveSessions(): void {}
  addSession(s: FreshSession): boolean {
    this.pool.push(s);
    return true;
  }
  scoreAll(ctx: RecommendContext): Float64Array {
    for (const s of this.pool) if (s.time >= ctx.time!) this.violations++;
    for (const s of test.sessions) {
      const end = s.events.at(-1)!.time;
      if (end < ctx.time! && !this.pool.some((p) => p.id === s.id)) this.missing++;
    }
    return new Float64Array(itemIds.length);
  }
  recommend() {
    return [];
  }
  toArtifact() {
    return { kind: 'spy', version: 1, params: {}, state: null };
  }
}

describe('streaming protocol', () => {
  it('predicts in order of target time', () => {
    const times = eventsByTargetTime(test).map(([si, i]) => test.sessions[si].events[i + 1].time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times).toHaveLength(4);
  });

  it('the pool holds every test session that ended before the click, and none that ended at or after it', () => {
    const spy = new PoolSpy();
    const r = evaluateStreaming(spy, train, test);
    expect(r.n).toBe(4);
    expect(spy.violations).toBe(0);
    expect(spy.missing).toBe(0);
    expect(spy.pool.map((s) => s.id)).toEqual(['10', '12']);
    expect(r.sessionsAdded).toBe(2);
  });

  it('a kNN model finds a neighbor that exists only in an earlier test session; fixed does not', () => {
    const fixed = new VstanModel({ k: 10, sampleSize: 10 });
    fixed.fit(train);
    const f = evaluateSessions(fixed, train, test, { collectRanks: true });
    const streaming = new VstanModel({ k: 10, sampleSize: 10 });
    streaming.fit(train);
    const s = evaluateStreaming(streaming, train, test, { collectRanks: true });
    expect(s.grows).toBe(true);
    const rankOf = (res: typeof f, si: number, i: number) => {
      for (let q = 0; q < res.n; q++) if (res.ranks!.session[q] === si && res.ranks!.position[q] === i) return res.ranks!.stable[q];
      throw new Error('no such event');
    };
    // session 11 (index 0): 4 -> 5
    // streaming: 5 is scored through session 10 (after 4 itself and 7, which share a session with 4)
    expect(rankOf(s, 0, 0)).toBeLessThanOrEqual(3);
    // fixed: no training session holds both 4 and 5, so 5 scores 0 and ranks behind every scored item
    expect(rankOf(f, 0, 0)).toBeGreaterThan(rankOf(s, 0, 0));
    expect(s.mrr).toBeGreaterThan(f.mrr);
  });

  it('a model without a growing pool scores as in the fixed protocol', () => {
    const a = new PopModel();
    a.fit(train);
    const b = new PopModel();
    b.fit(train);
    const f = evaluateSessions(a, train, test);
    const s = evaluateStreaming(b, train, test);
    expect(s.grows).toBe(false);
    expect(s.sessionsAdded).toBe(0);
    expect([s.hr, s.mrr]).toEqual([f.hr, f.mrr]);
  });
});
