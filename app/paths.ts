/**
 * Where the repository and the built admin page are, for every module that serves or builds files.
 *
 * The same code runs from source (app/*.ts under tsx or vitest) and bundled (dist/server/*.js,
 * `npm run build:server`), so no path is taken relative to this file: the repository root is the
 * nearest folder above it whose package.json is Waymark's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'waymark';

/** The nearest folder at or above `start` holding Waymark's package.json; throws when there is none. */
export function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isWaymark(manifest)) return dir;
    if (dirname(dir) === dir) throw new Error(`waymark: no package.json named "${PACKAGE_NAME}" at or above ${start}`);
  }
}

function isWaymark(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

export const REPO_ROOT = findRepoRoot(import.meta.dirname);
/**
 * The built admin page: web/dist, unless WAYMARK_WEB_DIST names another directory (tests
 * that exercise a fresh clone's first build use an empty temporary one).
 */
export const WEB_DIST = process.env.WAYMARK_WEB_DIST?.trim() || join(REPO_ROOT, 'web', 'dist');
/** The theme app extension; the demo storefront reads its blocks, locales and assets. */
export const BLOCKS_EXTENSION_DIR = join(REPO_ROOT, 'extensions', 'waymark-blocks');
/** The compiled server entry points (`npm run build:server`). */
export const SERVER_DIST = join(REPO_ROOT, 'dist', 'server');
