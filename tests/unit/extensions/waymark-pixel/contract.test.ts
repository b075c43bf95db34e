import { describe, expect, it } from 'vitest';
import * as contract from '../../../../app/ingest/journey-event';
import * as pixel from '../../../../extensions/waymark-pixel/src/contract';

// The pixel duplicates the contract's constants (importing them would bundle
// zod); these must never drift.
describe('pixel contract copy', () => {
  it('matches app/ingest/journey-event.ts', () => {
    expect([...pixel.STANDARD_EVENT_NAMES]).toEqual([...contract.STANDARD_EVENT_NAMES]);
    expect([...pixel.WAYMARK_EVENT_NAMES]).toEqual([...contract.WAYMARK_EVENT_NAMES]);
    expect(pixel.MAX_EVENTS_PER_BATCH).toBe(contract.MAX_EVENTS_PER_BATCH);
    expect(pixel.MAX_LINES_PER_EVENT).toBe(contract.MAX_LINES_PER_EVENT);
    expect(pixel.MAX_REC_ITEMS).toBe(contract.MAX_REC_ITEMS);
    expect(pixel.MAX_BATCH_BYTES).toBe(contract.MAX_BATCH_BYTES);
  });
});
