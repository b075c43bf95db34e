/**
 * Number, money, percent, duration and date formatting for the admin's locale (i18n.ts:
 * Shopify admin's `locale`, else the browser's; en-US by default), money in the shop's
 * currency with that currency's own decimals, and step labels.
 */
import { stepTitle } from '../../app/api-contract/step-names';
import { currentLocaleTag, t, tn, type MessageKey } from './i18n';

const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const tag = currentLocaleTag();
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat(tag, options)));
  return f;
}

export function fmtInt(n: number): string {
  return numberFormat().format(Math.round(n));
}

/** A decimal number with exactly `digits` decimals ("0.767", "0,767"). */
export function fmtDecimal(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return '–';
  return numberFormat({ minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

/** Money in `currency`: its own decimals (none for JPY), and none from 1,000 up. */
export function fmtMoney(n: number, currency = 'USD'): string {
  try {
    const own = numberFormat({ style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    const digits = n >= 1000 ? 0 : own;
    return numberFormat({ style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
  } catch {
    return `${n.toFixed(2)} ${currency}`;
  }
}

export function fmtPct(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return '–';
  return numberFormat({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
}

/** Relative change, or null when there is no base to compare with. */
export function change(current: number, previous: number): number | null {
  if (!previous) return null;
  return (current - previous) / previous;
}

export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  const s = ms / 1000;
  if (s < 1) return t('duration.underSecond');
  if (s < 60) return t('duration.seconds', { s: fmtInt(s) });
  const m = s / 60;
  if (m < 60) return t('duration.minutes', { m: fmtInt(Math.floor(m)), s: fmtInt(s % 60) });
  const h = m / 60;
  if (h < 24) return t('duration.hours', { h: fmtInt(Math.floor(h)), m: fmtInt(m % 60) });
  return t('duration.days', { d: fmtDecimal(h / 24, 1) });
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const tag = currentLocaleTag();
  const key = `${tag}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  if (!f) dateFormats.set(key, (f = new Intl.DateTimeFormat(tag, options)));
  return f;
}

export function fmtDate(iso: string | Date | null | undefined): string {
  if (!iso) return '–';
  const d = typeof iso === 'string' ? new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso) : iso;
  return dateFormat({ month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(d);
}

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  return dateFormat({ month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** "just now", "3 min ago", "5 h ago", "2 days ago" (then the date). */
export function fmtAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '–';
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (s < 60) return t('ago.justNow');
  if (s < 3600) return t('ago.minutes', { count: fmtInt(Math.floor(s / 60)) });
  if (s < 86_400) return t('ago.hours', { count: fmtInt(Math.floor(s / 3600)) });
  if (s < 30 * 86_400) return tn('ago.days', Math.floor(s / 86_400));
  return fmtDate(iso);
}

/**
 * A step's label, from the one vocabulary the backend's sentences use too (in English;
 * translated here when the admin's language has it).
 */
export function stepLabel(step: string): string {
  if (step === '+') return '…';
  const key = `step.${step}` as MessageKey;
  const label = t(key);
  return label === key ? stepTitle(step) : label;
}
