/**
 * The admin page's browser tests' setup in one place: a real Waymark server (local mode, the
 * dev bypass answers the API) with the test's own data, and a headless Chromium with one page
 * that records its uncaught errors.
 *
 *   const skip = chromiumSkipReason();
 *   describe.skipIf(skip)('...', () => {
 *     let admin: AdminSession;
 *     beforeAll(async () => {
 *       admin = await startAdminSession({ seed: (s, shop) => seedReviewStore(s.db, shop) });
 *     }, 120_000);
 *     afterAll(() => admin?.close());
 *     it('...', async () => {
 *       await admin.open('/app/insights');
 *       ... expect(admin.pageErrors).toEqual([]);
 *     });
 *   });
 *
 * startDemoAdminSession does the same over tests/helpers/admin-demo.ts (simulated shoppers
 * through the real pipeline).
 */
import type { Page } from 'playwright-core';
import { ensureShop, type ShopRow } from '../../app/shops/shop-rows';
import { launchChromiumPage, type LaunchedBrowser } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';
import { startAdminDemo, type AdminDemo } from '../helpers/admin-demo';

type Viewport = { width: number; height: number };

export interface ChromiumOnServer {
  /** the server's base URL */
  url: string;
  chrome: LaunchedBrowser;
  page: Page;
  /** the page's uncaught errors (its pageerror events' messages), in order */
  pageErrors: string[];
  /** goes to `path` (with its query) on the server */
  open(path: string): Promise<void>;
  /** closes Chromium, then the server */
  close(): Promise<void>;
}

export interface AdminSession extends ChromiumOnServer {
  s: TestServer;
  /** the dev shop the admin page answers for, as the seed left it */
  shop: ShopRow;
}

export interface DemoAdminSession extends ChromiumOnServer {
  demo: AdminDemo;
}

/** Chromium with one page in front of a server that is already up; the server is closed if Chromium fails to start. */
async function withChromium(server: { url: string; close(): Promise<void> }, viewport: Viewport | undefined): Promise<ChromiumOnServer> {
  try {
    const { chrome, page, pageErrors } = await launchChromiumPage({ viewport });
    return {
      url: server.url,
      chrome,
      page,
      pageErrors,
      async open(path) {
        await page.goto(`${server.url}${path}`);
      },
      async close() {
        await chrome.close();
        await server.close();
      },
    };
  } catch (e) {
    await server.close();
    throw e;
  }
}

/** Runs `prepare` on a started server; closes the server when it throws. */
async function prepared<T extends { close(): Promise<void> }>(server: T, prepare: (server: T) => Promise<void>): Promise<T> {
  try {
    await prepare(server);
    return server;
  } catch (e) {
    await server.close();
    throw e;
  }
}

/**
 * A real server over a fresh database, `seed` run with it and its dev shop, then Chromium.
 * Chromium's viewport defaults to launchChromium's (1280×900).
 */
export async function startAdminSession(
  opts: {
    server?: Parameters<typeof startTestServer>[0];
    seed?: (s: TestServer, shop: ShopRow) => Promise<unknown>;
    viewport?: Viewport;
  } = {},
): Promise<AdminSession> {
  let shop: ShopRow | undefined;
  const s = await prepared(await startTestServer(opts.server), async (started) => {
    const domain = started.config.devShop!;
    const created = await ensureShop(started.db, domain);
    await opts.seed?.(started, created);
    shop = await started.db.shop.findUniqueOrThrow({ where: { domain } });
  });
  return { s, shop: shop!, ...(await withChromium(s, opts.viewport)) };
}

/** startAdminDemo (simulated shoppers), `prepare` run with it, then Chromium. */
export async function startDemoAdminSession(
  opts: {
    demo?: Parameters<typeof startAdminDemo>[0];
    prepare?: (demo: AdminDemo) => Promise<unknown>;
    viewport?: Viewport;
  } = {},
): Promise<DemoAdminSession> {
  const demo = await prepared(await startAdminDemo(opts.demo), async (started) => {
    await opts.prepare?.(started);
  });
  return { demo, ...(await withChromium(demo, opts.viewport)) };
}
