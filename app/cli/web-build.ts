/**
 * Builds the admin page (web/, Vite) into web/dist when it is not there yet: the server
 * serves it from there, and answers 503 for it until it is built.
 *
 * Vite runs in a child process of its own: its build sets process.env.NODE_ENV to
 * production in the process it runs in, and the demo process (which builds before it
 * serves) must keep the mode it was configured with, for itself and its job processes.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { REPO_ROOT, WEB_DIST } from '../paths';

export async function buildWebIfMissing(outDir = WEB_DIST): Promise<'present' | 'built'> {
  if (existsSync(join(outDir, 'index.html'))) return 'present';
  await buildWeb(outDir);
  return 'built';
}

/** `vite build` of web/ into `outDir`, in a child process; rejects unless it succeeds. */
export function buildWeb(outDir = WEB_DIST): Promise<void> {
  const vitePackage = createRequire(import.meta.url).resolve('vite/package.json');
  const viteBin = join(dirname(vitePackage), 'bin', 'vite.js');
  const args = [viteBin, 'build', '--config', join(REPO_ROOT, 'web', 'vite.config.ts'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  return new Promise((resolve, reject) => {
    // Vite's output goes to our stderr: a CLI's stdout may carry its result (the demo's JSON line).
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 2, 2] });
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`building the admin page failed: vite build exited with ${signal ?? code}`)),
    );
  });
}
