import { describe, expect, it } from 'vitest';
import type { SessionDataset } from '../../../../ml/data/session-dataset';
import { SessionIndex } from '../../../../ml/models/knn-session-index';
import { SknnModel } from '../../../../ml/models/sknn';
import { VsknnModel } from '../../../../ml/models/vsknn';
import { StanModel } from '../../../../ml/models/stan';
import { VstanModel } from '../../../../ml/models/vstan';
import type { KnnModel } from '../../../../ml/models/knn-model';
import { addFreshSessions } from '../../../../ml/models/fresh-sessions';
import { EnsembleModel } from '../../../../ml/models/ensemble';
import { PopModel } from '../../../../ml/models/pop';

/** A deterministic pseudo-random dataset: sessions in order of end time (distinct times). */
function dataset(nSessions: number, nItems: number, seed = 7): SessionDataset {
  let x = seed;
  const rnd = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const sessions = [];
  let t = 1_000_000;
  for (let s = 0; s < nSessions; s++) {
    const len = 1 + Math.floor(rnd() * 6);
    const events = [];
    for (let j = 0; j < len; j++) {
      t += 1 + Math.floor(rnd() * 50);
      // skewed popularity, so lists overlap and sampling cuts matter
      events.push({ item: Math.floor(rnd() * rnd() * nItems), time: t, kind: 'view' as const });
    }
    sessions.push({ id: String(s + 1), events });
  }
  return { sessions, itemIds: Array.from({ length: nItems }, (_, i) => `p${i}`) };
}

function head(d: SessionDataset, n: number): SessionDataset {
  return { sessions: d.sessions.slice(0, n), itemIds: d.itemIds };
}

function fresh(d: SessionDataset, from: number) {
  return d.sessions.slice(from).map((s) => ({ items: s.events.map((e) => e.item), time: s.events[s.events.length - 1].time, id: s.id }));
}

const makers: [string, () => KnnModel<object>][] = [
  // small sample sizes and k, so the "most recent N" cut and the k-cut both bite
  ['sknn', () => new SknnModel({ k: 15, sampleSize: 40 })],
  ['vsknn', () => new VsknnModel({ k: 10, sampleSize: 30, idfWeighting: 1 })],
  ['stan', () => new StanModel({ k: 12, sampleSize: 50 })],
  ['vstan', () => new VstanModel({ k: 20, sampleSize: 35 })],
];

describe('SessionIndex.add', () => {
  const data = dataset(600, 60);
  const contexts = [[1], [3, 5], [0, 2, 2, 9], [40, 1, 7], [59]];

  for (const [name, make] of makers) {
    it(`${name}: adding sessions one at a time scores exactly as a fit on all of them`, () => {
      const all = make();
      all.fit(data);
      const grown = make();
      grown.fit(head(data, 200));
      for (const s of fresh(data, 200)) expect(grown.addSession(s)).toBe(true);
      const now = data.sessions[599].events.at(-1)!.time + 60;
      for (const items of contexts) {
        const a = all.scoreAll({ items, time: now });
        const b = grown.scoreAll({ items, time: now });
        expect(Array.from(b)).toEqual(Array.from(a));
        expect(grown.recommend({ items, time: now }, 10)).toEqual(all.recommend({ items, time: now }, 10));
      }
    });
  }

  it('the sampled candidates are the most recent ones, added sessions included', () => {
    const all = SessionIndex.fromDataset(data);
    const grown = SessionIndex.fromDataset(head(data, 300));
    for (const s of fresh(data, 300)) grown.add(s.items, s.time, Number(s.id));
    for (const items of [[1], [2, 4], [0, 1, 2, 3]]) {
      expect(Array.from(grown.candidates(items, 25))).toEqual(Array.from(all.candidates(items, 25)));
      expect(Array.from(grown.candidates(items, 0))).toEqual(Array.from(all.candidates(items, 0)));
    }
    expect(grown.toState()).toEqual(all.toState());
  });

  it('a fresh pair of items becomes neighbors only after the session that joins them is added', () => {
    const m = new VstanModel();
    m.fit(head(data, 300));
    const time = data.sessions[299].events.at(-1)!.time;
    // items 58 and 59 are rare; make sure they never co-occur in the built pool
    const before = m.scoreAll({ items: [58], time: time + 10 });
    const joined = data.sessions.slice(0, 300).some((s) => s.events.some((e) => e.item === 58) && s.events.some((e) => e.item === 59));
    expect(joined).toBe(false);
    expect(before[59]).toBe(0);
    m.addSession({ items: [58, 59], time: time + 5 });
    expect(m.scoreAll({ items: [58], time: time + 10 })[59]).toBeGreaterThan(0);
  });

  it('the cost of an add does not depend on the pool size (posting entries written, no reallocation)', () => {
    const costs = [10, 5000].map((n) => {
      const ix = SessionIndex.fromDataset(dataset(n, 60, 3));
      ix.reserve(2, 8);
      const before = ix.reallocations;
      const written = [ix.add([1, 2, 1, 3], 1e9), ix.add([4, 4], 1e9 + 1)];
      return { written, reallocated: ix.reallocations - before, added: ix.added };
    });
    expect(costs[0]).toEqual({ written: [3, 1], reallocated: 0, added: 2 });
    expect(costs[1]).toEqual(costs[0]);
  });

  for (const [name, make] of makers) {
    it(`${name}: a longer version of an added session (same id) replaces it`, () => {
      const once = make();
      once.fit(head(data, 300));
      const replaced = make();
      replaced.fit(head(data, 300));
      const late = fresh(data, 300).slice(0, 50);
      for (const s of late) {
        // first seen with its first item only, then in full
        replaced.addSession({ ...s, items: s.items.slice(0, 1), time: s.time - 1 });
        replaced.addSession(s);
        once.addSession(s);
      }
      const now = late[49].time + 60;
      for (const items of contexts) expect(Array.from(replaced.scoreAll({ items, time: now }))).toEqual(Array.from(once.scoreAll({ items, time: now })));
    });
  }

  it('drops unknown items and refuses empty sessions', () => {
    const ix = SessionIndex.fromDataset(dataset(20, 10));
    const n = ix.nSessions;
    expect(ix.add([99, -1], 5e6)).toBe(0);
    expect(ix.nSessions).toBe(n);
    expect(ix.add([99, 3], 5e6)).toBe(1);
    expect(ix.nSessions).toBe(n + 1);
    expect(Array.from(ix.candidates([3], 1))).toEqual([n]);
  });

  it('addFreshSessions reaches the kNN members of an ensemble and leaves the others alone', () => {
    const knn = new SknnModel({ k: 15, sampleSize: 40 });
    const ens = new EnsembleModel([
      { model: knn, weight: 1 },
      { model: new PopModel(), weight: 0.1 },
    ]);
    return Promise.resolve(ens.fit(head(data, 200))).then(() => {
      const added = addFreshSessions(ens, fresh(data, 200));
      expect(added).toBe(400);
      const ref = new SknnModel({ k: 15, sampleSize: 40 });
      ref.fit(data);
      expect(Array.from(knn.scoreAll({ items: [3, 5] }))).toEqual(Array.from(ref.scoreAll({ items: [3, 5] })));
      expect(addFreshSessions(new PopModel(), fresh(data, 200))).toBe(0);
    });
  });
});
