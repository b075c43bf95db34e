import { describe, expect, it } from 'vitest';
import { AckLedger, acknowledgedIds, compareAcks } from './ack-check';

describe('acknowledgedIds', () => {
  it('is the whole batch when nothing was rejected', () => {
    expect(acknowledgedIds(['a', 'b', 'c'], { rejected: [] })).toEqual(['a', 'b', 'c']);
    expect(acknowledgedIds(['a'], {})).toEqual(['a']);
  });

  it('leaves out the rejected indexes', () => {
    expect(acknowledgedIds(['a', 'b', 'c', 'd'], { rejected: [{ index: 1 }, { index: 3 }] })).toEqual(['a', 'c']);
  });
});

describe('AckLedger', () => {
  it('records acknowledged ids per shop from the answer body', () => {
    const ledger = new AckLedger();
    ledger.recordAnswer(1, ['x', 'y'], JSON.stringify({ accepted: 2, duplicates: 0, rejected: [] }));
    ledger.recordAnswer(2, ['p', 'q', 'r'], JSON.stringify({ accepted: 2, duplicates: 0, rejected: [{ index: 0, field: 'ts', message: 'old' }] }));
    ledger.add(1, ['z']);
    expect(ledger.size).toBe(5);
    expect(ledger.keys().sort()).toEqual(['1:x', '1:y', '1:z', '2:q', '2:r']);
  });
});

describe('compareAcks', () => {
  it('proves every acknowledged event stored, and counts the extra stored ones apart', () => {
    const r = compareAcks(['1:a', '1:b'], ['1:a', '1:b'], 5);
    expect(r).toEqual({ acknowledged: 2, storedOfAcknowledged: 2, extraStored: 3, missingSample: [], everyAckStored: true });
  });

  it('fails when one acknowledged event is missing, even if the counts match', () => {
    // Three stored, three acknowledged, but not the same three.
    const r = compareAcks(['1:a', '1:b', '1:c'], ['1:a', '1:b'], 3);
    expect(r.everyAckStored).toBe(false);
    expect(r.storedOfAcknowledged).toBe(2);
    expect(r.extraStored).toBe(1);
    expect(r.missingSample).toEqual(['1:c']);
  });

  it('keys by shop: the same event id stored for another shop does not count', () => {
    const r = compareAcks(['1:a'], ['2:a'], 1);
    expect(r.everyAckStored).toBe(false);
  });

  it('counts an id acknowledged twice (a duplicate delivery) once, and caps the missing sample', () => {
    const acked = ['1:a', '1:a', ...Array.from({ length: 10 }, (_, i) => `1:m${i}`)];
    const r = compareAcks(acked, ['1:a'], 1, 3);
    expect(r.acknowledged).toBe(11);
    expect(r.missingSample).toHaveLength(3);
    expect(r.extraStored).toBe(0);
  });
});
