/**
 * enqueueFollowUps with a decision made elsewhere (the local queue's job host decides right
 * after the job): it enqueues exactly that and reads nothing from the database, which on
 * SQLite would run on the web process's serving thread.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../../app/db/client';
import { enqueueFollowUps } from '../../../../app/jobs/follow-ups';

describe('enqueueFollowUps', () => {
  it('enqueues a decision made by the job host without touching the database', async () => {
    const untouchable = new Proxy({}, { get: (_t, key) => { throw new Error(`database read: ${String(key)}`); } }) as Db;
    const enqueued: string[] = [];
    const next = await enqueueFollowUps(
      { db: untouchable, enqueue: async (type, shopId) => void enqueued.push(`${type}:${shopId}`), decided: [{ type: 'train', reason: 'first model' }, { type: 'retention', reason: 'never run' }] },
      'sessionize',
      7,
    );
    expect(enqueued).toEqual(['train:7', 'retention:7']);
    expect(next.map((f) => f.type)).toEqual(['train', 'retention']);
  });
});
