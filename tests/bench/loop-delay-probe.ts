/**
 * Loaded into a benchmark's server process (`node --import ./loop-delay-probe.ts`, see
 * server-process.ts): records how late the event loop runs (perf_hooks'
 * monitorEventLoopDelay, 1 ms resolution). On SIGUSR2 it writes the delays since the last
 * signal to WAYMARK_LOOP_DELAY_FILE as JSON and starts over, so a benchmark can tell time
 * its requests waited on the server's own loop from time they waited for a CPU.
 */
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.WAYMARK_LOOP_DELAY_FILE;
if (file) {
  const delays = monitorEventLoopDelay({ resolution: 1 });
  delays.enable();
  process.on('SIGUSR2', () => {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    writeFileSync(file, JSON.stringify({ p50Ms: ms(delays.percentile(50)), p99Ms: ms(delays.percentile(99)), p999Ms: ms(delays.percentile(99.9)), maxMs: ms(delays.max), at: Date.now() }));
    delays.reset();
  });
}
