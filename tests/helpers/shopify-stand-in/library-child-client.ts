/**
 * Starts library-child.ts in a child Node process whose only route to Shopify is the
 * stand-in's environment (childEnv()), and talks to it over loopback HTTP.
 *
 *   const lib = await startLibraryChild(standIn);
 *   const session = await lib.call('tokenExchange', { shop, sessionToken, expiring: true });
 *   await lib.close();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import type { ShopifyStandIn } from './index';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '../../..');

export type LibraryResult<T = any> = { ok: true; result: T } | { ok: false; error: { name: string; message: string; code?: number; body?: any } };

export interface LibraryChild {
  /** http://127.0.0.1:<port>: webhooks go to `${url}/webhooks/...`, app proxy requests to `${url}/proxy/...` */
  url: string;
  pid: number;
  call<T = any>(method: 'tokenExchange' | 'refreshToken' | 'migrateToExpiringToken' | 'graphql' | 'decodeSessionToken', args: Record<string, unknown>): Promise<LibraryResult<T>>;
  /** everything the child wrote to stderr so far */
  stderr(): string;
  close(): Promise<void>;
}

export async function startLibraryChild(standIn: ShopifyStandIn, opts: { env?: Record<string, string> } = {}): Promise<LibraryChild> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'library-child.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...standIn.childEnv(), STAND_IN_API_KEY: standIn.apiKey, STAND_IN_API_SECRET: standIn.apiSecret, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const port = await new Promise<number>((resolvePort, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`library child did not start in 30 s: ${stderr}`)), 30_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`library child exited (${code}): ${stderr}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pid: child.pid!,
    async call(method, args) {
      const res = await fetch(`${url}/rpc`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method, args }) });
      return (await res.json()) as LibraryResult;
    },
    stderr: () => stderr,
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
