/**
 * `npm run demo` on a fresh clone: the admin page is not built yet (an empty
 * WAYMARK_WEB_DIST), so the demo builds it before it serves; the database is new. After the
 * scripted run, a storefront visit (the batch the demo storefront's pixel stand-in posts to
 * /ingest) must become a journey within a minute: the background sessionize job has to
 * run, in the mode the demo was started in, although the build ran first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../app/db/client';
import { hashClientId } from '../../app/ingest/client-hash';
import { REPO_ROOT } from '../../app/paths';
import { DEFAULT_DEV_SHOP } from '../../app/config';
import { BROWSER_UA } from '../helpers/server';

const JOURNEY_DEADLINE_MS = 60_000;

describe('npm run demo on a fresh clone', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-demo-test-'));
  const webDist = join(dir, 'web-dist');
  const dbUrl = `file:${join(dir, 'demo.sqlite')}`;
  let demo: ChildProcess;
  let output = '';
  let stdout = '';
  let baseUrl = '';
  let db: Db;

  beforeAll(async () => {
    const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: dbUrl, WAYMARK_WEB_DIST: webDist, LOG_LEVEL: 'warn' };
    // What a fresh shell has: no NODE_ENV (vitest sets "test"), no credentials, no Redis.
    for (const k of ['NODE_ENV', 'SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET', 'HOST', 'REDIS_URL', 'PORT']) delete env[k];
    demo = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'app/demo/cli/demo.ts'), '--events', '3000', '--port', '0'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo.stdout!.on('data', (d) => (stdout += String(d)));
    demo.stderr!.on('data', (d) => (output += String(d)));
    const exited = new Promise<never>((_, reject) => demo.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output}`))));
    const ready = new Promise<void>((resolve) => {
      const t = setInterval(() => {
        const m = /Storefront demo:\s+(http:\/\/localhost:\d+)\/storefront/.exec(output);
        if (m && output.includes('Press Ctrl-C')) {
          clearInterval(t);
          baseUrl = m[1].replace('localhost', '127.0.0.1');
          resolve();
        }
      }, 100);
    });
    await Promise.race([ready, exited]);
    db = createDb({ provider: 'sqlite', url: dbUrl });
  }, 180_000);

  afterAll(async () => {
    await db?.$disconnect();
    if (demo && demo.exitCode === null) {
      const gone = new Promise((r) => demo.once('exit', r));
      demo.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
      if (demo.exitCode === null) demo.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('built the admin page in the demo run and serves it', async () => {
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as { ok: boolean; adminPage: string; mode: string };
    expect(summary).toMatchObject({ ok: true, adminPage: 'built', mode: 'local' });
    expect(existsSync(join(webDist, 'index.html'))).toBe(true);
    const res = await fetch(`${baseUrl}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root"');
  });

  it('a storefront visit after the scripted run becomes a journey within a minute', async () => {
    const page = await fetch(`${baseUrl}/storefront`, { headers: { 'user-agent': BROWSER_UA } });
    expect(page.status).toBe(200);
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: DEFAULT_DEV_SHOP } });
    const product = await db.product.findFirstOrThrow({ where: { shopId: shop.id } });
    // What the storefront's pixel stand-in posts for a visit (app/demo/storefront/shopify-stand-in.js).
    const clientId = `demo-${randomUUID()}`;
    const ts = Date.now();
    const events = [
      { id: randomUUID(), name: 'page_viewed', ts, clientId, path: '/storefront' },
      { id: randomUUID(), name: 'page_viewed', ts: ts + 1_000, clientId, path: `/storefront/products/${product.productId}` },
      { id: randomUUID(), name: 'product_viewed', ts: ts + 1_100, clientId, path: `/storefront/products/${product.productId}`, productId: product.productId, price: 10, currency: 'USD' },
    ];
    const sent = Date.now();
    const res = await fetch(`${baseUrl}/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, origin: baseUrl },
      body: JSON.stringify({ shopKey: shop.shopKey, events }),
    });
    expect(res.status).toBeLessThan(300);

    const clientHash = hashClientId(shop.salt, clientId);
    let journey = null;
    while (!journey && Date.now() - sent < JOURNEY_DEADLINE_MS) {
      journey = await db.journey.findFirst({ where: { shopId: shop.id, clientHash } });
      if (!journey) await new Promise((r) => setTimeout(r, 250));
    }
    const failed = await db.job.findMany({ where: { shopId: shop.id, status: 'failed' }, select: { type: true, error: true } });
    expect(failed, 'no background job may fail').toEqual([]);
    expect(journey, `no journey ${JOURNEY_DEADLINE_MS / 1000} s after the visit; demo output:\n${output.slice(-3000)}`).not.toBeNull();
    expect(journey!.eventCount).toBe(3);
    console.info(`[demo-journey] visit -> journey in ${((Date.now() - sent) / 1000).toFixed(1)} s`);
  }, 90_000);
});
