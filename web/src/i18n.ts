/**
 * The admin page's language: the `locale` query parameter Shopify admin gives an embedded
 * app (kept for the session, since in-page navigation rewrites the query string), else the
 * browser's language, else English. Messages come from web/src/locales/<lang>.json, one key
 * set; `t(key, { name })` fills `{name}` placeholders and falls back to English.
 * Numbers, money and dates use the full locale tag (fr-CA, ja-JP), see format.ts.
 */
import en from './locales/en.json';

export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;
export const LANGUAGES = ['en', 'fr', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'waymark:locale';
let state: { lang: Language; tag: string; messages: Catalog } = { lang: 'en', tag: 'en-US', messages: en };

function canonical(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag.replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

/** The first candidate Waymark speaks, as { lang, tag }; English (en-US) when none does. */
export function chooseLocale(candidates: Array<string | null | undefined>): { lang: Language; tag: string } {
  for (const c of candidates) {
    const tag = c ? canonical(c) : undefined;
    const lang = tag?.split('-')[0].toLowerCase() as Language | undefined;
    if (tag && lang && LANGUAGES.includes(lang)) return { lang, tag: tag === lang && lang === 'en' ? 'en-US' : tag };
  }
  return { lang: 'en', tag: 'en-US' };
}

/** The locale for this page load (see the module comment). */
export function localeFromPage(): { lang: Language; tag: string } {
  const fromQuery = new URLSearchParams(window.location.search).get('locale');
  let stored: string | null = null;
  try {
    if (fromQuery) sessionStorage.setItem(STORAGE_KEY, fromQuery);
    else stored = sessionStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be blocked in a third-party iframe; the query parameter still works.
  }
  return chooseLocale([fromQuery, stored, ...(navigator.languages ?? []), navigator.language]);
}

const loaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: Catalog }>> = {
  fr: () => import('./locales/fr.json'),
  ja: () => import('./locales/ja.json'),
};

/** Loads the catalog for `lang` and makes it (and `tag` for formatting) current. */
export async function setLocale(lang: Language, tag: string): Promise<void> {
  const messages = lang === 'en' ? en : (await loaders[lang]()).default;
  state = { lang, tag, messages };
}

export function currentLanguage(): Language {
  return state.lang;
}

/** The BCP 47 tag numbers, money and dates are formatted for. */
export function currentLocaleTag(): string {
  return state.tag;
}

/** The message for `key` with its `{placeholders}` filled in. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const text = state.messages[key] ?? en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Like t, but a placeholder may be filled with anything (a React element): the message as a list of parts. */
export function tParts<T>(key: MessageKey, values: Record<string, string | number | T>): Array<string | T> {
  const text = state.messages[key] ?? en[key] ?? key;
  return text.split(/\{(\w+)\}/).map((part, i) => (i % 2 === 0 ? part : part in values ? (typeof values[part] === 'number' ? String(values[part]) : (values[part] as string | T)) : `{${part}}`));
}

/** An ordinal for a column heading: "2nd" in English, "2e" (and "1re") in French, "2" in Japanese. */
export function ordinalNumber(n: number, english: (n: number) => string): string {
  if (state.lang === 'fr') return n === 1 ? '1re' : `${n}e`;
  if (state.lang === 'ja') return String(n);
  return english(n);
}

/** `key.one` or `key.other` by the language's plural rules for `count` (also passed as {count}). */
export function tn(key: string, count: number, values: Record<string, string | number> = {}): string {
  const rule = new Intl.PluralRules(state.tag).select(count) === 'one' ? 'one' : 'other';
  return t(`${key}.${rule}` as MessageKey, { count: new Intl.NumberFormat(state.tag).format(count), ...values });
}
