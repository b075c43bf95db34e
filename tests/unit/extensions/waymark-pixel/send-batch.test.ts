import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../../extensions/waymark-pixel/src/send-batch';

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates as a delay in ms', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter(' 1.5 ', 0)).toBe(1500);
    expect(parseRetryAfter('Fri, 27 Nov 2026 19:00:30 GMT', Date.parse('2026-11-27T19:00:00Z'))).toBe(30_000);
    // a date already past is no wait at all
    expect(parseRetryAfter('Fri, 27 Nov 2026 19:00:00 GMT', Date.parse('2026-11-27T19:00:30Z'))).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter('garbage', 0)).toBeUndefined();
    expect(parseRetryAfter('', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});
