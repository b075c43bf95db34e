// Renders prisma/schema.prisma once per provider and generates a Prisma client for each,
// offline. `prisma generate` does not use the schema engine, but the CLI insists that
// PRISMA_SCHEMA_ENGINE_BINARY points at a file, so we point it at this script.
// Migrations are not done by the Prisma CLI here (it needs a native engine download):
// see app/db/migrate.ts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = readFileSync(join(root, 'prisma/schema.prisma'), 'utf8');
const providers = ['sqlite', 'postgresql'];
const prismaBin = join(root, 'node_modules/prisma/build/index.js');

for (const provider of providers) {
  const dir = join(root, 'prisma', provider);
  mkdirSync(dir, { recursive: true });
  const rendered =
    `// GENERATED from prisma/schema.prisma by scripts/prisma-generate.mjs. Do not edit.\n` +
    source.replaceAll('__PROVIDER__', provider).replace('../app/generated/', '../../app/generated/');
  const target = join(dir, 'schema.prisma');
  if (!existsSync(target) || readFileSync(target, 'utf8') !== rendered) writeFileSync(target, rendered);
  if (process.argv.includes('--render-only')) continue;
  execFileSync(process.execPath, [prismaBin, 'generate', '--schema', target], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url),
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
  console.log(`prisma: generated ${provider} client -> app/generated/${provider}`);
}
