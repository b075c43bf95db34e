/**
 * The admin page in Japanese and French, as Shopify admin opens it (`?locale=ja`, `?locale=fr`),
 * against a real server with simulated shoppers: navigation, titles and labels in that
 * language, numbers, percents, money (in the shop's currency, euros here) and dates in that locale's
 * conventions, the language kept when moving between views, and axe-core still finding no
 * critical or serious violation (every view in Japanese). Without a `locale` the page stays in English (en-US).
 *
 * Screenshots: tests/artifacts/locale-<lang>.png (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, chromiumSkipReason, openPage } from '../helpers/browser';
import { startDemoAdminSession, type DemoAdminSession } from './admin-session';
import { seriousAxeViolations } from '../helpers/axe';

const skip = chromiumSkipReason();

async function settle(page: Page, ready: string) {
  await page.waitForSelector(ready, { timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('.Polaris-Spinner, .Polaris-SkeletonBodyText'), undefined, { timeout: 30_000 });
  await page.waitForTimeout(400);
}

/** What the journey map shows: language, title, navigation, headline texts and their raw values. */
async function readJourneyMap(page: Page) {
  return page.evaluate(() => {
    const text = (sel: string) => document.querySelector(sel)?.textContent?.trim() ?? '';
    const value = (sel: string) => Number(document.querySelector(sel)?.getAttribute('data-value'));
    return {
      lang: document.documentElement.lang,
      h1: text('h1'),
      // The navigation tabs (Polaris renders a hidden copy too, to measure them).
      tabs: [...new Set([...document.querySelectorAll('[role="tab"][id^="nav-"]')].map((t) => t.textContent?.trim()))],
      otherTabs: [...document.querySelectorAll('[role="tab"]:not([id^="nav-"])')].map((t) => t.textContent?.trim()),
      sessions: { text: text('[data-testid="headline-sessions"]'), value: value('[data-testid="headline-sessions"]') },
      conversion: { text: text('[data-testid="headline-conversion"]'), value: value('[data-testid="headline-conversion"]') },
      revenue: { text: text('[data-testid="headline-revenue"]'), value: value('[data-testid="headline-revenue"]') },
      body: document.body.innerText,
    };
  });
}

const NNBSP = '\u202f';
const NBSP = '\u00a0';
const DIGITS_FR = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
const DIGITS_EN = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

