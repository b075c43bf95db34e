/** The cost-growth bench's tables (tests/bench/cost-growth.ts): measured rows, extrapolated rows, and each cost's growth per tenfold size. */
import type { GrowthResult, GrowthRow } from './cost-growth';
import { describeGrowth, extrapolate, growthExponent, type SizePoint } from './growth-math';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const f = (n: number | undefined, d = 1) => (n === undefined ? '–' : n.toFixed(d));

function table(headers: string[], rows: (string | number)[][]): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const models = (r: GrowthRow) =>
  Object.entries(r.train.models)
    .map(([m, n]) => (r.train.stores === 1 ? m : `${m} ${n}`))
    .join(', ');

/** The figures of one metric over the measured rows of a series, as (size, value) points. */
function points(rows: GrowthRow[], size: (r: GrowthRow) => number, value: (r: GrowthRow) => number | undefined): SizePoint[] {
  return rows.flatMap((r) => {
    const v = value(r);
    return v === undefined ? [] : [{ size: size(r), value: v }];
  });
}

interface Metric {
  name: string;
  value: (r: GrowthRow) => number | undefined;
  /** the slowest growth assumed when extrapolating (1: a total time, at least linear) */
  floor: number;
  digits: number;
}

const METRICS: Metric[] = [
  { name: 'ingest CPU µs / event', value: (r) => r.ingestUsPerEvent, floor: 0, digits: 1 },
  { name: 'serving CPU µs / request', value: (r) => r.serve.usPerRequest, floor: 0, digits: 1 },
  { name: 'sessionize job CPU s', value: (r) => r.sessionize?.cpuSeconds, floor: 1, digits: 1 },
  { name: 'training wall s', value: (r) => r.train.wallSeconds, floor: 1, digits: 1 },
  { name: 'training CPU s', value: (r) => r.train.cpuSeconds, floor: 1, digits: 1 },
];

function eventsTable(rows: GrowthRow[], extra: number[]): string {
  const measured = rows.map((r) => [
    `${int(r.events)} (measured)`,
    f(r.ingestUsPerEvent),
    f(r.serve.usPerRequest),
    int(r.serve.p99Us),
    r.sessionize ? `${f(r.sessionize.wallSeconds)} / ${f(r.sessionize.cpuSeconds)}` : 'not run (simulator journeys)',
    `${f(r.train.wallSeconds)} / ${f(r.train.cpuSeconds)}`,
    models(r),
    int(r.dbMiB),
  ]);
  const largest = Math.max(...rows.map((r) => r.events));
  const guessed = extra
    .filter((n) => n > largest)
    .map((n) => {
      const at = (m: Metric) => {
        const p = points(rows, (r) => r.events, m.value);
        return p.length ? extrapolate(p, n, m.floor).value : undefined;
      };
      const [ingest, serve, sessionizeCpu, trainWall, trainCpu] = METRICS.map(at);
      return [`**${int(n)} (extrapolated)**`, f(ingest), f(serve), '–', `– / ~${f(sessionizeCpu, 0)}`, `~${f(trainWall, 0)} / ~${f(trainCpu, 0)}`, '–', '–'];
    });
  const growth = METRICS.map((m) => {
    const p = points(rows, (r) => r.events, m.value);
    return p.length >= 2 ? `${m.name}: ${describeGrowth(growthExponent(p[p.length - 2]!, p[p.length - 1]!))}` : `${m.name}: one point`;
  });
  return [
    table(['events in the store', 'ingest CPU µs / event', 'serving CPU µs / request', 'serving p99 µs (wall)', 'sessionize job s (wall / CPU)', 'training s (wall / CPU)', 'model selected', 'database MiB'], [...measured, ...guessed]),
    '',
    `Growth between the two largest measured sizes: ${growth.join('; ')}.`,
  ].join('\n');
}

