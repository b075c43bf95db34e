/**
 * Aggregates journey facts into the roll-up rows of their days. Pure: the roll-up job
 * (app/jobs/rollup-job.ts) feeds it every journey of a day and replaces that day's rows.
 */
import { timeBucket } from './histogram';
import { encodeHistogram } from './histogram-codec';
import type { JourneyFacts } from './journey-facts';
import { round2, segmentKeysOf, type DayRollup, type ItemFlowRow, type ItemRow, type PathKind, type PathRow, type SearchRow, type TimingRow } from './rollup-shapes';

export function buildRollup(facts: Iterable<JourneyFacts>): DayRollup {
  const paths = new Map<string, PathRow>();
  const timings = new Map<string, TimingRow & { buckets: Map<number, number> }>();
  const flows = new Map<string, ItemFlowRow>();
  const items = new Map<string, ItemRow>();
  const searches = new Map<string, SearchRow>();

  const addPath = (f: JourneyFacts, kind: PathKind, key: string) => {
    const s = f.segment;
    const id = `${f.day}\u0001${s.device}\u0001${s.isReturning}\u0001${s.source}\u0001${s.landingStep}\u0001${kind}\u0001${key}`;
    let row = paths.get(id);
    if (!row) paths.set(id, (row = { day: f.day, ...s, kind, key, sessions: 0, purchases: 0, orders: 0, revenue: 0 }));
    row.sessions += 1;
    if (f.purchased) row.purchases += 1;
    row.orders += f.orders;
    row.revenue = round2(row.revenue + f.revenue);
  };
  const addTiming = (day: string, segment: string, metric: TimingRow['metric'], key: string, ms: number) => {
    const bucket = timeBucket(ms);
    const id = `${day}\u0001${segment}\u0001${metric}\u0001${key}`;
    let row = timings.get(id);
    if (!row) timings.set(id, (row = { day, segment, metric, key, count: 0, sumMs: 0, histogram: '', buckets: new Map() }));
    row.count += 1;
    row.sumMs += ms;
    row.buckets.set(bucket, (row.buckets.get(bucket) ?? 0) + 1);
  };

  for (const f of facts) {
    addPath(f, 'head', f.head);
    addPath(f, f.tailKind, f.tail);
    addPath(f, 'reached', f.reached);
    for (const segment of segmentKeysOf(f.segment)) {
      for (const [step, ms] of f.dwell) addTiming(f.day, segment, 'dwell', step, ms);
      for (const [pair, ms] of f.between) addTiming(f.day, segment, 'between', pair, ms);
    }
    for (const anchor of ['start', 'purchase', 'exit'] as const) {
      for (const [position, fromNode, toNode] of f.detailLinks[anchor]) {
        const id = `${f.day}\u0001${anchor}\u0001${position}\u0001${fromNode}\u0001${toNode}`;
        let row = flows.get(id);
        if (!row) flows.set(id, (row = { day: f.day, anchor, position, fromNode, toNode, sessions: 0, purchases: 0 }));
        row.sessions += 1;
        if (f.purchased) row.purchases += 1;
      }
    }
    for (const it of f.items) {
      const id = `${f.day}\u0001${it.kind}\u0001${it.itemId}`;
      let row = items.get(id);
      if (!row) items.set(id, (row = { day: f.day, kind: it.kind, itemId: it.itemId, handle: it.handle, views: 0, carts: 0, purchases: 0 }));
      row.handle ??= it.handle;
      row.views += 1;
      if (it.carted) row.carts += 1;
      if (f.purchased) row.purchases += 1;
    }
    for (const s of f.searches) {
      const g = f.segment;
      const id = `${f.day}\u0001${g.device}\u0001${g.isReturning}\u0001${g.source}\u0001${g.landingStep}\u0001${s.query}`;
      let row = searches.get(id);
      if (!row) searches.set(id, (row = { day: f.day, ...g, query: s.query, searches: 0, zeroResults: 0, clicked: 0, sessions: 0, purchases: 0 }));
      row.searches += s.searches;
      row.zeroResults += s.zeroResults;
      row.clicked += s.clicked;
      row.sessions += 1;
      if (f.purchased) row.purchases += 1;
    }
  }
  return {
    paths: [...paths.values()],
    timings: [...timings.values()].map(({ buckets, ...t }) => ({ ...t, sumMs: Math.round(t.sumMs), histogram: encodeHistogram(buckets) })),
    itemFlows: [...flows.values()],
    items: [...items.values()],
    searches: [...searches.values()],
  };
}
