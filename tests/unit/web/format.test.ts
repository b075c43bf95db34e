import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../web/src/i18n';
import { fmtAgo, fmtDate, fmtDecimal, fmtDuration, fmtInt, fmtMoney, fmtPct } from '../../../web/src/format';

const NNBSP = '\u202f'; // narrow no-break space: the French thousands separator
const NBSP = '\u00a0'; // no-break space: before % and the currency sign

describe('formatting for the admin locale', () => {
  afterEach(() => setLocale('en', 'en-US'));

  it('English (en-US) by default', () => {
    expect(fmtInt(1234.4)).toBe('1,234');
    expect(fmtDecimal(0.7666, 3)).toBe('0.767');
    expect(fmtPct(0.221)).toBe('22.1%');
    expect(fmtMoney(1234.5, 'EUR')).toBe('€1,235');
    expect(fmtMoney(12.5, 'USD')).toBe('$12.50');
    expect(fmtDate('2026-03-05')).toBe('Mar 5, 2026');
    expect(fmtDuration(95_000)).toBe('1 min 35 s');
    expect(fmtAgo('2026-03-05T00:00:00Z', Date.parse('2026-03-08T00:00:00Z'))).toBe('3 days ago');
  });

  it('French: narrow no-break spaces between thousands, decimal comma, currency after the number', async () => {
    await setLocale('fr', 'fr-FR');
    expect(fmtInt(1234567)).toBe(`1${NNBSP}234${NNBSP}567`);
    expect(fmtDecimal(1234.5, 1)).toBe(`1${NNBSP}234,5`);
    expect(fmtPct(0.221)).toBe(`22,1${NBSP}%`);
    expect(fmtMoney(12.5, 'EUR')).toBe(`12,50${NBSP}€`);
    expect(fmtMoney(1234.5, 'EUR')).toBe(`1${NNBSP}235${NBSP}€`);
    expect(fmtDate('2026-03-05')).toBe('5 mars 2026');
    expect(fmtDuration(95_000)).toBe('1 min 35 s');
    expect(fmtDuration(3 * 86_400_000)).toBe('3,0 jours');
    expect(fmtAgo('2026-03-07T00:00:00Z', Date.parse('2026-03-08T00:00:00Z'))).toBe('il y a 1 jour');
  });

  it('French Canadian follows its own conventions', async () => {
    await setLocale('fr', 'fr-CA');
    expect(fmtMoney(12.5, 'CAD')).toBe(`12,50${NBSP}$`);
    expect(fmtDate('2026-03-05')).toBe('5 mars 2026');
  });

  it('Japanese: Western digits with commas, yen without decimals, dates in 年月日', async () => {
    await setLocale('ja', 'ja-JP');
    expect(fmtInt(1234567)).toBe('1,234,567');
    expect(fmtPct(0.221)).toBe('22.1%');
    expect(fmtMoney(980.4, 'JPY')).toMatch(/^[¥￥]980$/);
    expect(fmtMoney(123456.7, 'JPY')).toMatch(/^[¥￥]123,457$/);
    expect(fmtMoney(12.5, 'USD')).toBe('$12.50');
    expect(fmtDate('2026-03-05')).toBe('2026年3月5日');
    expect(fmtDuration(95_000)).toBe('1 分 35 秒');
    expect(fmtAgo('2026-03-05T00:00:00Z', Date.parse('2026-03-08T00:00:00Z'))).toBe('3 日前');
  });

  it('money in any currency code Intl knows, and a plain fallback for one it does not', () => {
    expect(fmtMoney(5, 'GBP')).toBe('£5.00');
    expect(fmtMoney(5, 'NOTACURRENCY')).toBe('5.00 NOTACURRENCY');
  });
});
