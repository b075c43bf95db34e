import { describe, expect, it } from 'vitest';
import { createShopGate } from '../../../../app/ingest/shop-gate';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('shop gate (per-shop fairness of ingest)', () => {
  it('runs at most perShop batches of one shop, while another shop starts at once', async () => {
    const gate = createShopGate({ perShop: 2, maxQueued: 10 });
    const started: string[] = [];
    const holds = Array.from({ length: 6 }, () => deferred());
    const flood = holds.map((h, i) => gate.run(1, async () => {
      started.push(`a${i}`);
      await h.promise;
    })!);
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toEqual(['a0', 'a1']);
    expect(gate.load(1)).toBe(6);
    // the other shop is not behind the flood
    await gate.run(2, async () => void started.push('b0'));
    expect(started).toEqual(['a0', 'a1', 'b0']);
    // the flood drains in order, two at a time
    holds[0].resolve();
    await flood[0];
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(['a0', 'a1', 'b0', 'a2']);
    for (const h of holds) h.resolve();
    await Promise.all(flood);
    expect(started.filter((s) => s.startsWith('a'))).toHaveLength(6);
    expect(gate.load(1)).toBe(0);
  });

  it('refuses past the queue bound and keeps going after a failed batch', async () => {
    const gate = createShopGate({ perShop: 1, maxQueued: 1 });
    const hold = deferred();
    const first = gate.run(1, () => hold.promise)!;
    const second = gate.run(1, async () => {
      throw new Error('bad batch');
    })!;
    expect(gate.run(1, async () => 1)).toBeNull();
    hold.resolve();
    await first;
    await expect(second).rejects.toThrow('bad batch');
    expect(await gate.run(1, async () => 'ok')).toBe('ok');
    expect(gate.load(1)).toBe(0);
  });
});
