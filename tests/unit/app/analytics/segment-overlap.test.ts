import { describe, expect, it } from 'vitest';
import { segmentOverlap, sharedSessions, type SegmentCell } from '../../../../app/analytics/segment-overlap';

const cell = (device: string, isReturning: boolean, source: string, landingStep: string, sessions: number): SegmentCell => ({ device, isReturning: String(isReturning), source, landingStep, sessions });
// New visitors are mostly direct visits: 400 of the 450 new-visitor sessions came direct.
const cells = [
  cell('mobile', false, 'direct', 'home', 300),
  cell('desktop', false, 'direct', 'product', 100),
  cell('desktop', false, 'search', 'home', 50),
  cell('desktop', true, 'direct', 'home', 30),
  cell('mobile', true, 'search', 'product', 520),
];
const newVisitors = { dimension: 'isReturning' as const, value: 'false' };
const direct = { dimension: 'source' as const, value: 'direct' };

describe('segment overlap', () => {
  it('counts the sessions two segments share', () => {
    expect(sharedSessions(cells, newVisitors, direct)).toEqual({ inA: 450, inBoth: 400 });
    expect(sharedSessions(cells, direct, newVisitors)).toEqual({ inA: 430, inBoth: 400 });
  });

  it('flags new visitors and direct visits as largely the same sessions', () => {
    const o = segmentOverlap(cells, newVisitors, direct)!;
    expect(o.sharedSessions).toBe(400);
    expect(o.share).toBeCloseTo(400 / 450, 10);
  });

  it('two findings about one segment are all the same sessions', () => {
    expect(segmentOverlap(cells, newVisitors, { ...newVisitors })).toEqual({ sharedSessions: 450, share: 1 });
  });

  it('does not flag disjoint or barely overlapping segments', () => {
    // Two devices never share a session.
    expect(segmentOverlap(cells, { dimension: 'device', value: 'mobile' }, { dimension: 'device', value: 'desktop' })).toBeNull();
    // Returning visitors and landing on the home page: 30 of 550 and 30 of 480, under 30% of either.
    expect(segmentOverlap(cells, { dimension: 'isReturning', value: 'true' }, { dimension: 'landingStep', value: 'home' })).toBeNull();
  });
});
