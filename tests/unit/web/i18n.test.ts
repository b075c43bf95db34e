import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STEP_NAMES, stepTitle } from '../../../app/api-contract/step-names';
import { FUNNEL_EVENT_LABELS } from '../../../app/api-contract/funnel';
import { chooseLocale, currentLanguage, currentLocaleTag, LANGUAGES, setLocale, t, tn, tParts } from '../../../web/src/i18n';

const DIR = join(import.meta.dirname, '../../../web/src/locales');
const catalog = (lang: string): Record<string, string> => JSON.parse(readFileSync(join(DIR, `${lang}.json`), 'utf8'));
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  const en = catalog('en');

  it('has one catalog per language the page offers, and no other', () => {
    expect(readdirSync(DIR).sort()).toEqual(LANGUAGES.map((l) => `${l}.json`).sort());
  });

  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${lang} has exactly the English keys, each with the same {placeholders} and some text`, () => {
      const other = catalog(lang);
      expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        expect(placeholders(other[key]), `${lang} ${key}`).toEqual(placeholders(text));
        expect(other[key].trim().length, `${lang} ${key}`).toBeGreaterThan(0);
      }
    });
  }

  it("English step labels are the backend's own vocabulary, and every step has a label in each language", () => {
    for (const step of Object.keys(STEP_NAMES)) expect(en[`step.${step}`], step).toBe(stepTitle(step));
    expect(Object.keys(en).filter((k) => k.startsWith('step.')).length).toBe(Object.keys(STEP_NAMES).length);
    for (const [event, label] of Object.entries(FUNNEL_EVENT_LABELS)) expect(en[`event.${event}`], event).toBe(label);
  });

  it('the Japanese catalog is in Japanese script, not copied English', () => {
    const ja = catalog('ja');
    const japanese = Object.values(ja).filter((s) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(s));
    expect(japanese.length / Object.keys(ja).length).toBeGreaterThan(0.9);
  });
});

describe('chooseLocale', () => {
  it("takes Shopify admin's locale first, then the browser's, then English", () => {
    expect(chooseLocale(['ja', 'fr-FR'])).toEqual({ lang: 'ja', tag: 'ja' });
    expect(chooseLocale(['fr-CA', 'en-US'])).toEqual({ lang: 'fr', tag: 'fr-CA' });
    expect(chooseLocale([null, 'fr_FR'])).toEqual({ lang: 'fr', tag: 'fr-FR' });
    expect(chooseLocale(['de-DE', 'ja-JP'])).toEqual({ lang: 'ja', tag: 'ja-JP' });
    expect(chooseLocale(['de', 'not a locale!', undefined])).toEqual({ lang: 'en', tag: 'en-US' });
    expect(chooseLocale(['en'])).toEqual({ lang: 'en', tag: 'en-US' });
    expect(chooseLocale(['en-GB'])).toEqual({ lang: 'en', tag: 'en-GB' });
  });
});

describe('t and tn', () => {
  afterEach(() => setLocale('en', 'en-US'));

  it('fills placeholders and leaves unknown ones visible', async () => {
    expect(t('headline.orders', { count: '12' })).toBe('12 orders');
    expect(t('headline.orders')).toBe('{count} orders');
    await setLocale('fr', 'fr-FR');
    expect(currentLanguage()).toBe('fr');
    expect(currentLocaleTag()).toBe('fr-FR');
    expect(t('nav.settings')).toBe('Paramètres');
    expect(t('headline.orders', { count: '12' })).toBe('12 commandes');
    await setLocale('ja', 'ja-JP');
    expect(t('nav.journeys')).toBe('ジャーニーマップ');
  });

  it('tParts keeps non-text values (React elements) in their place', async () => {
    const el = { element: 'hr' };
    const parts = tParts('models.quality.details', { hr: el, baseHr: '0.5', mrr: 7, baseMrr: '0.1', tested: '' });
    expect(parts[1]).toBe(el);
    expect(parts.filter((p) => p !== el).join('')).toBe('Details: hit rate @20  (best sellers 0.5) · MRR @20 7 (best sellers 0.1).');
    expect(tParts('headline.orders', {})).toEqual(['', '{count}', ' orders']);
    await setLocale('ja', 'ja-JP');
    expect(tParts('models.active', { name: el })).toEqual(['稼働中のモデル: ', el, '']);
  });

  it('picks the plural form by the language and formats the count', async () => {
    expect(tn('ago.days', 1)).toBe('1 day ago');
    expect(tn('ago.days', 1200)).toBe('1,200 days ago');
    await setLocale('fr', 'fr-FR');
    expect(tn('ago.days', 1)).toBe('il y a 1 jour');
    expect(tn('ago.days', 3)).toBe('il y a 3 jours');
  });
});
