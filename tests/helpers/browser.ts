/**
 * Headless Chromium for browser tests, through playwright-core and the Debian `chromium`
 * package (never a downloaded browser).
 *
 *   const skip = chromiumSkipReason();            // string when /usr/bin/chromium is absent
 *   describe.skipIf(skip)('...', () => { const browser = await launchChromium(); ... });
 *
 * CI installs chromium (apt-get install -y chromium), so there the tests always run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

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

/** tests/artifacts/<name> (git-ignored), creating the folder. */
export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}
