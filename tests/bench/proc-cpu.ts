/**
 * CPU accounting from Linux /proc for the benchmarks that share a machine: a process's own
 * CPU time (and resident memory) and that of the processes it started (the local queue's job
 * hosts), and how busy the whole machine was between two readings (other work on a shared
 * machine shows here).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

/** The fields of /proc/<pid>/stat after the command name (field 3, the state, is [0]). */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(') ') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** user+system CPU seconds of `pid` itself, and of its children it has waited for. */
export function processCpu(pid: number): { selfSeconds: number; childrenSeconds: number } {
  const f = statFields(pid);
  if (!f) return { selfSeconds: 0, childrenSeconds: 0 };
  return { selfSeconds: (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND, childrenSeconds: (Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND };
}

/** Resident memory of `pid` in bytes (0 once it is gone). */
export function processRssBytes(pid: number): number {
  const f = statFields(pid);
  return f ? Number(f[21]) * PAGE_BYTES : 0;
}

/** The live processes whose parent is `pid`. */
export function childPids(pid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((p) => statFields(p)?.[1] === String(pid));
}

/**
 * CPU seconds of everything `pid` started: its exited children (waited for), and each live
 * descendant's own time and exited children (the local queue's long-lived job hosts).
 */
export function descendantsCpuSeconds(pid: number): number {
  let total = processCpu(pid).childrenSeconds;
  for (const child of childPids(pid)) total += processCpu(child).selfSeconds + descendantsCpuSeconds(child);
  return total;
}

export interface MachineTicks {
  busy: number;
  total: number;
}

/** Parses the aggregate `cpu` line of /proc/stat: busy = everything but idle and iowait. */
export function parseCpuLine(line: string): MachineTicks {
  const [, ...fields] = line.trim().split(/\s+/);
  const n = fields.slice(0, 8).map(Number);
  const total = n.reduce((a, x) => a + x, 0);
  return { busy: total - n[3] - n[4], total };
}

export function machineTicks(): MachineTicks {
  return parseCpuLine(readFileSync('/proc/stat', 'utf8').split('\n')[0]);
}

/** Percent of all cores' time that was busy between two readings. */
export function busyPercent(from: MachineTicks, to: MachineTicks): number {
  const total = to.total - from.total;
  return total > 0 ? Math.round(((to.busy - from.busy) / total) * 1000) / 10 : 0;
}
