/**
 * Builds the admin page (web/, Vite) into web/dist when it is not there yet: the server
 * serves it from there, and answers 503 for it until it is built.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, WEB_DIST } from '../paths';

export async function buildWebIfMissing(): Promise<'present' | 'built'> {
  if (existsSync(join(WEB_DIST, 'index.html'))) return 'present';
  const { build } = await import('vite');
  await build({ configFile: join(REPO_ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
  return 'built';
}
