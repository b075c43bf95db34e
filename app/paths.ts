/** Where the repository and the built admin page are, for every module that serves or builds files. */
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..');
/**
 * The built admin page: web/dist, unless WAYMARK_WEB_DIST names another directory (tests
 * that exercise a fresh clone's first build use an empty temporary one).
 */
export const WEB_DIST = process.env.WAYMARK_WEB_DIST?.trim() || join(REPO_ROOT, 'web', 'dist');
