/**
 * CPU accounting from Linux /proc for the benchmarks that share a machine: a process's own
 * CPU time and that of its exited children (the local queue's job processes), and how busy
 * the whole machine was between two readings (other work on a shared machine shows here).
 */
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** user+system CPU seconds of `pid` itself, and of its children it has waited for. */
export function processCpu(pid: number): { selfSeconds: number; childrenSeconds: number } {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { selfSeconds: (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND, childrenSeconds: (Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND };
  } catch {
    return { selfSeconds: 0, childrenSeconds: 0 };
  }
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
