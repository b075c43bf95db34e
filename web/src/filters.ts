/** Journey filters (date range, comparison, segments) ↔ the URL query ↔ API parameters. */
import { stepLabel } from './format';
import { t, type MessageKey } from './i18n';
export interface Filters {
  from: string;
  to: string;
  compare: boolean;
  device: string;
  returning: string;
  source: string;
  landing: string;
}

const DAY = 86_400_000;
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => dayOf(Date.parse(`${day}T00:00:00Z`) + n * DAY);
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;

export function previousRange(from: string, to: string): { from: string; to: string } {
  const n = daysBetween(from, to);
  return { from: addDays(from, -n), to: addDays(from, -1) };
}

/** The date-range presets: days ending today, and the message key of their label. */
export const PRESETS = [
  { value: '7', key: 'filters.last7' },
  { value: '30', key: 'filters.last30' },
  { value: '90', key: 'filters.last90' },
  { value: '365', key: 'filters.last365' },
] as const;

export function defaultRange(today = dayOf(Date.now()), days = 30): { from: string; to: string } {
  return { from: addDays(today, -(days - 1)), to: today };
}

const SEGMENT_KEYS = ['device', 'returning', 'source', 'landing'] as const;

/** `fallback.compare`: whether to compare when the URL does not say (default: yes). */
export function filtersFrom(search: URLSearchParams, fallback: { from: string; to: string; compare?: boolean } = defaultRange()): Filters {
  const valid = (d: string | null) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : null);
  let from = valid(search.get('from')) ?? fallback.from;
  let to = valid(search.get('to')) ?? fallback.to;
  if (from > to) [from, to] = [to, from];
  return {
    from,
    to,
    compare: search.get('compare') === 'on' ? true : search.get('compare') === 'off' ? false : (fallback.compare ?? true),
    device: search.get('device') ?? '',
    returning: search.get('returning') ?? '',
    source: search.get('source') ?? '',
    landing: search.get('landing') ?? '',
  };
}

/** Query parameters for the page URL (keeps other parameters of `base`). */
export function filtersToSearch(f: Filters, base = new URLSearchParams()): URLSearchParams {
  const s = new URLSearchParams(base);
  s.set('from', f.from);
  s.set('to', f.to);
  s.set('compare', f.compare ? 'on' : 'off');
  for (const k of SEGMENT_KEYS) {
    if (f[k]) s.set(k, f[k]);
    else s.delete(k);
  }
  return s;
}

/** Query parameters for the analytics API. */
export function apiQuery(f: Filters, extra: Record<string, string | number | undefined> = {}): string {
  const s = new URLSearchParams({ from: f.from, to: f.to });
  for (const k of SEGMENT_KEYS) if (f[k]) s.set(k, f[k]);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') s.set(k, String(v));
  return s.toString();
}

type Option = { label: string; value: string };
const options = (group: string, values: string[]): Option[] =>
  values.map((value) => ({ label: t(`segment.${group}.${value || 'all'}` as MessageKey), value }));

/** The segment filters' choices, in the admin's language (so built when rendered). */
export const deviceOptions = () => options('device', ['', 'desktop', 'mobile', 'tablet', 'other']);
export const returningOptions = () => options('returning', ['', 'false', 'true']);
export const sourceOptions = () => options('source', ['', 'direct', 'search', 'social', 'email', 'paid', 'referral', 'internal']);
export const landingOptions = (): Option[] => [
  { label: t('segment.landing.all'), value: '' },
  ...['home', 'collection', 'product', 'search', 'cart', 'other'].map((value) => ({ label: stepLabel(value), value })),
];

export function segmentSummary(f: Filters): string[] {
  const out: string[] = [];
  const pick = (opts: Option[], v: string) => opts.find((o) => o.value === v)?.label ?? v;
  if (f.device) out.push(pick(deviceOptions(), f.device));
  if (f.returning) out.push(pick(returningOptions(), f.returning));
  if (f.source) out.push(pick(sourceOptions(), f.source));
  if (f.landing) out.push(t('segment.landing', { page: pick(landingOptions(), f.landing) }));
  return out;
}
