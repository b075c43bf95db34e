/** The benchmarks `npm run bench` knows. Each returns figures (with units in their names) and a markdown table. */
import { benchIngest, type IngestBenchResult } from './ingest-bench';
import { probePg } from '../db/pg-admin';
import { PG_SERVER_URL } from './ingest-bench';

export interface BenchOutput {
  figures: Record<string, unknown>;
  markdown: string;
}

export interface Benchmark {
  name: string;
  title: string;
  description: string;
  run(log: (message: string) => void): Promise<BenchOutput>;
}

function table(headers: string[], rows: (string | number)[][]): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function ingestRow(r: IngestBenchResult): (string | number)[] {
  return [
    r.provider,
    r.eventsPerSec.toLocaleString('en-US'),
    r.eventsPerCoreSecond.toLocaleString('en-US'),
    r.ackP50Ms,
    r.ackP99Ms,
    r.requests.toLocaleString('en-US'),
    r.errors,
    r.storedMatchesAcknowledged ? 'yes' : 'NO',
  ];
}

export const BENCHMARKS: Benchmark[] = [
  {
    name: 'ingest',
    title: 'Ingest throughput (POST /ingest, batches of 20, loopback HTTP)',
    description: 'events/s and ack latency on SQLite and PostgreSQL, server in its own process',
    async run(log) {
      const results: IngestBenchResult[] = [];
      log('SQLite…');
      results.push(await benchIngest({ provider: 'sqlite' }));
      const pg = await probePg(PG_SERVER_URL, 2_000);
      if (pg.ok) {
        log('PostgreSQL…');
        results.push(await benchIngest({ provider: 'postgresql' }));
      } else log(`PostgreSQL skipped: ${pg.message}`);
      const md =
        table(
          ['database', 'events/s (wall)', 'events per server CPU-second', 'ack p50 ms', 'ack p99 ms', 'requests', '5xx/errors', 'every ack stored'],
          results.map(ingestRow),
        ) +
        `\n\nClosed loop, ${results[0].concurrency} concurrent clients, ${results[0].seconds.toFixed(0)} s per database after a 2 s warm-up; ` +
        'the load generator runs in the bench process, the server in its own process (both share this machine\'s 2 cores). ' +
        '"events per server CPU-second" divides accepted events by the server process\'s user+system CPU time: the one-core figure.';
      return { figures: Object.fromEntries(results.map((r) => [r.provider, r])), markdown: md };
    },
  },
];
