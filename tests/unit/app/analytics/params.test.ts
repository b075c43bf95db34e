import { describe, expect, it } from 'vitest';
import { parseAnalyticsQuery } from '../../../../app/analytics/params';

const NOW = Date.UTC(2026, 2, 15, 12);

describe('parseAnalyticsQuery', () => {
  it('defaults to the last 30 days and the standard funnel, with the previous period of equal length', () => {
    const r = parseAnalyticsQuery({}, NOW);
    expect(r.ok && r.query).toMatchObject({
      range: { from: '2026-02-14', to: '2026-03-15' },
      previous: { from: '2026-01-15', to: '2026-02-13' },
      filters: {},
      anchor: 'start',
      detail: 'step',
      top: 6,
      expand: [],
      steps: ['session', 'product', 'cart', 'checkout', 'purchase'],
    });
  });

  it('reads segments, flow options and funnel steps', () => {
    const r = parseAnalyticsQuery({ from: '2026-01-01', to: '2026-01-07', device: 'mobile', returning: 'false', source: 'email', landing: 'product', anchor: 'exit', expand: '-2,-2', top: '3', steps: 'session,search,purchase' }, NOW);
    expect(r.ok && r.query).toMatchObject({
      range: { from: '2026-01-01', to: '2026-01-07' },
      previous: { from: '2025-12-25', to: '2025-12-31' },
      filters: { device: 'mobile', isReturning: false, source: 'email', landingStep: 'product' },
      anchor: 'exit',
      expand: [-2, -2],
      top: 3,
      steps: ['session', 'search', 'purchase'],
    });
  });

  it('names the bad field', () => {
    const bad = (raw: Record<string, unknown>) => {
      const r = parseAnalyticsQuery(raw, NOW);
      return r.ok ? null : r.field;
    };
    expect(bad({ from: '2026-13-45' })).toBe('from');
    expect(bad({ from: '2026-02-01', to: '2026-01-01' })).toBe('from');
    expect(bad({ device: 'toaster' })).toBe('device');
    expect(bad({ steps: 'session,teleport' })).toBe('steps');
    expect(bad({ steps: 'session' })).toBe('steps');
    expect(bad({ top: '0' })).toBe('top');
    expect(bad({ expand: '1;drop' })).toBe('expand');
    expect(bad({ from: '2020-01-01', to: '2026-01-01' })).toBe('from');
  });
});
