/**
 * `npm run build:pixel`: bundles the Waymark web pixel
 * (extensions/waymark-pixel/src/index.ts) into one minified script,
 * extensions/waymark-pixel/dist/waymark-pixel.js, and reports its size.
 *
 * IIFE format: the strict pixel sandbox evaluates the script as a classic
 * worker script, with `shopify.extend` provided as a global, which is what
 * `register()` calls. ES2019 target keeps older Safari workers happy.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const PIXEL_ENTRY = resolve(root, 'extensions/waymark-pixel/src/index.ts');
export const PIXEL_OUTFILE = resolve(root, 'extensions/waymark-pixel/dist/waymark-pixel.js');

export interface PixelBuildResult {
  outfile: string;
  rawBytes: number;
  gzipBytes: number;
  /** Input files that ended up in the bundle (paths relative to the repo). */
  inputs: string[];
}

export async function buildPixel(options: { outfile?: string } = {}): Promise<PixelBuildResult> {
  const outfile = options.outfile ?? PIXEL_OUTFILE;
  const result = await build({
    entryPoints: [PIXEL_ENTRY],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    legalComments: 'none',
    sourcemap: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = readFileSync(outfile);
  return {
    outfile,
    rawBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    inputs: Object.keys(result.metafile.inputs).map((input) => relative(root, resolve(root, input))),
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  buildPixel().then(
    (r) => {
      const kb = (n: number) => (n / 1024).toFixed(2) + ' KiB';
      console.log(`pixel: ${relative(process.cwd(), r.outfile)}`);
      console.log(`  raw  ${r.rawBytes} B (${kb(r.rawBytes)})`);
      console.log(`  gzip ${r.gzipBytes} B (${kb(r.gzipBytes)})`);
    },
    (error: unknown) => {
      console.error('pixel build failed:', error);
      process.exitCode = 1;
    },
  );
}
