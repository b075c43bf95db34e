/**
 * The insights feed: concrete, quantified findings for the merchant, ranked by revenue at
 * stake. Pure: the caller supplies aggregates already read from the roll-ups.
 *
 * Money at stake is always "sessions lost × the store's own conversion from there to
 * purchase × average order value", with the store's numbers for the same period, so it
 * reads as "what closing the gap to your own norm would be worth".
 *
 * How sure (./significance.ts): every comparison behind a finding (a segment against the rest
 * of the store, a step against the previous period, a product or a search against the others)
 * is a two-proportion z-test, and the p-values of all comparisons made for one answer are
 * adjusted together (Benjamini–Hochberg); a finding is shown only when its adjusted p-value is
 * under 5%, its groups are large enough (minSessions, and enough expected events for the
 * test) and the gap is big enough to matter. Each finding says how sure it is in words, with
 * the numbers in a details line, and names the other findings about largely the same sessions
 * (./segment-overlap.ts), whose amounts at stake overlap and must not be added up.
 */
import { stepName } from '../api-contract/step-names';
import type { Insight } from '../api-contract/analytics';
import { benjaminiHochberg, certaintyWords, FDR, formatP } from './significance';
import { segmentOverlap, type SegmentCell } from './segment-overlap';
import { insightContext, itemsWithoutCarts, periodDrops, searchFindings, segmentFindings, type Candidate, type InsightsInput } from './insight-finders';

export { segmentName, type InsightsInput } from './insight-finders';
// Step names: the vocabulary every view shares (step-names.ts).
export { stepName };

export function buildInsights(input: InsightsInput): Insight[] {
  const ctx = insightContext(input);
  const candidates: Candidate[] = [...periodDrops(ctx)];
  for (const seg of input.segments) candidates.push(...segmentFindings(ctx, seg));
  candidates.push(...itemsWithoutCarts(ctx), ...searchFindings(ctx));
  const { pValues, zs } = ctx.family;
  const adjusted = benjaminiHochberg(pValues);
  const shown = costliestStepPerSegment(candidates.filter((c) => c.test === null || adjusted[c.test] < FDR))
    .sort((a, b) => b.revenueAtStake - a.revenueAtStake || b.sessionsAtStake - a.sessionsAtStake || (a.id < b.id ? -1 : 1))
    .slice(0, input.limit ?? 20);
  return shown.map(({ test, numbers, segment, ...insight }) => ({
    ...insight,
    certainty: test === null ? counted(numbers) : compared(numbers, zs[test], pValues[test], adjusted[test], pValues.length),
    overlaps: overlapsOf(shown, segment, insight.id, input.cells),
  }));
}

/** A segment's drop-off findings: only its costliest significant step is shown. */
function costliestStepPerSegment(list: Candidate[]): Candidate[] {
  const best = new Map<string, Candidate>();
  const rest: Candidate[] = [];
  for (const c of list) {
    if (c.kind !== 'segment_step_drop' || !c.segment) {
      rest.push(c);
      continue;
    }
    const key = `${c.segment.dimension}=${c.segment.value}`;
    const seen = best.get(key);
    if (!seen || c.revenueAtStake > seen.revenueAtStake) best.set(key, c);
  }
  return [...rest, ...best.values()];
}

function counted(numbers: string): Insight['certainty'] {
  return { level: 'counted', label: 'Counted, not estimated', details: `${numbers} A count of what happened, not a comparison.`, pValue: null, adjustedPValue: null, comparisons: 0 };
}

function compared(numbers: string, z: number, p: number, adjustedP: number, comparisons: number): Insight['certainty'] {
  const words = certaintyWords(adjustedP);
  return {
    level: words.level === 'very_likely' ? 'very_likely' : 'likely',
    label: words.label,
    details: `${numbers} Two-proportion z-test: z = ${Math.abs(z).toFixed(2)}, p ${pText(p)}; adjusted for the ${comparisons} comparisons made (Benjamini–Hochberg): p ${pText(adjustedP)}.`,
    pValue: p,
    adjustedPValue: adjustedP,
    comparisons,
  };
}

const pText = (p: number) => (p < 0.0001 ? formatP(p) : `= ${formatP(p)}`);

/** The other shown segment findings about largely the same sessions. */
function overlapsOf(shown: readonly Candidate[], segment: Candidate['segment'], id: string, cells: readonly SegmentCell[] | undefined): Insight['overlaps'] {
  if (!segment || !cells?.length) return [];
  const out: Insight['overlaps'] = [];
  for (const other of shown) {
    if (!other.segment || other.id === id) continue;
    const o = segmentOverlap(cells, segment, other.segment);
    if (o) out.push({ id: other.id, title: other.title, sharedSessions: o.sharedSessions, share: Math.round(o.share * 1000) / 1000 });
  }
  return out;
}
