/**
 * First render of the admin page's journey map in headless Chromium (playwright-core
 * driving Debian's /usr/bin/chromium; nothing downloads a browser), against the real
 * server (app/cli/serve.ts, local mode, the dev shop) on a given database.
 *
 * "First render" = from navigation start (performance.timeOrigin of the page load) to the
 * first animation frame after the one in which the journey map's content is on screen:
 * the headline numbers ([data-testid=headline-sessions] with its number) and the flow chart
 * (the Sankey's SVG with its nodes and links) both laid out with a non-zero size. A
 * requestAnimationFrame loop installed before any page script checks that condition each
 * frame; the time is taken in the next frame's callback, i.e. after the frame that showed
 * the content was produced (so it includes React's commit, style, layout and paint).
 *
 *   cold:   each load in a fresh browser context (empty HTTP cache, no V8 code cache);
 *   warm:   one context, loaded once, then opened again (assets from the HTTP cache, as for a
 *           merchant coming back), the API answered by the server each time;
 *   reload: the same context reloaded within a minute, when the API's answer (Cache-Control
 *           private, max-age=60) comes from the browser's cache too;
 *   busy:   cold loads back to back, each closed 300 ms after its first render, so the next one
 *           starts while the server still answers the previous page's later requests.
 * An untimed load and repeats of its API requests first warm the server process up (JIT,
 * SQLite page cache), as a long-running server is.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT, WEB_DIST } from '../../app/server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { startServerProcess } from './server-process';

export interface LoadTiming {
  /** navigation start → headline numbers and the Sankey on screen (the "first render") */
  firstRenderMs: number;
  /** navigation start → the start of the frame that painted it (the probe's callback in that frame; a lower bound) */
  contentMs: number;
  /** navigation start → headline numbers on screen */
  headlineMs: number;
  /** the HTML document's response end */
  documentMs: number;
  /** first contentful paint (the page's own skeleton counts) */
  fcpMs: number;
  /** the /api/journey-map request: start and end of its response, ms since navigation start */
  apiStartMs: number;
  apiEndMs: number;
  /** the last script that finished loading before the first render */
  scriptsEndMs: number;
  /** main-thread long tasks (> 50 ms) before the first render: their count and total ms */
  longTasks: number;
  longTaskMs: number;
  /** JS and CSS files fetched before the first render (paths under web/dist) */
  assets: string[];
}

