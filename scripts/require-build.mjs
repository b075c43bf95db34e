// `npm start` / `npm run start:worker` guard: the compiled server must exist before we run it.
// Usage: node scripts/require-build.mjs <file relative to the repository>...
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const missing = process.argv.slice(2).filter((file) => !existsSync(join(root, file)));
if (missing.length > 0) {
  console.error(`waymark: ${missing.join(', ')} missing. Run \`npm run build\` first (where devDependencies are installed), then start again.`);
  process.exit(1);
}