function storesTable(rows: GrowthRow[]): string {
  const body = rows.map((r) => [
    int(r.stores),
    int(r.events / r.stores),
    f(r.ingestUsPerEvent),
    f(r.serve.usPerRequest),
    int(r.serve.p99Us),
    `${int(r.memory.rssMiB)} (${r.memory.stateMiB < 0 ? '−' : '+'}${int(Math.abs(r.memory.stateMiB))})`,
    f(r.memory.heapMiB),
    r.sessionize ? `${f(r.sessionize.wallSeconds)} / ${f(r.sessionize.cpuSeconds)}` : 'not run (simulator journeys)',
    `${f(r.train.wallSeconds)} / ${f(r.train.cpuSeconds)}`,
    int((r.train.wallSeconds / r.stores) * 1000),
    `${r.serve.withModel} of ${r.stores}`,
    models(r),
  ]);
  const growth = METRICS.filter((m) => m.name !== 'sessionize job CPU s').map((m) => {
    const p = points(rows, (r) => r.stores, m.value);
    return p.length >= 2 ? `${m.name}: ${describeGrowth(growthExponent(p[p.length - 2]!, p[p.length - 1]!))}` : `${m.name}: one point`;
  });
  const heap = points(rows, (r) => r.stores, (r) => (r.memory.heapMiB > 0 ? r.memory.heapMiB : undefined));
  return [
    table(
      ['stores', 'events per store', 'ingest CPU µs / event', 'serving CPU µs / request', 'serving p99 µs (wall)', 'process RSS MiB (+ loading states)', 'serving states: heap + external MiB', 'sessionize job s (wall / CPU)', 'training all stores s (wall / CPU)', 'training ms per store (wall)', 'stores with a model', 'models selected'],
      body,
    ),
    '',
    `Growth with the number of stores (same total events), between the two largest counts: ${growth.join('; ')}` +
      (heap.length >= 2 ? `; serving-state memory: ${describeGrowth(growthExponent(heap[heap.length - 2]!, heap[heap.length - 1]!))}.` : '.'),
  ].join('\n');
}

export function growthMarkdown(r: GrowthResult): string {
  const o = r.options;
  const events = r.rows.filter((x) => x.series === 'events');
  const stores = r.rows.filter((x) => x.series === 'stores');
  return [
    `### One store, growing (${int(o.products)} products)`,
    '',
    events.length ? eventsTable(events, o.extrapolate) : '_not run_',
    '',
    `### The same ${int(o.storeEvents)} events over more stores (${int(o.productsPerStore)} products each)`,
    '',
    stores.length ? storesTable(stores) : '_not run_',
    '',
    `**How it was measured** (all in one process, SQLite, CPU time from \`process.cpuUsage\` unless "wall"): at each size a fresh database, preloaded in batches of 5,000 (simulated events over the last 60 days) through the ingest event store, or, above ${int(o.sessionizeMax)} events, by the same INSERT with the journey column. ` +
      `**Ingest**: then ${int(o.sample)} more simulated events in batches of ${o.batch}, ${o.inFlight} batches in flight, through app/ingest/pipeline.ts into that store (CPU per accepted event after a warm-up tenth, the median of three equal parts; no HTTP, so add the HTTP layer's share seen in the ingest bench). ` +
      `**Serving**: every store's serving state loaded into app/recs/shop-state.ts's cache, then ${int(o.requests)} storefront requests (the app proxy's query schema and storefront-recs peek → recommend, 3 placements, recent views of simulated sessions) after a warm-up fifth, three passes (CPU: their median; p99: all); no HTTP or signature check (see recs-http). ` +
      `**Training**: app/jobs/train-job.ts trainShop for every store, one after another (reads the journeys, validates the candidates, saves and activates the model). ` +
      `**Sessionize**: the sessionize job over every store when the run has at most ${int(o.sessionizeMax)} events; above that, each event's journey is the simulator's session (written at preload), so the job was not run and its time there is extrapolated. ` +
      'Extrapolated rows carry the growth of the two largest measured sizes to the larger size, never less than linear for the total times; they were not run. ' +
      `Memory: RSS after GC; "+" is its growth while the states loaded (RSS rarely shrinks, so a small figure can hide reuse of freed pages); heap + external is V8's own count of the same growth. ` +
      `The machine was shared with other work (load average ${r.loadAverage.join(' / ')} on 2 cores at the end of the run): CPU figures are less affected than wall ones, but both include cache and scheduler interference. PostgreSQL was not measured by this bench.`,
  ].join('\n');
}
