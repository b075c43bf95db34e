/**
 * One date model for every view: days are the shop's calendar days (its IANA time zone),
 * and the default window is the DEFAULT_WINDOW_DAYS days ending today there. Pure (Intl only).
 *
 *   localDay(Date.now(), 'America/New_York')        // "2026-03-14"
 *   defaultWindow('2026-03-14')                     // { from: "2026-02-13", to: "2026-03-14" }
 *   dayStartUtc('2026-03-14', 'America/New_York')   // ms of 2026-03-14T04:00:00Z
 */
import { addDays, type DayRange } from './utc-days';

export const DEFAULT_WINDOW_DAYS = 30;

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  return f;
}

/** A usable IANA zone name, or 'UTC' for anything Intl does not know. */
export function validTimeZone(tz: string | null | undefined): string {
  if (!tz) return 'UTC';
  try {
    format(tz);
    return tz;
  } catch {
    return 'UTC';
  }
}

function parts(ms: number, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of format(validTimeZone(timeZone)).formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(ts: number | Date, timeZone: string): string {
  const p = parts(typeof ts === 'number' ? ts : ts.getTime(), timeZone);
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** How far the zone's wall clock is ahead of UTC at an instant (ms). */
function offsetAt(ms: number, timeZone: string): number {
  const p = parts(ms, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The instant a calendar day starts in a time zone (ms since the epoch). */
export function dayStartUtc(day: string, timeZone: string): number {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  const guess = midnight - offsetAt(midnight, timeZone);
  // Across a DST change the offset at the guess can differ from the one at UTC midnight.
  return midnight - offsetAt(guess, timeZone);
}

/** The zone's calendar days from the one containing `firstMs` to the one containing `lastMs`. */
export function localDaysSpanned(firstMs: number, lastMs: number, timeZone: string): string[] {
  const out: string[] = [];
  for (let d = localDay(firstMs, timeZone), last = localDay(lastMs, timeZone); d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The default window: DEFAULT_WINDOW_DAYS days ending on `today` (the shop's today). */
export function defaultWindow(today: string, days = DEFAULT_WINDOW_DAYS): DayRange {
  return { from: addDays(today, -(days - 1)), to: today };
}
