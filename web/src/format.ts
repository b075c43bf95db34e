/** Number, money, percent and duration formatting for the merchant (en-US for now), and step labels. */
import { stepTitle } from '../../app/api-contract/step-names';
const int = new Intl.NumberFormat('en-US');

export function fmtInt(n: number): string {
  return int.format(Math.round(n));
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function fmtMoney(n: number, currency = 'USD'): string {
  const key = `${currency}:${n >= 1000 ? 0 : 2}`;
  try {
    let f = moneyFormats.get(key);
    if (!f) moneyFormats.set(key, (f = new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: n >= 1000 ? 0 : 2 })));
    return f.format(n);
  } catch {
    return `${n.toFixed(2)} ${currency}`;
  }
}

export function fmtPct(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return '–';
  return `${(x * 100).toFixed(digits)}%`;
}

/** Relative change, or null when there is no base to compare with. */
export function change(current: number, previous: number): number | null {
  if (!previous) return null;
  return (current - previous) / previous;
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  const s = ms / 1000;
  if (s < 1) return '< 1 s';
  if (s < 60) return `${Math.round(s)} s`;
  const m = s / 60;
  if (m < 60) return `${Math.floor(m)} min ${Math.round(s % 60)} s`;
  const h = m / 60;
  if (h < 24) return `${Math.floor(h)} h ${Math.round(m % 60)} min`;
  return `${(h / 24).toFixed(1)} days`;
}

export function fmtDate(iso: string | Date | null | undefined): string {
  if (!iso) return '–';
  const d = typeof iso === 'string' ? new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso) : iso;
  return d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleString('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

/** "just now", "3 min ago", "5 h ago", "2 days ago" (then the date). */
export function fmtAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '–';
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 30 * 86_400) return `${Math.floor(s / 86_400)} day${s < 2 * 86_400 ? '' : 's'} ago`;
  return fmtDate(iso);
}

/** A step's label, from the one vocabulary the backend's sentences use too. */
export function stepLabel(step: string): string {
  return step === '+' ? '…' : stepTitle(step);
}
