/**
 * Page-speed cost of the blocks: Lighthouse (npm package, performance category only)
 * against Debian's Chromium, on the demo storefront's product page with and without the
 * Waymark blocks (`?blocks=0` drops every block, asset and the embed). Median of `runs`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '../../app/db/client';
import { migrate } from '../../app/db/migrate';
import { ensureShop } from '../../app/shops/shop-rows';
import { upsertProducts } from '../../app/catalog/products';
import { catalogProductRows, simulatorCatalogs } from '../../app/demo/simulator';
import { DEFAULT_DEV_SHOP } from '../../app/config';
import { startServerProcess } from './server-process';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

interface LhResult {
  score: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
}

async function audit(url: string): Promise<LhResult> {
  const { launch } = await import('chrome-launcher');
  const lighthouse = (await import('lighthouse')).default;
  const userDir = mkdtempSync(join(tmpdir(), 'waymark-lh-'));
  const chrome = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: [...CHROMIUM_ARGS, `--user-data-dir=${userDir}`], userDataDir: false });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', onlyCategories: ['performance'], logLevel: 'error' });
    const lhr = result!.lhr;
    const num = (id: string) => Number(lhr.audits[id]?.numericValue ?? NaN);
    return {
      score: Math.round((lhr.categories.performance.score ?? 0) * 100),
      fcpMs: Math.round(num('first-contentful-paint')),
      lcpMs: Math.round(num('largest-contentful-paint')),
      tbtMs: Math.round(num('total-blocking-time')),
      cls: Math.round(num('cumulative-layout-shift') * 1000) / 1000,
    };
  } finally {
    await chrome.kill();
    rmSync(userDir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function benchLighthouse(opts: { runs?: number; log?: (m: string) => void } = {}) {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} not found: apt-get install -y chromium`);
  const log = opts.log ?? (() => {});
  const runs = opts.runs ?? 5;
  const dir = mkdtempSync(join(tmpdir(), 'waymark-lh-db-'));
  const url = `file:${join(dir, 'lh.sqlite')}`;
  try {
    await migrate({ url });
    const db = createDb({ url });
    const shop = await ensureShop(db, DEFAULT_DEV_SHOP);
    const [catalog] = simulatorCatalogs({ seed: 'lh', products: 60 });
    const rows = catalogProductRows(catalog).map((p) => ({
      ...p,
      tags: p.tags.join(','),
      imageUrl: `/storefront/images/${p.productId}.svg?t=${encodeURIComponent(p.title)}`,
    }));
    await upsertProducts(db, shop.id, rows);
    await db.$disconnect();
    const server = await startServerProcess({ DATABASE_URL: url }, 'tests/bench/serve-with-storefront.ts');
    try {
      const page = `${server.url}/storefront/products/${encodeURIComponent(rows[0].handle)}`;
      const withBlocks: LhResult[] = [];
      const without: LhResult[] = [];
      for (let i = 0; i < runs; i++) {
        log(`run ${i + 1}/${runs}: without blocks`);
        without.push(await audit(`${page}?blocks=0`));
        log(`run ${i + 1}/${runs}: with blocks`);
        withBlocks.push(await audit(page));
      }
      const summary = (xs: LhResult[]) => ({
        score: median(xs.map((x) => x.score)),
        fcpMs: median(xs.map((x) => x.fcpMs)),
        lcpMs: median(xs.map((x) => x.lcpMs)),
        tbtMs: median(xs.map((x) => x.tbtMs)),
        cls: median(xs.map((x) => x.cls)),
        scores: xs.map((x) => x.score),
      });
      const a = summary(without);
      const b = summary(withBlocks);
      return { page: '/storefront/products/<handle>', runs, without: a, withBlocks: b, scoreDrop: a.score - b.score };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
