import { describe, expect, it } from 'vitest';
import { createDebouncedEnqueue } from '../../../../app/jobs/debounced-enqueue';
import type { EnqueueResult } from '../../../../app/jobs/queue';

function fakeQueue(answer: () => EnqueueResult) {
  const calls: Array<{ type: string; shopId: number; delayMs?: number }> = [];
  let release: (() => void) | null = null;
  let hold = false;
  return {
    calls,
    holdNext() {
      hold = true;
    },
    release() {
      release?.();
    },
    async enqueue(type: string, shopId: number, opts?: { delayMs?: number }) {
      calls.push({ type, shopId, delayMs: opts?.delayMs });
      if (hold) {
        hold = false;
        await new Promise<void>((r) => (release = r));
      }
      return answer();
    },
  };
}

describe('createDebouncedEnqueue', () => {
  it('skips the queue while a job it queued with a delay has not started, then asks again', async () => {
    let t = 1_000_000;
    const q = fakeQueue(() => ({ queued: true, jobId: 1 }));
    const enqueue = createDebouncedEnqueue(q, () => t);
    expect(await enqueue('sessionize', 7, 5_000)).toEqual({ queued: true, jobId: 1 });
    t += 4_000;
    expect(await enqueue('sessionize', 7, 5_000)).toBeNull(); // the queued job starts later: it covers this
    expect(q.calls).toHaveLength(1);
    t += 800; // 4.8 s after: inside the safety margin, ask again
    await enqueue('sessionize', 7, 5_000);
    expect(q.calls).toHaveLength(2);
  });

  it('keys by type and shop', async () => {
    const q = fakeQueue(() => ({ queued: true, jobId: 1 }));
    const enqueue = createDebouncedEnqueue(q, () => 0);
    await enqueue('sessionize', 1, 5_000);
    await enqueue('sessionize', 2, 5_000);
    await enqueue('train', 1, 5_000);
    await enqueue('sessionize', 1, 5_000);
    expect(q.calls.map((c) => `${c.type}:${c.shopId}`)).toEqual(['sessionize:1', 'sessionize:2', 'train:1']);
  });

  it('does not skip after "already queued or running" (a running job may miss new work) nor without a delay', async () => {
    const q = fakeQueue(() => ({ queued: false, jobId: 3 }));
    const enqueue = createDebouncedEnqueue(q, () => 0);
    await enqueue('sessionize', 1, 5_000);
    await enqueue('sessionize', 1, 5_000);
    const q2 = fakeQueue(() => ({ queued: true, jobId: 4 }));
    const immediate = createDebouncedEnqueue(q2, () => 0);
    await immediate('sessionize', 1, 0);
    await immediate('sessionize', 1, 0);
    expect(q.calls).toHaveLength(2);
    expect(q2.calls).toHaveLength(2);
  });

  it('shares one queue request between concurrent callers', async () => {
    const q = fakeQueue(() => ({ queued: true, jobId: 9 }));
    q.holdNext();
    const enqueue = createDebouncedEnqueue(q, () => 0);
    const a = enqueue('sessionize', 1, 5_000);
    const b = enqueue('sessionize', 1, 5_000);
    q.release();
    expect(await a).toEqual({ queued: true, jobId: 9 });
    expect(await b).toEqual({ queued: true, jobId: 9 });
    expect(q.calls).toHaveLength(1);
  });
});
