/**
 * The journey map's flow chart as a merchant reads it, in Chromium over a dev shop with
 * simulated shoppers (local mode):
 * - checkout sub-steps are one "Checkout" node unless asked for (by keyboard, too);
 * - no two labels or column headings overlap (bounding boxes of the rendered SVG text),
 *   from entry, to purchase and to exit, folded and unfolded;
 * - columns are headed "1st page", "2nd page", …;
 * - every node takes keyboard focus and has screen-reader text with its numbers, and the
 *   table view shows the same numbers;
 * - on a phone (390 px) the flow is a list and the page never scrolls sideways.
 *
 * Screenshots: tests/artifacts/flow-*.png (git-ignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { artifactPath, chromiumSkipReason, launchChromium } from '../helpers/browser';
import { startDemoAdminSession, type DemoAdminSession } from './admin-session';

const skip = chromiumSkipReason();

async function chartReady(page: Page) {
  await page.waitForSelector('[data-testid="sankey"] [data-label-for]', { timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('.Polaris-Spinner'), undefined, { timeout: 30_000 });
}

/** Pairs of text elements in the flow chart whose boxes intersect (SVG user units). */
async function overlaps(page: Page) {
  return page.evaluate(() => {
    const texts = [...document.querySelectorAll<SVGTextElement>('[data-testid="sankey"] text')];
    const boxes = texts.map((t) => ({ text: t.textContent ?? '', b: t.getBBox() }));
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].b;
        const b = boxes[j].b;
        if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) out.push(`"${boxes[i].text}" × "${boxes[j].text}"`);
      }
    }
    // Labels stay inside the drawing.
    const svg = document.querySelector<SVGSVGElement>('[data-testid="sankey"]')!;
    const w = svg.width.baseVal.value;
    for (const { text, b } of boxes) if (b.x < 0 || b.x + b.width > w + 0.5) out.push(`"${text}" outside the chart`);
    return { count: boxes.length, out };
  });
}

const nodeIds = (page: Page) => page.locator('[data-testid="sankey"] [data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')!));

