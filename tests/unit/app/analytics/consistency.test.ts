/**
 * CONSISTENCY on simulated data, without a database: simulator → sessionizer → journey
 * facts → roll-up rows → headline / funnel / flows. For every filter combination, the
 * flow's sessions == funnel's first step == headline sessions, and the flow's purchases ==
 * funnel's purchase step == headline purchases == purchase-anchored flow's sessions; and
 * the headline equals a direct count of the journeys.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../../app/demo/simulator';
import { classifyStep } from '../../../../ml/data/journey-step';
import { sessionizeAll } from '../../../../app/journeys/sessionize';
import { journeyFacts, type EventInput } from '../../../../app/analytics/journey-facts';
import { buildRollup } from '../../../../app/analytics/rollup-build';
import { buildFlow, linksFromPaths } from '../../../../app/analytics/flow';
import { computeFunnel, headlineFromRows } from '../../../../app/analytics/funnel';
import { DEFAULT_FUNNEL, type PathKind, type PathRow, type SegmentFilters } from '../../../../app/analytics/rollup-shapes';

describe('analytics consistency on simulated journeys', () => {
  const sim = [...simulate({ seed: 5, events: 6_000, days: 5 })];
  const result = sessionizeAll(sim.map((s) => s.event));
  const events = new Map<string, EventInput[]>();
  const device = new Map<string, string>();
  result.assignments.forEach((jid, i) => {
    const e = sim[i].event;
    if (!events.has(jid)) events.set(jid, []);
    events.get(jid)!.push({ ...e, step: classifyStep(e) });
    if (!device.has(jid)) device.set(jid, sim[i].device);
  });
  const journeys = result.created.map((j, i) => ({
    id: j.journeyId, startedAt: j.startTs, endedAt: j.endTs, device: device.get(j.journeyId)!, isReturning: i % 3 === 0,
    source: j.trafficSource, landingStep: j.landingStep, purchased: j.purchased, orders: j.orders, revenue: j.revenue, runs: j.runs,
  }));
  const rollup = buildRollup(journeys.map((j) => journeyFacts(j, events.get(j.id)!)));

  const select = (kind: PathKind, f: SegmentFilters) =>
    rollup.paths.filter(
      (r: PathRow) =>
        r.kind === kind &&
        (f.device === undefined || r.device === f.device) &&
        (f.isReturning === undefined || r.isReturning === f.isReturning) &&
        (f.source === undefined || r.source === f.source) &&
        (f.landingStep === undefined || r.landingStep === f.landingStep),
    );

  const filterSets: SegmentFilters[] = [{}, { device: 'mobile' }, { isReturning: true }, { source: 'search' }, { landingStep: 'product' }, { device: 'desktop', source: 'direct' }];
  it.each(filterSets)('agrees across views for %o', (f) => {
    const headline = headlineFromRows(select('reached', f));
    const funnel = computeFunnel(select('reached', f), DEFAULT_FUNNEL);
    const flow = buildFlow(linksFromPaths(select('head', f), false), { anchor: 'start', top: 3 });
    const toPurchase = buildFlow(linksFromPaths(select('tail_purchase', f), true), { anchor: 'purchase' });
    const toExit = buildFlow(linksFromPaths(select('tail_exit', f), true), { anchor: 'exit' });
    const truth = journeys.filter(
      (j) =>
        (f.device === undefined || j.device === f.device) &&
        (f.isReturning === undefined || j.isReturning === f.isReturning) &&
        (f.source === undefined || j.source === f.source) &&
        (f.landingStep === undefined || j.landingStep === f.landingStep),
    );
    expect(headline.sessions).toBe(truth.length);
    expect(headline.purchases).toBe(truth.filter((j) => j.purchased).length);
    expect(flow.totals.sessions).toBe(headline.sessions);
    expect(funnel.steps[0].sessions).toBe(headline.sessions);
    expect(flow.totals.purchases).toBe(headline.purchases);
    expect(funnel.steps[funnel.steps.length - 1].sessions).toBe(headline.purchases);
    expect(toPurchase.totals.sessions).toBe(headline.purchases);
    expect(toPurchase.totals.sessions + toExit.totals.sessions).toBe(headline.sessions);
  });

  it('has purchases to check', () => {
    expect(headlineFromRows(select('reached', {})).purchases).toBeGreaterThan(5);
  });
});
