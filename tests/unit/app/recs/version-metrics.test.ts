import { describe, expect, it } from 'vitest';
import { eventsThroughOf, trainedThroughOf } from '../../../../app/recs/version-metrics';

const createdAt = new Date('2026-12-01T00:00:00Z');

describe('what a model version recorded about its training', () => {
  it('trainedThrough: the recorded cut-off, else the creation time', () => {
    expect(trainedThroughOf({ metrics: JSON.stringify({ trainedThrough: 1_700_000_000_000 }), createdAt })).toBe(1_700_000_000_000);
    for (const metrics of ['{}', '{"trainedThrough":0}', '{"trainedThrough":"1700000000000"}', 'not json']) {
      expect(trainedThroughOf({ metrics, createdAt })).toBe(createdAt.getTime());
    }
  });

  it('eventsThrough: the recorded watermark (0 included), else null', () => {
    expect(eventsThroughOf('{"eventsThrough":0}')).toBe(0);
    expect(eventsThroughOf('{"eventsThrough":4242}')).toBe(4242);
    for (const metrics of ['{}', '{"eventsThrough":-1}', '{"eventsThrough":1.5}', '{"eventsThrough":"12"}', 'not json']) {
      expect(eventsThroughOf(metrics)).toBeNull();
    }
  });
});
