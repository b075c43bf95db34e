/** Day arithmetic on UTC calendar days ("YYYY-MM-DD"). Pure. The shop's own days are date-window.ts. */

/** Inclusive range of UTC days, "YYYY-MM-DD". */
export interface DayRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

export function dayOf(ts: number | Date): string {
  return new Date(typeof ts === 'number' ? ts : ts.getTime()).toISOString().slice(0, 10);
}

export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

export function addDays(day: string, n: number): string {
  return dayOf(dayStartMs(day) + n * DAY_MS);
}

export function daysInRange(range: DayRange): number {
  return Math.round((dayStartMs(range.to) - dayStartMs(range.from)) / DAY_MS) + 1;
}

/** The period of equal length just before `range`. */
export function previousPeriod(range: DayRange): DayRange {
  const n = daysInRange(range);
  return { from: addDays(range.from, -n), to: addDays(range.from, -1) };
}

/** Every day in [firstMs, lastMs] (UTC). */
export function daysSpanned(firstMs: number, lastMs: number): string[] {
  const out: string[] = [];
  for (let d = dayOf(firstMs), last = dayOf(lastMs); d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}
