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
 *
 * The build fails when any bundled file lies under app/demo/ or tests/: the production
 * server must not be able to load demo-only or test code.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, SERVER_DIST } from '../paths';

/** dist/server/<name>.js for each of these. */
export const SERVER_ENTRIES = ['serve', 'worker', 'run-job', 'migrate'] as const;

/** Folders (relative to the repository) whose code must never reach the server bundle. */
export const NON_PRODUCTION_DIRS = ['app/demo/', 'tests/'] as const;

/** Those of the bundle's inputs (esbuild metafile paths, relative to the repository) that lie in a non-production folder. */
export function nonProductionInputs(inputs: string[]): string[] {
  return inputs.filter((input) => NON_PRODUCTION_DIRS.some((dir) => input.replaceAll('\\', '/').startsWith(dir)));
}

export interface ServerBuildResult {
  outdir: string;
  /** The entry points' output files, relative to the repository. */
  outputs: string[];
  /** The bundled source files, relative to the repository (esbuild's metafile). */
  inputs: string[];
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
  const inputs = Object.keys(result.metafile.inputs);
  const forbidden = nonProductionInputs(inputs);
  if (forbidden.length > 0) {
    rmSync(outdir, { recursive: true, force: true });
    throw new Error(`the server bundle must not include demo or test code, but it imports ${forbidden.join(', ')}`);
  }
  const outputs = Object.entries(result.metafile.outputs);
  return {
    outdir,
    inputs,
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