describe.skipIf(skip)('flow chart in Chromium', () => {
  let admin: DemoAdminSession;

  beforeAll(async () => {
    admin = await startDemoAdminSession({ demo: { events: 4000, train: false }, viewport: { width: 1440, height: 900 } });
  }, 240_000);

  afterAll(() => admin?.close());

  it('folds checkout into one node, heads its columns, and no two labels overlap', async () => {
    const { demo, page } = admin;
    for (const anchor of ['start', 'purchase', 'exit'] as const) {
      for (const checkout of ['fold', 'steps'] as const) {
        const q = new URLSearchParams();
        if (anchor !== 'start') q.set('anchor', anchor);
        if (checkout === 'steps') q.set('checkout', 'steps');
        await page.goto(`${demo.url}/?${q}`);
        await chartReady(page);
        const ids = await nodeIds(page);
        const subSteps = ids.filter((id) => /:checkout_/.test(id));
        if (checkout === 'fold') {
          expect(subSteps, `${anchor} folded`).toEqual([]);
          expect(ids.some((id) => /:checkout$/.test(id)), `${anchor} has a Checkout node`).toBe(true);
        } else {
          expect(subSteps.length, `${anchor} unfolded`).toBeGreaterThan(0);
        }
        const o = await overlaps(page);
        expect(o.count).toBeGreaterThan(5);
        expect(o.out, `${anchor}/${checkout}`).toEqual([]);
        const headings = await page.locator('[data-testid="sankey-columns"] text').allTextContents();
        if (anchor === 'start') expect(headings.slice(0, 3)).toEqual(['1st page', '2nd page', '3rd page']);
        else expect(headings.slice(-2)).toEqual(['1 page before', anchor === 'purchase' ? 'Purchase' : 'Last page']);
        await page
          .locator('[data-testid="sankey"]')
          .locator('xpath=ancestor::div[contains(@class, "Polaris-ShadowBevel")][1]')
          .screenshot({ path: artifactPath(`flow-${anchor}-${checkout}-1440.png`) });
      }
    }
    // Narrower desktop windows squeeze the columns: still no overlap.
    for (const width of [1024, 700]) {
      await page.setViewportSize({ width, height: 900 });
      for (const q of ['', 'checkout=steps', 'anchor=exit&checkout=steps', 'detail=item']) {
        await page.goto(`${demo.url}/?${q}`);
        await chartReady(page);
        const o = await overlaps(page);
        expect(o.out, `${width}px ?${q}`).toEqual([]);
      }
      await page
        .locator('[data-testid="sankey"]')
        .locator('xpath=ancestor::div[contains(@class, "Polaris-ShadowBevel")][1]')
        .screenshot({ path: artifactPath(`flow-items-${width}.png`) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });

    // Folded, "To purchase" is short: purchase, checkout, cart, … (the sub-steps took 5 columns).
    await page.goto(`${demo.url}/?anchor=purchase`);
    await chartReady(page);
    const folded = (await page.locator('[data-testid="sankey-columns"] text').count());
    await page.goto(`${demo.url}/?anchor=purchase&checkout=steps`);
    await chartReady(page);
    expect(await page.locator('[data-testid="sankey-columns"] text').count()).toBeGreaterThanOrEqual(folded);
  });

  it('every node takes keyboard focus with its numbers, Enter unfolds checkout, and the table view has the same numbers', async () => {
    const { demo, page, pageErrors } = admin;
    await page.goto(`${demo.url}/`);
    await chartReady(page);
    const nodes = await page.locator('[data-testid="sankey"] [data-node]').evaluateAll((els) =>
      els.map((e) => ({ id: e.getAttribute('data-node')!, tab: (e as SVGElement).tabIndex, label: e.getAttribute('aria-label') ?? '', role: e.getAttribute('role'), sessions: Number(e.getAttribute('data-sessions')) })),
    );
    for (const n of nodes) {
      expect(n.tab, n.id).toBe(0);
      expect(['button', 'img']).toContain(n.role);
      expect(n.label, n.id).toContain(n.sessions.toLocaleString('en-US'));
      expect(n.label).toMatch(/^(\d+(st|nd|rd|th) page): /);
    }
    // Tab from the "Show as table" button backwards lands on chart nodes; forwards from the
    // segmented control reaches them by keyboard alone.
    await page.getByRole('button', { name: 'To exit' }).focus();
    let reached = '';
    for (let i = 0; i < 12 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('data-node') ?? '');
    }
    expect(reached).not.toBe('');

    // The table view: one row per node with the same sessions.
    await page.getByRole('button', { name: 'Show as table' }).click();
    await page.waitForSelector('[data-testid="flow-table"]');
    const rows = await page.locator('[data-testid="flow-table"] [data-node]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-node'), Number(e.getAttribute('data-value'))]));
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(nodes.map((n) => [n.id, n.sessions])));
    await page.getByRole('button', { name: 'Show as chart' }).click();
    await chartReady(page);

    // The folded checkout node, by keyboard: Enter shows each checkout step.
    const checkout = page.locator('[data-testid="sankey"] [data-node$=":checkout"]').first();
    await checkout.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="sankey"] [data-node*=":checkout_"]') !== null, undefined, { timeout: 30_000 });
    expect(page.url()).toContain('checkout=steps');

    // One vocabulary: the chart's nodes, its table view and the funnel's step list name the
    // checkout steps alike (app/api-contract/step-names.ts).
    const labels = (await page.locator('[data-testid="sankey"] [data-node*=":checkout_contact"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).join(' ');
    expect(labels).toContain('Checkout contact step');
    await page.getByRole('button', { name: 'Show as table' }).click();
    expect(await page.locator('[data-testid="flow-table"]').innerText()).toContain('Checkout contact step');
    await page.getByRole('button', { name: 'Edit steps' }).click();
    await page.getByLabel('Page type').waitFor({ timeout: 10_000 });
    expect(await page.getByLabel('Page type').locator('option').allInnerTexts()).toContain('Checkout contact step');
    const body = await page.locator('body').innerText();
    expect(body).not.toMatch(/Checkout: contact|Collection\b(?! page)/);
    expect(pageErrors).toEqual([]);
  });

  it('on a phone the flow is a list with the same totals, and nothing scrolls sideways', async () => {
    const { demo } = admin;
    const phone = await launchChromium({ viewport: { width: 390, height: 844 } });
    try {
      const p = await phone.context.newPage();
      for (const anchor of ['start', 'purchase']) {
        await p.goto(`${demo.url}/${anchor === 'start' ? '' : `?anchor=${anchor}`}`);
        await p.waitForSelector('[data-testid="flow-list"] li', { timeout: 30_000 });
        await p.waitForFunction(() => !document.querySelector('.Polaris-Spinner'), undefined, { timeout: 30_000 });
        await p.waitForTimeout(500);
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        const list = p.locator('[data-testid="flow-list"]');
        const total = Number(await list.getAttribute('data-total-sessions'));
        const headline = Number(await p.locator('[data-testid="headline-sessions"]').getAttribute('data-value'));
        const purchases = Number(await p.locator('[data-testid="headline-purchases"]').getAttribute('data-value'));
        expect(total).toBe(anchor === 'start' ? headline : purchases);
        // The column at the anchor (the first page, or the purchase) holds every session in the flow.
        const sections = list.locator('section');
        const first = await (anchor === 'start' ? sections.first() : sections.last()).locator('li').allInnerTexts();
        const sum = first.reduce((a, t) => a + Number((/([\d,]+) \(\d+%\)$/.exec(t)?.[1] ?? '0').replace(/,/g, '')), 0);
        expect(sum).toBe(total);
        expect(await list.locator('h3').first().innerText()).toBe(anchor === 'start' ? '1st page' : columnHeadingFirst(await list.locator('h3').count()));
        await p.screenshot({ path: artifactPath(`flow-${anchor}-390.png`), fullPage: true });
      }
    } finally {
      await phone.close();
    }
  });
});

/** The first column of an end-anchored list of n columns: "n-1 pages before". */
function columnHeadingFirst(n: number): string {
  const k = n - 1;
  return `${k} page${k === 1 ? '' : 's'} before`;
}
