/**
 * Headless Chromium for browser tests, through playwright-core and the Debian `chromium`
 * package (never a downloaded browser).
 *
 *   const skip = chromiumSkipReason();            // string when /usr/bin/chromium is absent
 *   describe.skipIf(skip)('...', () => {
 *     let chrome: LaunchedBrowser; let page: Page; let pageErrors: string[];
 *     beforeAll(async () => { ({ chrome, page, pageErrors } = await launchChromiumPage()); });
 *     afterAll(async () => { await chrome?.close(); });
 *     ... expect(pageErrors).toEqual([]);
 *   });
 *
 * CI installs chromium (apt-get install -y chromium), so there the tests always run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export { CHROMIUM_ARGS, CHROMIUM_PATH } from '../bench/chromium';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../bench/chromium';
export const ARTIFACTS_DIR = join(import.meta.dirname, '..', 'artifacts');

/**
 * Why browser tests cannot run here, or undefined when they can. With WAYMARK_TEST_BROWSER=1
 * (set by .ci/run) a missing Chromium is an error, so CI can never count skipped browser
 * tests as passing.
 */
export function chromiumSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  if (process.env.WAYMARK_TEST_BROWSER === '1') {
    throw new Error(`WAYMARK_TEST_BROWSER=1 but ${CHROMIUM_PATH} is missing: apt-get install -y chromium`);
  }
  const reason = `browser tests skipped: ${CHROMIUM_PATH} not found (install it with: apt-get install -y chromium)`;
  console.warn(reason);
  return reason;
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh profile directory (removed on close). Playwright takes the
 * profile as launchPersistentContext's userDataDir (it refuses --user-data-dir in args).
 */
export async function launchChromium(
  opts: { viewport?: { width: number; height: number }; userAgent?: string } = {},
): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'waymark-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: opts.viewport ?? { width: 1280, height: 900 },
      userAgent: opts.userAgent,
      timeout: 60_000,
    });
    return {
      context,
      async close() {
        await context.close().catch(() => {});
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}

export interface RecordedPage {
  page: Page;
  /** The page's uncaught errors (its pageerror events' messages), in order. */
  pageErrors: string[];
}

/** Opens a new page in `chrome` that records its uncaught errors. */
export async function openPage(chrome: LaunchedBrowser): Promise<RecordedPage> {
  const page = await chrome.context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { page, pageErrors };
}

/** launchChromium, then one page recording its uncaught errors (openPage). */
export async function launchChromiumPage(opts: Parameters<typeof launchChromium>[0] = {}): Promise<RecordedPage & { chrome: LaunchedBrowser }> {
  const chrome = await launchChromium(opts);
  try {
    return { chrome, ...(await openPage(chrome)) };
  } catch (e) {
    await chrome.close();
    throw e;
  }
}

/** tests/artifacts/<name> (git-ignored), creating the folder. */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}
