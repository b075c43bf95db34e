/**
 * How steady is this machine? A latency benchmark on a shared 2-core VM measures the machine
 * as well as the code, so the benchmarks that report tails also report this: one thread
 * spins for a while and records every gap in which it did not run (the kernel or the
 * hypervisor ran something else), and the kernel's DAMON memory monitor, which on these
 * machines wakes at a fixed interval to sample and page out memory, is named with that interval.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MachineStalls {
  seconds: number;
  /** gaps longer than 1 ms in which the spinning thread did not run */
  over1Ms: number;
  over4Ms: number;
  longestMs: number;
}

/** Spins for `ms` (yielding to the event loop every 50 ms) and counts the gaps. */
export async function probeMachineStalls(ms = 5_000): Promise<MachineStalls> {
  const gaps: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    let last = performance.now();
    const slice = Math.min(end, last + 50);
    while (last < slice) {
      const now = performance.now();
      if (now - last > 1) gaps.push(now - last);
      last = now;
    }
    await new Promise((r) => setImmediate(r));
  }
  return {
    seconds: ms / 1000,
    over1Ms: gaps.length,
    over4Ms: gaps.filter((g) => g > 4).length,
    longestMs: Math.round(Math.max(0, ...gaps) * 100) / 100,
  };
}

/** The running DAMON monitors' sampling intervals in ms (Linux sysfs), or [] where there are none. */
export function damonSamplingIntervalsMs(root = '/sys/kernel/mm/damon/admin/kdamonds'): number[] {
  if (!existsSync(root)) return [];
  const out: number[] = [];
  for (const k of readdirSync(root).filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(join(root, k, 'state'), 'utf8').trim() !== 'on') continue;
      const contexts = join(root, k, 'contexts');
      for (const c of readdirSync(contexts).filter((d) => /^\d+$/.test(d))) {
        const us = Number(readFileSync(join(contexts, c, 'monitoring_attrs/intervals/sample_us'), 'utf8'));
        if (us > 0) out.push(us / 1000);
      }
    } catch {
      /* not readable: say nothing */
    }
  }
  return out;
}
