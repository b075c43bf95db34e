/** The markdown of the mixed-load benchmark (tests/bench/mixed-load.ts). */
import type { MixedResult, PhaseResult } from './mixed-load';

const n = (x: number | undefined) => (x === undefined ? '—' : x.toLocaleString('en-US'));

function table(headers: string[], rows: (string | number)[][]): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function jobs(p: PhaseResult): string {
  const parts = Object.entries(p.jobs).map(([type, count]) => `${type} ${count}`);
  if (p.training) parts.push(`training running ${p.training.coveredPercent}% of the phase (${p.training.accepted} started)`);
  return parts.join(', ') || '—';
}

function row(r: MixedResult, p: PhaseResult): (string | number)[] {
  const acks = p.ingest?.acks;
  return [
    r.provider,
    p.phase,
    p.seconds.toFixed(0),
    p.recs ? `${n(p.recs.achievedRatePerSec)} (${p.recs.errors} err)` : '—',
    p.recs ? `${p.recs.p50Ms} / ${p.recs.p99Ms} / ${p.recs.p999Ms}` : '—',
    p.recs ? p.recs.handlerP99Ms : '—',
    p.loopDelay ? `${p.loopDelay.p99Ms} / ${p.loopDelay.maxMs}` : '—',
    p.ingest ? `${n(p.ingest.eventsPerSec)} (${p.ingest.errors} err)` : '—',
    p.ingest ? `${p.ingest.ackP50Ms} / ${p.ingest.ackP99Ms}` : '—',
    p.ingest ? n(p.ingest.eventsStoredPerServerCpuSecond) : '—',
    acks ? `${n(acks.storedOfAcknowledged)} of ${n(acks.acknowledged)}${acks.everyAckStored ? '' : ' **NO**'}, +${n(acks.extraStored)}` : '—',
    p.serverCpuSeconds,
    p.jobCpuSeconds,
    `${p.machineBusyPercent}%`,
    jobs(p),
  ];
}

export function mixedMarkdown(results: MixedResult[]): string {
  const o = results[0]?.options;
  if (!o) return 'No configuration could run.';
  const head = [
    'database', 'phase', 's', 'recs req/s', 'recs p50 / p99 / p99.9 ms', 'recs handler p99 ms', 'server loop delay p99 / max ms', 'ingest events/s', 'ack p50 / p99 ms',
    'events stored per server CPU-s', 'acknowledged stored, + extra stored', 'server CPU s', 'job CPU s', 'machine busy', 'jobs created (by type)',
  ];
  return [
    table(head, results.flatMap((r) => r.phases.map((p) => row(r, p)))),
    '',
    results.map((r) => `${r.provider}: ${r.topology}.`).join(' '),
    '',
    `Per database, three phases in one run: recommendations alone (${o.recsSeconds} s), ingest alone (${o.ingestSeconds} s), then both with one training (${o.mixedSeconds} s; ingest runs 1 s longer to span the recommendations generator's start). ` +
      `Recommendations: signed app proxy requests at ${n(o.recsRate)} req/s, open loop, from the raw-socket generator in its own process (tests/bench/paced-load.ts); the model is trained on ${n(o.trainEvents)} simulated events, 1,000 products. ` +
      `Ingest: ${n(o.ingestEventsPerSec)} events/s in batches of ${o.batchSize}, open loop (at most 64 in flight), spread over ${o.ingestShops} shops, from the bench process. ` +
      'Training: POST /api/models/retrain for the recommendations shop, asked again every 0.5 s so one is always running ("training running" is the share of the phase covered by its Job rows). ' +
      '"server loop delay": how late the server process\'s event loop ran in the phase (perf_hooks monitorEventLoopDelay, loaded by the bench only: tests/bench/loop-delay-probe.ts); a request\'s wait beyond it and its handler time is time the server process waited for a CPU, or the generator did. ' +
      '"events stored per server CPU-s" divides the acknowledged events found in the database by the server process\'s own CPU time in the phase (in the mixed phase that time also serves the recommendations). ' +
      '"acknowledged stored" looks every acknowledged event id up in the database (tests/bench/ack-check.ts); "extra stored" were stored without an acknowledgement reaching the client. ' +
      '"job CPU s": on SQLite the CPU of the processes the server started (sessionize and train run in its job host process, at a lower priority); on PostgreSQL the worker process. ' +
      '"machine busy" is the share of both cores busy during the phase, whoever used them: on a shared machine other work is in it. ' +
      'The ingest shops carry a model row dated ahead so that the retrain policy does not train them; their sessionizing (one job per shop, 5 s after its first new events) runs as in production. ' +
      'WAYMARK_MIXED_SECONDS="recs,ingest,mixed", WAYMARK_MIXED_SHOPS, WAYMARK_MIXED_TRAIN_EVENTS and WAYMARK_MIXED_DB (sqlite | postgresql | both) change the run.',
  ].join('\n');
}
