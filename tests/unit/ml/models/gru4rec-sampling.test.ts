import { describe, expect, it } from 'vitest';
import { trainingSessions } from '../../../../ml/models/gru4rec-sampling';
import { Gru4Rec } from '../../../../ml/models/gru4rec';
import type { SessionDataset } from '../../../../ml/data/session-dataset';

/** Session s starts at time 100 * s and holds `lengths[s]` views of items 0, 1, 2, ... */
const data = (lengths: number[]): SessionDataset => ({
  itemIds: ['a', 'b', 'c', 'd', 'e', 'f'],
  sessions: lengths.map((n, s) => ({ id: `s${s}`, events: Array.from({ length: n }, (_, k) => ({ item: k % 6, time: 100 * s + k, kind: 'view' as const })) })),
});

describe('GRU4Rec training data', () => {
  it('keeps every session by start time, or only the most recent ones within maxEvents', () => {
    const d = data([3, 2, 4, 1, 3]);
    const all = trainingSessions(d);
    expect(all.sessions.map((s) => s.length)).toEqual([3, 2, 4, 3]);
    expect(all.events).toBe(12);
    // the last two (4 + 3 = 7 events) fit in 8; the one before them would not
    const recent = trainingSessions(d, 8);
    expect(recent.sessions.map((s) => s.length)).toEqual([4, 3]);
    expect(recent.events).toBe(7);
    // popularity still counts every event (the sampler's negatives come from the whole store)
    expect(Array.from(recent.pop).reduce((a, b) => a + b, 0)).toBe(13);
    // a cap below the last session keeps that one session
    expect(trainingSessions(d, 1).sessions.map((s) => s.length)).toEqual([3]);
  });

  it('stops after the epoch that leaves no time for another within maxSeconds, and says so', async () => {
    const m = new Gru4Rec({ layers: [8], batchSize: 2, nSample: 2, epochs: 4, maxSeconds: 1e-9, engine: 'typed' });
    await m.fit(data([3, 4, 3, 5, 4, 3]));
    expect(m.lastFitStats).toMatchObject({ epochs: 1, stoppedBy: 'time', backend: 'typed', events: 22 });
    const full = new Gru4Rec({ layers: [8], batchSize: 2, nSample: 2, epochs: 3, engine: 'typed' });
    await full.fit(data([3, 4, 3, 5, 4, 3]));
    expect(full.lastFitStats).toMatchObject({ epochs: 3, stoppedBy: 'epochs' });
  });
});
