/**
 * GRU4Rec's training loop (tf, custom loop, not model.fit): session-parallel mini-batches. Each of the
 * `batchSize` rows follows one session, one event per step; when a session ends the next session (ordered by
 * start time) takes its row and that row's hidden state is reset to zero. The hidden state is carried between
 * steps as a constant (no back-propagation through time), as in the original. Loss: softmax cross-entropy over
 * the batch's targets plus `nSample` shared items sampled ∝ pop^sampleAlpha, optional logQ correction; Adagrad.
 */
import type { SessionDataset } from '../data/session-dataset';
import { loadTf, type LoadedTf, type TfBackendName } from '../tf-backend';
import { seededRandom, type Random } from '../random/seeded';
import type { Gru4RecEngine, Gru4RecFitStats, Gru4RecParams, Gru4RecProgress } from './gru4rec-params';
import type { Gru4RecWeights } from './gru4rec-weights';
import { createGru4RecGraph, type Gru4RecGraph, type StepBatch } from './gru4rec-graph';
import { createTypedGru4RecGraph } from './gru4rec-typed-graph';
import { dropMask, popularitySampler, trainingSessions, type PopularitySampler } from './gru4rec-sampling';

export interface Gru4RecTrainOptions {
  onProgress?: (p: Gru4RecProgress) => void;
  /** report every n steps (plus every epoch end); default 100 */
  progressEvery?: number;
  signal?: AbortSignal;
  /** the TensorFlow.js backend to load (default: the fastest that loads here) */
  tfBackend?: TfBackendName;
  /** after every epoch, with the weights so far; 'stop' ends training (those weights become the model's) */
  onEpochEnd?: (info: { epoch: number; loss: number }, weights: Gru4RecWeights) => void | 'stop' | Promise<void | 'stop'>;
}

export interface TrainedGru4Rec {
  weights: Gru4RecWeights;
  stats: Gru4RecFitStats;
}

interface Loop {
  p: Gru4RecParams;
  o: Gru4RecTrainOptions;
  sessions: Int32Array[];
  graph: Gru4RecGraph;
  sampler: PopularitySampler;
  rng: Random;
  negs: Int32Array;
  every: number;
  totalSteps: number;
  lastYield: number;
}

/** Which session and position each batch row is at; `nextSess` is the next session to start. */
interface Rows {
  B: number;
  rowSess: Int32Array;
  rowPos: Int32Array;
  nextSess: number;
}

export async function trainGru4Rec(data: SessionDataset, p: Gru4RecParams, o: Gru4RecTrainOptions = {}): Promise<TrainedGru4Rec> {
  const nItems = data.itemIds.length;
  if (nItems === 0) throw new Error('gru4rec: empty item set');
  const tf = await tfFor(p.engine ?? 'auto', o.tfBackend);
  const rng = seededRandom(p.seed);
  const { sessions, events, pop } = trainingSessions(data, p.maxTrainEvents ?? 0);
  const sampler = popularitySampler(pop, p.sampleAlpha, rng);
  const graph = tf ? createGru4RecGraph(tf.tf, p, nItems, rng) : createTypedGru4RecGraph(p, nItems, rng);
  const backend = tf ? tf.backend : 'typed';
  const loop: Loop = { p, o, sessions, graph, sampler, rng, negs: new Int32Array(p.nSample), every: Math.max(1, o.progressEvery ?? 100), totalSteps: 0, lastYield: performance.now() };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const epochLosses: number[] = [];
  let stoppedBy: Gru4RecFitStats['stoppedBy'] = 'epochs';
  try {
    for (let epoch = 1; epoch <= p.epochs; epoch++) {
      epochLosses.push(await runEpoch(loop, epoch));
      if (o.onEpochEnd) {
        const verdict = await o.onEpochEnd({ epoch, loss: epochLosses[epochLosses.length - 1] }, graph.readWeights());
        if (verdict === 'stop') {
          stoppedBy = 'caller';
          break;
        }
      }
      const elapsed = (performance.now() - t0) / 1000;
      if (p.maxSeconds > 0 && epoch < p.epochs && elapsed + elapsed / epoch > p.maxSeconds) {
        stoppedBy = 'time';
        break;
      }
    }
    const weights = graph.readWeights();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const steps = loop.totalSteps;
    const stats: Gru4RecFitStats = {
      backend,
      steps,
      seconds,
      msPerStep: (seconds * 1000) / Math.max(1, steps),
      cpuMsPerStep: (cpu.user + cpu.system) / 1000 / Math.max(1, steps),
      epochs: epochLosses.length,
      epochLosses,
      events,
      stoppedBy,
    };
    return { weights, stats };
  } finally {
    graph.dispose();
  }
}

/**
 * TensorFlow.js for the 'tfjs' engine (on the backend asked for, else its fastest); for 'auto' when the fastest
 * backend that loads is native or wasm (or the one asked for); null = the typed kernels.
 */
