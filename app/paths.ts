/** Where the repository and the built admin page are, for every module that serves or builds files. */
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..');
export const WEB_DIST = join(REPO_ROOT, 'web', 'dist');