describe.skipIf(skip)('admin page in Japanese and French', () => {
  let admin: DemoAdminSession;

  beforeAll(async () => {
    admin = await startDemoAdminSession({
      demo: { events: 3000 },
      prepare: async (demo) => {
        // The shop's currency, before the first request (the server caches its answers).
        await demo.s.db.shop.update({ where: { id: demo.shopId }, data: { currency: 'EUR' } });
      },
      viewport: { width: 1440, height: 900 },
    });
  }, 240_000);

  afterAll(() => admin?.close());

  it('locale=ja: Japanese navigation and titles, Japanese number and date formats, money in the shop currency, axe-clean', async () => {
    const { demo, chrome } = admin;
    const { page, pageErrors } = await openPage(chrome);
    await page.goto(`${demo.url}/?locale=ja`);
    await settle(page, '[data-testid="sankey"], [data-testid="flow-list"]');
    await page.screenshot({ path: artifactPath('locale-ja.png'), fullPage: true });
    const m = await readJourneyMap(page);
    expect(m.lang).toBe('ja');
    expect(m.h1).toBe('ジャーニーマップ');
    expect(m.tabs).toEqual(['ジャーニーマップ', 'インサイト', 'レコメンド', 'モデル', '設定']);
    expect(m.body).toContain('買い物客がストア内をどう移動するか');
    expect(m.body).toContain('前の期間と比較');
    expect(m.otherTabs).toContain('購入せずに離脱');
    expect(m.sessions.value).toBeGreaterThan(100);
    expect(m.sessions.text).toBe(DIGITS_EN(m.sessions.value));
    expect(m.revenue.value).toBeGreaterThan(0);
    expect(m.revenue.text).toBe(`€${DIGITS_EN(m.revenue.value)}`);
    expect(m.body).toMatch(/\d{4}年\d{1,2}月\d{1,2}日～\d{4}年\d{1,2}月\d{1,2}日/);
    expect(m.body).not.toMatch(/Journey map|Sessions with a purchase|Compare with the previous period/);
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Moving to another view keeps the language (in-page navigation rewrites the query string).
    await page.getByRole('tab', { name: 'インサイト' }).click();
    await settle(page, 'h1');
    expect(await page.textContent('h1')).toBe('インサイト');
    expect(await page.textContent('body')).toContain('買い物客がつまずく箇所を、影響する売上の順に表示');
    expect(await seriousAxeViolations(page)).toEqual([]);
    for (const [tab, marker] of [
      ['レコメンド', 'ブロックの表示回数'],
      ['モデル', '今すぐ再トレーニング'],
      ['設定', '買い物客のプライバシーと同意'],
    ]) {
      await page.getByRole('tab', { name: tab }).click();
      await settle(page, 'h1');
      expect(await page.textContent('h1')).toBe(tab);
      expect(await page.textContent('body'), tab).toContain(marker);
      expect(await seriousAxeViolations(page), tab).toEqual([]);
    }
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('locale=fr: French navigation and titles, euros after the number, narrow no-break spaces, axe-clean', async () => {
    const { demo, chrome } = admin;
    const { page, pageErrors } = await openPage(chrome);
    await page.goto(`${demo.url}/?locale=fr`);
    await settle(page, '[data-testid="sankey"], [data-testid="flow-list"]');
    await page.screenshot({ path: artifactPath('locale-fr.png'), fullPage: true });
    const m = await readJourneyMap(page);
    expect(m.lang).toBe('fr');
    expect(m.h1).toBe('Carte des parcours');
    expect(m.tabs).toEqual(['Carte des parcours', 'Analyses', 'Recommandations', 'Modèles', 'Paramètres']);
    expect(m.body).toContain('Comment les clients parcourent votre boutique');
    expect(m.sessions.text).toBe(DIGITS_FR(m.sessions.value));
    // "12,34 %" with a no-break space and a decimal comma.
    expect(m.conversion.text).toMatch(new RegExp(`^\\d+,\\d{2}${NBSP}%$`));
    expect(m.conversion.text).toBe(`${(m.conversion.value * 100).toFixed(2).replace('.', ',')}${NBSP}%`);
    const euros = m.revenue.value >= 1000 ? DIGITS_FR(m.revenue.value) : m.revenue.value.toFixed(2).replace('.', ',');
    expect(m.revenue.text).toBe(`${euros}${NBSP}€`);
    expect(m.body).toMatch(/\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4}/);
    expect(m.body).not.toMatch(/Journey map|Sessions with a purchase|Compare with the previous period/);
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByRole('tab', { name: 'Paramètres' }).click();
    await settle(page, 'h1');
    expect(await page.textContent('h1')).toBe('Paramètres');
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 120_000);

  it('without a locale (or with one Waymark does not speak) the page is in English with en-US numbers', async () => {
    const { demo, chrome } = admin;
    for (const query of ['', '?locale=de']) {
      const { page, pageErrors } = await openPage(chrome);
      await page.goto(`${demo.url}/${query}`);
      await settle(page, '[data-testid="sankey"], [data-testid="flow-list"]');
      const m = await readJourneyMap(page);
      expect(m.lang).toBe('en-US');
      expect(m.h1).toBe('Journey map');
      expect(m.tabs).toEqual(['Journey map', 'Insights', 'Recommendations', 'Models', 'Settings']);
      expect(m.sessions.text).toBe(DIGITS_EN(m.sessions.value));
      expect(m.revenue.text).toBe(`€${DIGITS_EN(m.revenue.value)}`);
      expect(pageErrors).toEqual([]);
      await page.close();
    }
  }, 120_000);
});
