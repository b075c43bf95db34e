/**
 * Time-based train/validation split of a SessionDataset (session-rec `split_data` rule),
 * used for per-store validation and for tuning on the tail of a training set.
 *
 * A session's time is the time of its last event. Sessions ending in the last `days` days
 * (>= tMax - days*86400) — or the last `fraction` of sessions by end time — form the
 * validation part. The training part is re-indexed (item indices by first appearance in
 * the training part, the candidate order session-rec uses); validation items unseen in the
 * training part are dropped, then validation sessions shorter than 2 events are dropped.
 */
import type { Session, SessionDataset } from './session-dataset';

export interface SplitOptions {
  /** hold out sessions ending within the last N days of the data */
  days?: number;
  /** hold out this fraction (0..1) of sessions, the latest by end time (used when `days` is not given) */
  fraction?: number;
  /** minimum validation session length after dropping unseen items (default 2) */
  minLength?: number;
}

export interface TimeSplit {
  train: SessionDataset;
  test: SessionDataset;
  /** for each new item index, the index in the input dataset */
  itemMap: Int32Array;
}

function sessionEnd(s: Session): number {
  let t = -Infinity;
  for (const e of s.events) if (e.time > t) t = e.time;
  return t;
}

export function timeSplit(data: SessionDataset, opts: SplitOptions): TimeSplit {
  const n = data.sessions.length;
  const ends = data.sessions.map(sessionEnd);
  const isTest = new Uint8Array(n);
  if (opts.days !== undefined) {
    if (!(opts.days > 0)) throw new Error('timeSplit: days must be > 0');
    let tMax = -Infinity;
    for (const t of ends) if (t > tMax) tMax = t;
    const cut = tMax - opts.days * 86400;
    for (let i = 0; i < n; i++) if (ends[i] >= cut) isTest[i] = 1;
  } else if (opts.fraction !== undefined) {
    if (!(opts.fraction > 0 && opts.fraction < 1)) throw new Error('timeSplit: fraction must be in (0,1)');
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ends[a] - ends[b] || a - b);
    const nTest = Math.max(1, Math.round(n * opts.fraction));
    for (let j = n - nTest; j < n; j++) isTest[order[j]] = 1;
  } else {
    throw new Error('timeSplit: give days or fraction');
  }

  // re-index the training part by first appearance
  const newIndex = new Int32Array(data.itemIds.length).fill(-1);
  const itemMapArr: number[] = [];
  const trainSessions: Session[] = [];
  const testRaw: Session[] = [];
  for (let i = 0; i < n; i++) {
    const s = data.sessions[i];
    if (isTest[i]) {
      testRaw.push(s);
      continue;
    }
    const events = s.events.map((e) => {
      let k = newIndex[e.item];
      if (k < 0) {
        k = itemMapArr.length;
        newIndex[e.item] = k;
        itemMapArr.push(e.item);
      }
      return { ...e, item: k };
    });
    trainSessions.push({ id: s.id, events });
  }
  const minLength = opts.minLength ?? 2;
  const testSessions: Session[] = [];
  for (const s of testRaw) {
    const events = [];
    for (const e of s.events) {
      const k = newIndex[e.item];
      if (k >= 0) events.push({ ...e, item: k });
    }
    if (events.length >= minLength) testSessions.push({ id: s.id, events });
  }
  const itemIds = itemMapArr.map((i) => data.itemIds[i]);
  return {
    train: { sessions: trainSessions, itemIds },
    test: { sessions: testSessions, itemIds },
    itemMap: Int32Array.from(itemMapArr),
  };
}
