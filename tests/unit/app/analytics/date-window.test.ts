import { describe, expect, it } from 'vitest';
import { dayStartUtc, defaultWindow, localDay, localDaysSpanned, validTimeZone } from '../../../../app/analytics/date-window';
import { parseAnalyticsQuery } from '../../../../app/analytics/params';

describe('date window', () => {
  it('counts days in the shop time zone', () => {
    const t = Date.parse('2026-03-14T23:30:00Z');
    expect(localDay(t, 'UTC')).toBe('2026-03-14');
    expect(localDay(t, 'Pacific/Kiritimati')).toBe('2026-03-15'); // UTC+14
    expect(localDay(t, 'America/Los_Angeles')).toBe('2026-03-14');
    expect(localDay(Date.parse('2026-03-15T05:00:00Z'), 'America/Los_Angeles')).toBe('2026-03-14');
    expect(localDaysSpanned(Date.parse('2026-03-14T23:00:00Z'), Date.parse('2026-03-15T01:00:00Z'), 'UTC')).toEqual(['2026-03-14', '2026-03-15']);
    expect(localDaysSpanned(Date.parse('2026-03-14T23:00:00Z'), Date.parse('2026-03-15T01:00:00Z'), 'America/New_York')).toEqual(['2026-03-14']);
  });

  it('finds the instant a day starts, across daylight-saving changes', () => {
    expect(new Date(dayStartUtc('2026-03-14', 'UTC')).toISOString()).toBe('2026-03-14T00:00:00.000Z');
    expect(new Date(dayStartUtc('2026-03-07', 'America/New_York')).toISOString()).toBe('2026-03-07T05:00:00.000Z'); // EST
    expect(new Date(dayStartUtc('2026-03-09', 'America/New_York')).toISOString()).toBe('2026-03-09T04:00:00.000Z'); // EDT
    expect(new Date(dayStartUtc('2026-03-15', 'Pacific/Kiritimati')).toISOString()).toBe('2026-03-14T10:00:00.000Z');
    expect(validTimeZone('Not/AZone')).toBe('UTC');
  });

  it('is the API default: 30 of the shop days ending today there', () => {
    expect(defaultWindow('2026-03-14')).toEqual({ from: '2026-02-13', to: '2026-03-14' });
    const now = Date.parse('2026-03-14T23:30:00Z');
    const utc = parseAnalyticsQuery({}, now);
    const kiri = parseAnalyticsQuery({}, now, 'Pacific/Kiritimati');
    expect(utc.ok && utc.query.range).toEqual({ from: '2026-02-13', to: '2026-03-14' });
    expect(kiri.ok && kiri.query.range).toEqual({ from: '2026-02-14', to: '2026-03-15' });
  });
});
