/**
 * Accessibility of the admin page: axe-core (injected into the page, no network) finds no
 * critical or serious violation on any view, at desktop (1440×900) and phone (390×844)
 * widths, in local mode over a dev shop with simulated shoppers. Also: the page never
 * scrolls sideways on a phone, and every scrolling region can be reached by keyboard.
 *
 * Screenshots: tests/artifacts/a11y-<view>-<width>.png (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, chromiumSkipReason, launchChromiumPage, type LaunchedBrowser } from '../helpers/browser';
import { startAdminDemo, type AdminDemo } from '../helpers/admin-demo';
import { seriousAxeViolations, type AxeViolation } from '../helpers/axe';

const skip = chromiumSkipReason();

const VIEWS = [
  { id: 'journeys', path: '/', ready: '[data-testid="sankey"], [data-testid="flow-list"]' },
  { id: 'insights', path: '/app/insights', ready: 'h1' },
  { id: 'recommendations', path: '/app/recommendations', ready: 'h1' },
  { id: 'models', path: '/app/models', ready: 'h1' },
  { id: 'settings', path: '/app/settings', ready: 'h1' },
];
const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
];

async function settle(page: Page, ready: string) {
  await page.waitForSelector(ready, { timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('.Polaris-Spinner, .Polaris-SkeletonBodyText'), undefined, { timeout: 30_000 });
  // Lazily loaded charts (Polaris Viz) draw after their chunk arrives.
  await page.waitForTimeout(600);
}

describe.skipIf(skip)('admin page accessibility (axe-core)', () => {
  let demo: AdminDemo;
  const browsers: LaunchedBrowser[] = [];

  beforeAll(async () => {
    demo = await startAdminDemo({ events: 4000 });
  }, 240_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await demo?.close();
  });

  for (const size of WIDTHS) {
    it(`no critical or serious violation on any view at ${size.width}×${size.height}`, async () => {
      const { chrome, page, pageErrors } = await launchChromiumPage({ viewport: size });
      browsers.push(chrome);
      const found: Record<string, AxeViolation[]> = {};
      const overflow: Record<string, number> = {};
      const structures: Record<string, unknown> = {};
      const unreachableByView: Record<string, string[]> = {};
      for (const v of VIEWS) {
        await page.goto(`${demo.url}${v.path}`);
        await settle(page, v.ready);
        await page.screenshot({ path: artifactPath(`a11y-${v.id}-${size.width}.png`), fullPage: true });
        const bad = await seriousAxeViolations(page);
        if (bad.length) found[v.id] = bad;
        // Every page has one main landmark and one h1, and headings never skip a level.
        const structure = await page.evaluate(() => {
          const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
            .filter((h) => (h as HTMLElement).offsetParent !== null || h.getClientRects().length > 0)
            .map((h) => Number(h.tagName[1]));
          let skipped = 0;
          for (let i = 1; i < levels.length; i++) if (levels[i] > levels[i - 1] + 1) skipped++;
          return { mains: document.querySelectorAll('main, [role="main"]').length, h1: levels.filter((l) => l === 1).length, first: levels[0], skipped };
        });
        structures[v.id] = structure;
        // Scrolling regions (tables wider than the screen) take keyboard focus and have a name.
        const unreachable = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('[data-scroll-region]')]
            .filter((el) => el.scrollWidth > el.clientWidth + 1)
            .filter((el) => el.tabIndex < 0 || !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
            .map((el) => el.outerHTML.slice(0, 120)),
        );
        if (unreachable.length) unreachableByView[v.id] = unreachable;
        overflow[v.id] = await page.evaluate(() => document.documentElement.scrollWidth);
      }
      if (Object.keys(found).length) console.error(JSON.stringify(found, null, 2));
      console.info(JSON.stringify({ width: size.width, structures, unreachableByView, overflow }));
      expect(Object.fromEntries(Object.entries(found).map(([k, vs]) => [k, vs.map((x) => `${x.impact}: ${x.id}`)]))).toEqual({});
      for (const v of VIEWS) expect(structures[v.id], v.id).toEqual({ mains: 1, h1: 1, first: 1, skipped: 0 });
      expect(unreachableByView).toEqual({});
      for (const [id, w] of Object.entries(overflow)) expect(w, `${id} scrollWidth`).toBeLessThanOrEqual(size.width);
      expect(pageErrors).toEqual([]);
    }, 180_000);
  }
});
