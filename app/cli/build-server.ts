/**
 * `npm run build:server`: compiles the server's entry points to plain JavaScript under
 * dist/server/, so production runs `node dist/server/serve.js` with no TypeScript loader.
 *
 * The source imports without file extensions (bundler resolution) and is ESM, which
 * tsc's output could not run as is; esbuild bundles our own code (app/, ml/, the Prisma
 * clients generated in app/generated/) and leaves every npm package external, resolved
 * from node_modules at run time. Files the server reads at run time (migrations, the
 * theme extension, the admin page) are found from the repository root (app/paths.ts),
 * so the bundle must run from a checkout or an image that keeps them beside dist/.
 *
 * Like the admin page's Vite build, this runs where devDependencies are installed
 * (esbuild is one); production installs only need what the bundle imports.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, SERVER_DIST } from '../paths';

/** dist/server/<name>.js for each of these. */
export const SERVER_ENTRIES = ['serve', 'worker', 'run-job', 'migrate'] as const;

export interface ServerBuildResult {
  outdir: string;
  /** The entry points' output files, relative to the repository. */
  outputs: string[];
  bytes: number;
  durationMs: number;
}

export async function buildServer(opts: { outdir?: string } = {}): Promise<ServerBuildResult> {
  const started = performance.now();
  const outdir = opts.outdir ?? SERVER_DIST;
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: Object.fromEntries(SERVER_ENTRIES.map((name) => [name, join(REPO_ROOT, 'app', 'cli', `${name}.ts`)])),
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs);
  return {
    outdir,
    outputs: outputs.filter(([, o]) => o.entryPoint?.startsWith('app/cli/')).map(([path]) => relative(REPO_ROOT, resolve(REPO_ROOT, path))),
    bytes: outputs.filter(([path]) => path.endsWith('.js')).reduce((sum, [, o]) => sum + o.bytes, 0),
    durationMs: performance.now() - started,
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  buildServer().then(
    (r) => {
      console.log(`server: ${r.outputs.join(', ')} (${(r.bytes / 1024).toFixed(0)} KiB of JavaScript, ${Math.round(r.durationMs)} ms)`);
    },
    (error: unknown) => {
      console.error('server build failed:', error);
      process.exitCode = 1;
    },
  );
}
