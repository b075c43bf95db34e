/**
 * TensorFlow.js kernels in plain JS that ./tf-backend.ts registers: `UnsortedSegmentSum` (the gradient of
 * `tf.gather`, missing on wasm and very slow on cpu for many segments) and fast paths for `GatherV2` (axis 0)
 * and `Slice` on wasm, which copy contiguous rows.
 */
import type * as TfModule from '@tensorflow/tfjs';

type Tf = typeof TfModule;

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

export function registerSegmentSumKernel(tf: Tf, backendName: 'wasm' | 'cpu'): void {
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

export function registerWasmFastPaths(tf: Tf): void {
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
