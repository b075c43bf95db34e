/**
 * Loads TensorFlow.js for Node, picking the fastest backend that works here:
 *
 *   1. `@tensorflow/tfjs-node` (native libtensorflow): optional dependency, often not installed, so the
 *      import is dynamic and guarded;
 *   2. `@tensorflow/tfjs` + `@tensorflow/tfjs-backend-wasm` (SIMD, one thread), with the .wasm binaries read
 *      from the package's own dist folder (no network);
 *   3. `@tensorflow/tfjs` on its pure-JS cpu backend.
 *
 * The wasm backend has no `UnsortedSegmentSum` kernel, which the gradient of `tf.gather` (embedding lookups)
 * needs, so a small JS kernel is registered for it. The stock cpu kernel for the same op is very slow for
 * large segment counts (tens of seconds for one embedding gradient), so the cpu backend gets the JS kernel too.
 * Two wasm kernels are slow for row-shaped data (measured: gathering 2112 rows of 100 floats ~10 ms, slicing a
 * 300k-float tensor ~9 ms), so `GatherV2` (axis 0) and `Slice` (non-string) get plain-JS fast paths on wasm that
 * copy contiguous rows; other cases fall through to the stock kernels.
 *
 * `prefer` forces a backend (an error if it cannot load); the caller decides it (app/config.ts reads
 * WAYMARK_TF_BACKEND). The result is cached: every caller shares the same tfjs engine, so the first load's
 * choice holds for the process.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TfModule from '@tensorflow/tfjs';
import { registerSegmentSumKernel, registerWasmFastPaths } from './tf-kernels';

export type Tf = typeof TfModule;
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface LoadedTf {
  tf: Tf;
  backend: TfBackendName;
}

export interface LoadTfOptions {
  /** Force one backend instead of trying them in order (default: the first that loads). */
  prefer?: TfBackendName;
}

let cached: Promise<LoadedTf> | null = null;

/** Load tfjs once and return it with the name of the backend in use. */
export function loadTf(opts: LoadTfOptions = {}): Promise<LoadedTf> {
  if (!cached) {
    cached = doLoad(opts).catch((err) => {
      cached = null;
      throw err;
    });
  }
  return cached;
}

async function doLoad(opts: LoadTfOptions): Promise<LoadedTf> {
  const prefer = opts.prefer;
  const order: TfBackendName[] = prefer ? [prefer] : ['tensorflow', 'wasm', 'cpu'];
  const errors: string[] = [];
  for (const name of order) {
    try {
      const tf = await tryBackend(name);
      if (tf) return { tf, backend: name };
      errors.push(`${name}: not available`);
    } catch (err) {
      errors.push(`${name}: ${(err as Error).message}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could be loaded (${errors.join('; ')})`);
}

async function tryBackend(name: TfBackendName): Promise<Tf | null> {
  if (name === 'tensorflow') {
    // A variable specifier keeps TypeScript and bundlers from resolving this optional package.
    const spec = '@tensorflow/tfjs-node';
    let mod: unknown;
    try {
      mod = await import(/* @vite-ignore */ spec);
    } catch {
      return null;
    }
    const tf = ((mod as { default?: Tf }).default ?? mod) as Tf;
    if (!(await tf.setBackend('tensorflow'))) return null;
    await tf.ready();
    return tf;
  }

  const tf = (await import('@tensorflow/tfjs')) as Tf;
  silenceTfjsNodeHint(tf);

  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    // `main` of the package is dist/tf-backend-wasm.node.js: the .wasm files sit next to it.
    const distDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    // In Node the emscripten loader reads these with fs; plain paths with a trailing slash work.
    wasm.setWasmPaths(distDir + path.sep);
    registerSegmentSumKernel(tf, 'wasm');
    registerWasmFastPaths(tf);
    if (!(await tf.setBackend('wasm'))) return null;
    await tf.ready();
    return tf;
  }

  registerSegmentSumKernel(tf, 'cpu');
  if (!(await tf.setBackend('cpu'))) return null;
  await tf.ready();
  return tf;
}

/** tfjs prints a "install tfjs-node for speed" banner in Node on first use of the cpu backend; prod mode hides it. */
function silenceTfjsNodeHint(tf: Tf): void {
  tf.enableProdMode();
}
