/**
 * How much two segments are the same sessions: "new visitors" and "direct visits" are mostly
 * one crowd, so findings about both describe the same lost sales twice. Measured in sessions
 * from the journey-map roll-up's cells (one per device × new/returning × source × landing
 * page, summed over the period). Pure.
 */
import type { SegmentDimension } from './rollup-shapes';

/** Sessions of one roll-up cell in the period. */
export interface SegmentCell {
  device: string;
  isReturning: string;
  source: string;
  landingStep: string;
  sessions: number;
}

export interface SegmentRef {
  dimension: SegmentDimension;
  value: string;
}

/** Flag a pair when at least this share of either segment's sessions is in both. */
export const OVERLAP_SHARE = 0.3;

/** Sessions in segment `a`, and in both `a` and `b`. */
export function sharedSessions(cells: readonly SegmentCell[], a: SegmentRef, b: SegmentRef): { inA: number; inBoth: number } {
  let inA = 0;
  let inBoth = 0;
  for (const c of cells) {
    if (c[a.dimension] !== a.value) continue;
    inA += c.sessions;
    if (c[b.dimension] === b.value) inBoth += c.sessions;
  }
  return { inA, inBoth };
}

export interface Overlap {
  sharedSessions: number;
  /** share of the first segment's sessions that are also in the second */
  share: number;
}

/**
 * The overlap of segment `a` with `b` when it is large enough to flag (OVERLAP_SHARE of
 * either one), else null. Two values of the same dimension never overlap; a segment is all
 * of itself (two findings about one segment are the same sessions).
 */
export function segmentOverlap(cells: readonly SegmentCell[], a: SegmentRef, b: SegmentRef): Overlap | null {
  if (a.dimension === b.dimension) {
    const inA = a.value === b.value ? sharedSessions(cells, a, b).inA : 0;
    return inA ? { sharedSessions: inA, share: 1 } : null;
  }
  const ab = sharedSessions(cells, a, b);
  const inB = sharedSessions(cells, b, a).inA;
  if (!ab.inBoth || !ab.inA || !inB) return null;
  const share = ab.inBoth / ab.inA;
  return share >= OVERLAP_SHARE || ab.inBoth / inB >= OVERLAP_SHARE ? { sharedSessions: ab.inBoth, share } : null;
}
