/**
 * The production path: `npm run build:server` output run by plain node.
 *
 * Builds dist/server (esbuild, a few seconds), starts `node dist/server/serve.js` in local
 * mode on a fresh SQLite file, and checks that it answers /healthz, accepts events on
 * /ingest, and sessionizes them in a job child that is itself the compiled run-job.js
 * (seen in /proc while it runs), with no TypeScript loader anywhere.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port';
import { buildServer, nonProductionInputs, SERVER_ENTRIES, type ServerBuildResult } from '../../app/cli/build-server';
import { createDb, type Db } from '../../app/db/client';
import { REPO_ROOT, SERVER_DIST } from '../../app/paths';
import { ensureShop } from '../../app/shops/shop-rows';

/** Command lines of the direct children of `pid` (Linux /proc). */
function childCommandLines(pid: number): string[] {
  const lines: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) lines.push(readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim());
    } catch {
      // the process ended while we looked
    }
  }
  return lines;
}

async function waitFor<T>(what: string, deadlineMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('compiled server (node dist/server/serve.js)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-compiled-'));
  const databaseUrl = `file:${join(dir, 'waymark.sqlite')}`;
  let server: ChildProcess;
  let url: string;
  let db: Db;
  let output = '';
  let built: ServerBuildResult;
  const exited = () => server.exitCode !== null || server.signalCode !== null;

  beforeAll(async () => {
    built = await buildServer();
    expect(built.outputs.sort()).toEqual(SERVER_ENTRIES.map((name) => `dist/server/${name}.js`).sort());
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // Local mode: no NODE_ENV (vitest sets "test"), no Shopify credentials, no Redis.
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
    server = spawn(process.execPath, [join(SERVER_DIST, 'serve.js')], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d) => (output = (output + d).slice(-8000)));
    server.stderr!.on('data', (d) => (output = (output + d).slice(-8000)));
    await waitFor('the compiled server to answer /healthz', 30_000, async () => {
      if (exited()) throw new Error(`server exited with ${server.exitCode ?? server.signalCode}:\n${output}`);
      return fetch(`${url}/healthz`).then((r) => (r.ok ? true : undefined), () => undefined);
    });
    db = createDb({ provider: 'sqlite', url: databaseUrl });
  }, 90_000);

  afterAll(async () => {
    await db?.$disconnect();
    if (server && !exited()) {
      const gone = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs as JavaScript with no TypeScript loader', () => {
    expect(server.spawnargs.join(' ')).not.toMatch(/tsx/);
    for (const name of SERVER_ENTRIES) {
      expect(existsSync(join(SERVER_DIST, `${name}.js`))).toBe(true);
      expect(existsSync(join(SERVER_DIST, `${name}.js.map`))).toBe(true);
    }
  });

  it('answers /healthz', async () => {
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('bundles no demo or test code, so the demo storefront is not served', async () => {
    expect(built.inputs).toContain('app/server.ts');
    expect(nonProductionInputs(built.inputs)).toEqual([]);
    await ensureShop(db, 'waymark-dev.myshopify.com');
    for (const path of ['/storefront', '/storefront/shopify-stand-in.js', '/storefront/assets/waymark-recs.js']) {
      expect((await fetch(`${url}${path}`)).status, path).toBe(404);
    }
  });

  it('serves the admin page it reads from the repository, not from beside the bundle', async () => {
    // web/dist is built once before the suite (tests/helpers/global-setup.ts); it is not in dist/server.
    const home = await fetch(`${url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toBe(readFileSync(join(REPO_ROOT, 'web/dist/index.html'), 'utf8'));
  });

  it('sessionizes ingested events in the compiled run-job child', async () => {
    const shop = await ensureShop(db, 'waymark-dev.myshopify.com');
    const t0 = Date.now() - 10 * 60_000;
    const events = ['a', 'b', 'c'].flatMap((client, c) =>
      [0, 1, 2].map((i) => ({ id: `compiled-${client}-${i}`, name: 'page_viewed', ts: t0 + c * 1000 + i * 20_000, clientId: `client-${client}`, path: `/p/${i}` })),
    );
    const res = await fetch(`${url}/ingest`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ shopKey: shop.shopKey, events }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 9, duplicates: 0, rejected: [] });

    // The sessionize job is queued with a ~5 s debounce, then runs in a child of the server.
    const children = new Set<string>();
    const job = await waitFor('the sessionize job to finish', 45_000, async () => {
      for (const line of childCommandLines(server.pid!)) children.add(line);
      if (exited()) throw new Error(`server exited:\n${output}`);
      const row = await db.job.findFirst({ where: { shopId: shop.id, type: 'sessionize', status: { in: ['succeeded', 'failed'] } } });
      return row ?? undefined;
    });
    expect(job.error, output).toBeNull();
    expect(job.status).toBe('succeeded');
    const jobChildren = [...children].filter((c) => c.includes('run-job'));
    expect(jobChildren.length, `children seen: ${[...children].join(' | ')}`).toBeGreaterThan(0);
    for (const c of jobChildren) {
      expect(c).toContain(join(SERVER_DIST, 'run-job.js'));
      expect(c).not.toMatch(/tsx|\.ts\b/);
    }
    expect(await db.journey.count({ where: { shopId: shop.id } })).toBe(3);
  }, 60_000);
});
