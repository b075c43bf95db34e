import { describe, expect, it } from 'vitest';
import { busyPercent, parseCpuLine } from './proc-cpu';

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
