import { describe, expect, it } from 'vitest';
import { busyPercent, parseCpuLine, processCpu, processRssBytes } from './proc-cpu';

describe('parseCpuLine', () => {
  it('counts user, nice, system, irq, softirq and steal as busy; idle and iowait not', () => {
    // user nice system idle iowait irq softirq steal guest guest_nice
    expect(parseCpuLine('cpu  100 5 50 800 20 3 2 10 0 0')).toEqual({ busy: 170, total: 990 });
  });
});

describe('busyPercent', () => {
  it('is the busy share of the ticks between two readings', () => {
    expect(busyPercent({ busy: 100, total: 1000 }, { busy: 175, total: 1100 })).toBe(75);
    expect(busyPercent({ busy: 1, total: 1 }, { busy: 1, total: 1 })).toBe(0);
  });
});

describe('processCpu and processRssBytes', () => {
  it('read this process from /proc/<pid>/stat, and zero for a process that is gone', () => {
    const t0 = performance.now();
    while (performance.now() - t0 < 150); // burn some CPU time
    expect(processCpu(process.pid).selfSeconds).toBeGreaterThan(0.1);
    const rss = process.memoryUsage().rss;
    const read = processRssBytes(process.pid);
    expect(read).toBeGreaterThan(rss * 0.5);
    expect(read).toBeLessThan(rss * 2);
    // Above the kernel's largest pid (2^22), so never a live process.
    expect(processCpu(2 ** 23)).toEqual({ selfSeconds: 0, childrenSeconds: 0 });
    expect(processRssBytes(2 ** 23)).toBe(0);
  });
});