export interface Stats {
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export interface FirstRenderSeries {
  loads: LoadTiming[];
  firstRender: Stats;
  content: Stats;
  headline: Stats;
  fcp: Stats;
  apiEnd: Stats;
  scriptsEnd: Stats;
  longTaskMs: Stats;
}

export interface BundleFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleReport {
  files: BundleFile[];
  /** every JS file the build emits */
  totalJs: { bytes: number; gzipBytes: number };
  /** the JS and CSS the journey map fetched before its first render (cold load) */
  firstRenderJs: { bytes: number; gzipBytes: number; files: string[] };
  firstRenderCss: { bytes: number; gzipBytes: number; files: string[] };
}

export interface FirstRenderReport {
  label: string;
  url: string;
  cold: FirstRenderSeries;
  /** assets from the HTTP cache, the API answered by the server */
  warm: FirstRenderSeries;
  /** page.reload() within the API's 60 s cache lifetime: the API answer comes from the cache too */
  reload: FirstRenderSeries;
  /** cold loads back to back, each starting while the server still answers the previous page's later requests */
  busy: FirstRenderSeries;
  bundle: BundleReport;
  /** 1-minute load average divided by the cores, at the start and end of the loads */
  loadPerCore: [number, number];
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  return { medianMs: Math.round(s[Math.floor(s.length / 2)]), minMs: Math.round(s[0]), maxMs: Math.round(s[s.length - 1]) };
}

function series(loads: LoadTiming[]): FirstRenderSeries {
  return {
    loads,
    firstRender: stats(loads.map((l) => l.firstRenderMs)),
    content: stats(loads.map((l) => l.contentMs)),
    headline: stats(loads.map((l) => l.headlineMs)),
    fcp: stats(loads.map((l) => l.fcpMs)),
    apiEnd: stats(loads.map((l) => l.apiEndMs)),
    scriptsEnd: stats(loads.map((l) => l.scriptsEndMs)),
    longTaskMs: stats(loads.map((l) => l.longTaskMs)),
  };
}

/** Installed before any page script: watches for the first-render condition every frame. */
const PROBE = `(() => {
  const w = window;
  const st = { headlineSeen: false, mapSeen: false, headlineMs: null, contentMs: null, firstRenderMs: null, longTasks: [] };
  w.__wmFirstRender = st;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) st.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const shown = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const tick = () => {
    const now = performance.now();
    // The condition held in the previous frame's callback: that frame has been produced.
    if (st.headlineSeen && st.headlineMs === null) st.headlineMs = now;
    if (st.mapSeen && st.firstRenderMs === null) st.firstRenderMs = now;
    if (st.firstRenderMs !== null) return;
    const h = document.querySelector('[data-testid="headline-sessions"]');
    const headline = shown(h) && /\\d/.test(h.textContent || '');
    if (headline) st.headlineSeen = true;
    const svg = document.querySelector('svg[data-testid="sankey"]');
    if (headline && shown(svg) && svg.querySelector('[data-node] rect') && svg.querySelector('path')) {
      st.mapSeen = true;
      st.contentMs = now;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

async function timedLoad(page: Page, url: string, reload = false, settle = true): Promise<LoadTiming> {
  if (reload) await page.reload({ waitUntil: 'commit' });
  else await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __wmFirstRender?: { firstRenderMs: number | null } }).__wmFirstRender?.firstRenderMs != null, undefined, {
    timeout: 60_000,
    polling: 50,
  });
  const timing = await page.evaluate(() => {
    const st = (window as unknown as { __wmFirstRender: { headlineMs: number; contentMs: number; firstRenderMs: number; longTasks: [number, number][] } }).__wmFirstRender;
    const end = st.firstRenderMs;
    const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const api = res.find((r) => new URL(r.name).pathname === '/api/journey-map');
    const before = res.filter((r) => r.responseEnd <= end);
    const scripts = before.filter((r) => r.name.endsWith('.js'));
    const tasks = st.longTasks.filter(([s]) => s < end);
    return {
      firstRenderMs: Math.round(end),
      contentMs: Math.round(st.contentMs),
      headlineMs: Math.round(st.headlineMs),
      documentMs: Math.round((performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.responseEnd ?? NaN),
      fcpMs: Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN),
      apiStartMs: Math.round(api?.startTime ?? NaN),
      apiEndMs: Math.round(api?.responseEnd ?? NaN),
      scriptsEndMs: Math.round(Math.max(0, ...scripts.map((r) => r.responseEnd))),
      longTasks: tasks.length,
      longTaskMs: Math.round(tasks.reduce((a, [, d]) => a + d, 0)),
      assets: before.map((r) => new URL(r.name).pathname).filter((p) => /\.(js|css)$/.test(p)),
    };
  });
  // Let the page finish what it does after the first render (the cards below the fold, their
  // requests), so the next load starts with an idle server, as a merchant's would.
  if (settle) await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => {});
  return timing;
}

/** Sizes of what the build emitted (raw and gzip -6, what a compressing proxy or CDN sends). */
export function bundleFiles(dist = WEB_DIST): BundleFile[] {
  const out: BundleFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(js|css|html)$/.test(name)) {
        const buf = readFileSync(path);
        out.push({ file: `/${relative(dist, path)}`, bytes: buf.length, gzipBytes: gzipSync(buf, { level: 6 }).length });
      }
    }
  };
  walk(dist);
  return out.sort((a, b) => b.bytes - a.bytes);
}

function sum(files: BundleFile[], names: string[]) {
  const picked = files.filter((f) => names.includes(f.file));
  return { bytes: picked.reduce((a, f) => a + f.bytes, 0), gzipBytes: picked.reduce((a, f) => a + f.gzipBytes, 0), files: picked.map((f) => f.file) };
}

/**
 * Builds the admin page into web/dist: the working tree's web/, or `ref`'s (a git commit,
 * e.g. a baseline to compare with) exported next to it so it resolves the same node_modules.
 */
export function buildWeb(ref?: string): void {
  let config = join(REPO_ROOT, 'web', 'vite.config.ts');
  const tmp = join(REPO_ROOT, '.bench-web');
  if (ref) {
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const tar = spawnSync('sh', ['-c', `git archive ${JSON.stringify(ref)} web | tar -x -C ${JSON.stringify(tmp)}`], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`git archive ${ref} failed: ${tar.stderr}`);
    config = join(tmp, 'web', 'vite.config.ts');
  }
  try {
    const vite = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', config, '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    if (vite.status !== 0) throw new Error(`vite build failed: ${vite.stderr}${vite.stdout}`);
    if (ref) {
      rmSync(WEB_DIST, { recursive: true, force: true });
      cpSync(join(tmp, 'web', 'dist'), WEB_DIST, { recursive: true });
    }
  } finally {
    if (ref) rmSync(tmp, { recursive: true, force: true });
  }
}

export async function benchFirstRender(opts: {
  databaseUrl: string;
  devShop: string;
  /** page path and query, default '/' (the landing page, the journey map) */
  path?: string;
  label?: string;
  coldLoads?: number;
  warmLoads?: number;
  log?: (line: string) => void;
}): Promise<FirstRenderReport> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} not found: apt-get install -y chromium`);
  if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: npm run build:web');
  const log = opts.log ?? (() => {});
  const coldN = opts.coldLoads ?? 5;
  const warmN = opts.warmLoads ?? 5;
  const { chromium } = await import('playwright-core');
  // web/dist is shared with whoever else builds in this checkout: the server reads index.html
  // once at start, so a rebuild during the loads would make its hashed assets vanish.
  const indexHtml = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const server = await startServerProcess({ DATABASE_URL: opts.databaseUrl, WAYMARK_DEV_SHOP: opts.devShop });
  let browser: Browser | undefined;
  try {
    const url = `${server.url}${opts.path ?? '/'}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS], timeout: 60_000 });
    // The analytics API allows browsers to keep its answers for 60 s (Cache-Control). Unless
    // `apiCache` is on, its requests get `Cache-Control: no-cache`, so the server answers each
    // load's API call (assets still come from the cache when they are there).
    const fresh = async () => {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript({ content: PROBE });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const state = { apiCache: false };
      const cdp = await context.newCDPSession(page);
      cdp.on('Fetch.requestPaused', (e: { requestId: string; request: { headers: Record<string, string> } }) => {
        const headers = Object.entries(e.request.headers).map(([name, value]) => ({ name, value: String(value) }));
        if (!state.apiCache) headers.push({ name: 'Cache-Control', value: 'no-cache' });
        void cdp.send('Fetch.continueRequest', { requestId: e.requestId, headers }).catch(() => {});
      });
      await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*/api/*', requestStage: 'Request' }] });
      return { context, page, errors, state };
    };
    const perCore = () => Math.round((loadavg()[0] / cpus().length) * 100) / 100;
    const loadStart = perCore();
    const line = (l: LoadTiming) =>
      `first render ${l.firstRenderMs} ms (content frame ${l.contentMs}, FCP ${l.fcpMs}, HTML ${l.documentMs}, scripts done ${l.scriptsEndMs}, API ${l.apiStartMs}→${l.apiEndMs}, long tasks ${l.longTaskMs} ms)`;

    // Untimed: warms the server process up (a long-running server has compiled its code
    // paths): one page load, then each API request it made five more times.
    {
      const { context, page } = await fresh();
      await timedLoad(page, url);
      const apis = await page.evaluate(() => [...new Set(performance.getEntriesByType('resource').map((r) => r.name).filter((n) => new URL(n).pathname.startsWith('/api/')))]);
      await context.close();
      for (let i = 0; i < 5; i++) for (const a of apis) await (await fetch(a, { headers: { 'Cache-Control': 'no-cache' } })).arrayBuffer();
    }
    const cold: LoadTiming[] = [];
    for (let i = 0; i < coldN; i++) {
      const { context, page, errors } = await fresh();
      cold.push(await timedLoad(page, url));
      await context.close();
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      log(`  cold ${i + 1}/${coldN}: ${line(cold[i])}`);
    }
    // Back to back: each cold load starts while the server still answers the previous page's
    // later requests (below the fold, setup checklist), as on a server with other merchants.
    const busy: LoadTiming[] = [];
    for (let i = 0; i < coldN; i++) {
      const { context, page, errors } = await fresh();
      busy.push(await timedLoad(page, url, false, false));
      await page.waitForTimeout(300);
      await context.close();
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
      log(`  busy ${i + 1}/${coldN}: ${line(busy[i])}`);
    }
    await new Promise((r) => setTimeout(r, 3_000));
    const warm: LoadTiming[] = [];
    const reload: LoadTiming[] = [];
    {
      const { context, page, errors, state } = await fresh();
      await timedLoad(page, url);
      for (let i = 0; i < warmN; i++) {
        warm.push(await timedLoad(page, url));
        log(`  warm ${i + 1}/${warmN}: ${line(warm[i])}`);
      }
      state.apiCache = true;
      await timedLoad(page, url);
      for (let i = 0; i < warmN; i++) {
        reload.push(await timedLoad(page, url, true));
        log(`  reload ${i + 1}/${warmN}: ${line(reload[i])}`);
      }
      await context.close();
      if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    }
    if (readFileSync(join(WEB_DIST, 'index.html'), 'utf8') !== indexHtml) throw new Error('web/dist was rebuilt by another process during the measurement: run the benchmark again');
    const files = bundleFiles();
    const js = files.filter((f) => f.file.endsWith('.js'));
    const coldAssets = cold[0].assets;
    return {
      label: opts.label ?? 'working tree',
      url: opts.path ?? '/',
      cold: series(cold),
      warm: series(warm),
      reload: series(reload),
      busy: series(busy),
      bundle: {
        files,
        totalJs: { bytes: js.reduce((a, f) => a + f.bytes, 0), gzipBytes: js.reduce((a, f) => a + f.gzipBytes, 0) },
        firstRenderJs: sum(files, coldAssets.filter((a) => a.endsWith('.js'))),
        firstRenderCss: sum(files, coldAssets.filter((a) => a.endsWith('.css'))),
      },
      loadPerCore: [loadStart, perCore()],
    };
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
}
