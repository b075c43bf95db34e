/**
 * Runs one paced load (tests/bench/paced-load.ts) in a process of its own, so that the load
 * generator's heap and GC are its own and small, not those of the benchmark that seeded and
 * trained a store before it. `node --import tsx tests/bench/paced-load-child.ts <job.json>`:
 * reads the job, writes the result (and the generator's CPU time) to `job.resultFile`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runPacedLoad } from './paced-load';

interface Job {
  origin: string;
  pathsFile: string;
  ratePerSec: number;
  connections: number;
  resultFile: string;
}

const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Job;
const paths = readFileSync(job.pathsFile, 'utf8').split('\n');
const cpu0 = process.cpuUsage();
const r = await runPacedLoad({ origin: job.origin, paths, ratePerSec: job.ratePerSec, connections: job.connections });
const cpu = process.cpuUsage(cpu0);
writeFileSync(
  job.resultFile,
  JSON.stringify({
    ...r,
    latenciesMs: Array.from(r.latenciesMs),
    fromDueMs: Array.from(r.fromDueMs),
    serverMs: Array.from(r.serverMs),
    requestIndex: Array.from(r.requestIndex),
    cpuMs: (cpu.user + cpu.system) / 1000,
  }),
);