async function tfFor(engine: Gru4RecEngine, prefer: TfBackendName | undefined): Promise<LoadedTf | null> {
  if (engine === 'typed') return null;
  if (engine === 'tfjs') return loadTf({ prefer });
  try {
    const loaded = await loadTf({ prefer });
    return loaded.backend === 'cpu' ? null : loaded;
  } catch {
    return null;
  }
}

/** One pass over every session; returns the epoch's mean loss. */
async function runEpoch(loop: Loop, epoch: number): Promise<number> {
  const { p, o, sessions, graph } = loop;
  const B0 = Math.min(p.batchSize, sessions.length);
  const rows: Rows = { B: B0, rowSess: Int32Array.from({ length: B0 }, (_, i) => i), rowPos: new Int32Array(B0), nextSess: B0 };
  graph.resetHidden(B0);
  let lossSum = 0;
  let stepsInEpoch = 0;
  const te = performance.now();
  while (rows.B > 0) {
    await checkpoint(loop);
    const loss = graph.trainStep(nextBatch(loop, rows));
    if (!Number.isFinite(loss)) throw new Error(`gru4rec: loss is ${loss} at epoch ${epoch}, step ${stepsInEpoch + 1}`);
    lossSum += loss;
    stepsInEpoch++;
    loop.totalSteps++;
    advanceRows(loop, rows);
    const epochEnd = rows.B === 0;
    if (o.onProgress && (epochEnd || stepsInEpoch % loop.every === 0)) {
      o.onProgress({ epoch, step: stepsInEpoch, loss, epochLoss: lossSum / stepsInEpoch, epochEnd, msPerStep: (performance.now() - te) / stepsInEpoch });
    }
  }
  return lossSum / Math.max(1, stepsInEpoch);
}

/** Stops on abort; yields to the event loop now and then, so an abort (or a server) gets a chance to run. */
async function checkpoint(loop: Loop): Promise<void> {
  const signal = loop.o.signal;
  if (signal?.aborted) throw abortError(signal);
  if (performance.now() - loop.lastYield > 200) {
    await new Promise<void>((res) => setImmediate(res));
    loop.lastYield = performance.now();
    if (signal?.aborted) throw abortError(signal);
  }
}

/** The step's inputs, targets and negatives, logQ terms and dropout masks (drawn in that order). */
function nextBatch(loop: Loop, rows: Rows): StepBatch {
  const { p, sessions, sampler, rng, negs } = loop;
  const { B, rowSess, rowPos } = rows;
  const S = p.nSample;
  const nY = B + S;
  const xy = new Int32Array(B + nY);
  for (let r = 0; r < B; r++) {
    const seq = sessions[rowSess[r]];
    xy[r] = seq[rowPos[r]];
    xy[B + r] = seq[rowPos[r] + 1];
  }
  if (S > 0) {
    sampler.sample(negs);
    xy.set(negs, 2 * B);
  }
  let logq: Float32Array | null = null;
  if (p.logq > 0) {
    logq = new Float32Array(nY);
    for (let j = 0; j < nY; j++) logq[j] = p.logq * (j < B ? sampler.logPop[xy[B + j]] : sampler.logPopA[xy[B + j]]);
  }
  const Hout = p.layers[p.layers.length - 1];
  const embMask = p.dropoutEmbed > 0 ? dropMask(B, Hout, p.dropoutEmbed, rng) : null;
  const hidMasks = p.dropoutHidden > 0 ? p.layers.map((H) => dropMask(B, H, p.dropoutHidden, rng)) : null;
  return { xy, B, nY, logq, embMask, hidMasks };
}

/** Moves every row one event on; finished sessions are replaced by the next ones (hidden reset), or the row is dropped. */
function advanceRows(loop: Loop, rows: Rows): void {
  const { sessions, graph } = loop;
  const { B, rowSess, rowPos } = rows;
  let resetRows: number[] | null = null;
  let keepRows: number[] | null = null;
  for (let r = 0; r < B; r++) {
    rowPos[r]++;
    if (rowPos[r] + 1 < sessions[rowSess[r]].length) continue;
    if (rows.nextSess < sessions.length) {
      rowSess[r] = rows.nextSess++;
      rowPos[r] = 0;
      (resetRows ??= []).push(r);
    } else {
      rowSess[r] = -1;
    }
  }
  if (rowSess.some((s) => s < 0)) {
    keepRows = [];
    for (let r = 0; r < B; r++) if (rowSess[r] >= 0) keepRows.push(r);
  }
  if (!resetRows && !keepRows) return;
  graph.updateRows(B, resetRows, keepRows);
  if (keepRows) {
    const keep = keepRows;
    rows.rowSess = Int32Array.from(keep, (r) => rowSess[r]);
    rows.rowPos = Int32Array.from(keep, (r) => rowPos[r]);
    rows.B = keep.length;
  }
}

function abortError(signal: AbortSignal): Error {
  const reason = signal.reason;
  if (reason instanceof Error) return reason;
  const e = new Error('gru4rec: training aborted');
  e.name = 'AbortError';
  return e;
}
