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

// ---------------------------------------------------------------------------------------------
// UnsortedSegmentSum in plain JS (the gradient of gather)
// ---------------------------------------------------------------------------------------------

/**
 * out[s, ...] = sum of x[i, ...] over all i with segmentIds[i] == s; ids outside [0, numSegments) are dropped.
 * `segmentIds` may have any rank r; x's first r dimensions must match it.
 */
export function segmentSumJs(
  x: ArrayLike<number>,
  ids: ArrayLike<number>,
  numSegments: number,
  inner: number,
  out: Float32Array | Int32Array,
): void {
  out.fill(0);
  const n = ids.length;
  for (let i = 0; i < n; i++) {
    const s = ids[i];
    if (s < 0 || s >= numSegments) continue;
    const o = s * inner;
    const xi = i * inner;
    for (let j = 0; j < inner; j++) out[o + j] += x[xi + j];
  }
}

interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: string): TensorInfoLike;
  typedArrayFromHeap(t: TensorInfoLike): Float32Array | Int32Array;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values: ArrayLike<number> } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array | Int32Array): TensorInfoLike;
}

const registered = new Set<string>();

function registerSegmentSumKernel(tf: Tf, backendName: 'wasm' | 'cpu'): void {
  if (registered.has(backendName)) return;
  const kernelName = 'UnsortedSegmentSum';
  const kernelFunc = (args: {
    inputs: Record<string, TensorInfoLike>;
    backend: unknown;
    attrs?: Record<string, unknown>;
  }): TensorInfoLike => {
    const { x, segmentIds } = args.inputs as { x: TensorInfoLike; segmentIds: TensorInfoLike };
    const numSegments = Number(args.attrs?.numSegments);
    const idRank = segmentIds.shape.length;
    const innerShape = x.shape.slice(idRank);
    const inner = innerShape.reduce((a, b) => a * b, 1);
    const outShape = [numSegments, ...innerShape];
    const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
    if (backendName === 'wasm') {
      const be = args.backend as WasmBackendLike;
      const out = be.makeOutput(outShape, dtype);
      // Views are taken after the allocation: growing the wasm heap detaches older views.
      const xs = be.typedArrayFromHeap(x);
      const ids = be.typedArrayFromHeap(segmentIds);
      segmentSumJs(xs, ids, numSegments, inner, be.typedArrayFromHeap(out));
      return out;
    }
    const be = args.backend as CpuBackendLike;
    const xs = be.data.get(x.dataId).values;
    const ids = be.data.get(segmentIds.dataId).values;
    const outVals = dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
    segmentSumJs(xs, ids, numSegments, inner, outVals);
    return be.makeTensorInfo(outShape, dtype, outVals);
  };
  if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({
    kernelName,
    backendName,
    kernelFunc: kernelFunc as unknown as TfModule.KernelFunc,
  });
  registered.add(backendName);
}

// ---------------------------------------------------------------------------------------------
// wasm fast paths for GatherV2 (axis 0) and Slice
// ---------------------------------------------------------------------------------------------

type KernelArgs = { inputs: Record<string, TensorInfoLike>; backend: unknown; attrs?: Record<string, unknown> };

let wasmFastPathsRegistered = false;

function registerWasmFastPaths(tf: Tf): void {
  if (wasmFastPathsRegistered) return;
  wrapKernel(tf, 'GatherV2', 'wasm', (args, original) => {
    const { x, indices } = args.inputs as { x: TensorInfoLike; indices: TensorInfoLike };
    const axis = Number(args.attrs?.axis ?? 0);
    const batchDims = Number(args.attrs?.batchDims ?? 0);
    if ((axis !== 0 && axis !== -x.shape.length) || batchDims !== 0 || x.dtype === 'string' || x.dtype === 'complex64') {
      return original(args);
    }
    const be = args.backend as WasmBackendLike;
    const rows = x.shape[0];
    const inner = x.shape.slice(1).reduce((a, b) => a * b, 1);
    const nIdx = indices.shape.reduce((a, b) => a * b, 1);
    const idx0 = be.typedArrayFromHeap(indices);
    for (let i = 0; i < nIdx; i++) {
      const k = idx0[i];
      if (!(k >= 0 && k < rows)) throw new Error(`GatherV2: the index value ${k} is not in [0, ${rows - 1}]`);
    }
    const out = be.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    if (nIdx === 0 || inner === 0) return out;
    const xs = be.typedArrayFromHeap(x);
    const idx = be.typedArrayFromHeap(indices);
    const o = be.typedArrayFromHeap(out);
    for (let i = 0; i < nIdx; i++) {
      const src = idx[i] * inner;
      o.set(xs.subarray(src, src + inner), i * inner);
    }
    return out;
  });
  wrapKernel(tf, 'Slice', 'wasm', (args, original) => {
    const { x } = args.inputs as { x: TensorInfoLike };
    if (x.dtype === 'string' || x.dtype === 'complex64') return original(args);
    const [begin, size] = tf.slice_util.parseSliceParams(
      x as unknown as TfModule.TensorInfo,
      args.attrs?.begin as number[],
      args.attrs?.size as number[],
    );
    const be = args.backend as WasmBackendLike;
    const out = be.makeOutput(size, x.dtype);
    const total = size.reduce((a, b) => a * b, 1);
    if (total === 0) return out;
    const xs = be.typedArrayFromHeap(x);
    const o = be.typedArrayFromHeap(out);
    const rank = x.shape.length;
    if (rank === 0) {
      o[0] = xs[0];
      return out;
    }
    const strides = new Array<number>(rank);
    strides[rank - 1] = 1;
    for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1] * x.shape[d + 1];
    // copy runs along the last dimension, iterating an odometer over the leading ones
    const run = size[rank - 1];
    const nRuns = total / run;
    const pos = new Array<number>(rank).fill(0);
    for (let r = 0, dst = 0; r < nRuns; r++, dst += run) {
      let src = begin[rank - 1];
      for (let d = 0; d < rank - 1; d++) src += (begin[d] + pos[d]) * strides[d];
      o.set(xs.subarray(src, src + run), dst);
      for (let d = rank - 2; d >= 0; d--) {
        if (++pos[d] < size[d]) break;
        pos[d] = 0;
      }
    }
    return out;
  });
  wasmFastPathsRegistered = true;
}

function wrapKernel(
  tf: Tf,
  kernelName: string,
  backendName: string,
  fn: (args: KernelArgs, original: (args: KernelArgs) => TensorInfoLike) => TensorInfoLike,
): void {
  const orig = tf.getKernel(kernelName, backendName);
  if (!orig) return;
  const originalFunc = orig.kernelFunc as unknown as (args: KernelArgs) => TensorInfoLike;
  tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({
    ...orig,
    kernelFunc: ((args: KernelArgs) => fn(args, originalFunc)) as unknown as TfModule.KernelFunc,
  });
}
