/** GRU4Rec's parameters, their defaults, and what a training reports. */
import type { TfBackendName } from '../tf-backend';

/**
 * Which code trains: 'typed' = hand-written kernels on Float32Arrays with sparse item-row updates
 * (./gru4rec-typed-graph.ts); 'tfjs' = TensorFlow.js (./gru4rec-graph.ts, on its fastest backend here);
 * 'auto' = TensorFlow.js when its native (tfjs-node) or wasm backend loads, else 'typed' (TF.js's pure-JS cpu
 * backend is slower than the typed kernels; wasm is faster: 4.0 against 6.5 s per epoch with 512 negatives on
 * the YooChoose reference training file, docs/BENCHMARKS.md).
 */
export type Gru4RecEngine = 'auto' | 'typed' | 'tfjs';

export interface Gru4RecParams {
  /** hidden sizes of the stacked GRU layers; the last one is also the item-embedding size */
  layers: number[];
  batchSize: number;
  /** extra negatives per step, shared by the batch (0 = in-batch negatives only) */
  nSample: number;
  /** popularity exponent of the negative sampler */
  sampleAlpha: number;
  learningRate: number;
  /** Adagrad's starting accumulator (official GRU4Rec starts at 0; tfjs's default is 0.1) */
  adagradInitialAccumulator: number;
  dropoutEmbed: number;
  dropoutHidden: number;
  epochs: number;
  /** logQ correction strength for the sampled softmax (0 = off) */
  logq: number;
  /** weight-init / sampling / dropout seed */
  seed: number;
  engine: Gru4RecEngine;
  /** train on the most recent sessions holding at most this many events (0 = all) */
  maxTrainEvents: number;
  /** stop after the epoch that would leave less than one more epoch's time inside this many seconds (0 = no limit; at least one epoch runs) */
  maxSeconds: number;
}

export const GRU4REC_DEFAULTS: Gru4RecParams = {
  layers: [100],
  batchSize: 32,
  nSample: 2048,
  sampleAlpha: 0.75,
  learningRate: 0.1,
  adagradInitialAccumulator: 1e-6,
  // tuned on the YooChoose 100k validation split (tail day of train)
  dropoutEmbed: 0.4,
  dropoutHidden: 0.6,
  epochs: 10,
  logq: 0,
  seed: 42,
  engine: 'auto',
  maxTrainEvents: 0,
  maxSeconds: 0,
};

export interface Gru4RecProgress {
  epoch: number;
  /** step within the epoch (1-based) */
  step: number;
  /** loss of this step (mean over the batch rows) */
  loss: number;
  /** mean loss of the epoch so far */
  epochLoss: number;
  /** true on the last report of an epoch */
  epochEnd: boolean;
  msPerStep: number;
}

export interface Gru4RecFitStats {
  /** the TensorFlow.js backend, or 'typed' for the hand-written kernels */
  backend: TfBackendName | 'typed';
  steps: number;
  seconds: number;
  msPerStep: number;
  /** process CPU time per step (user + system; includes other threads of this process) */
  cpuMsPerStep: number;
  epochs: number;
  epochLosses: number[];
  /** the training events used (after `maxTrainEvents`) and why training ended */
  events: number;
  stoppedBy: 'epochs' | 'time' | 'caller';
}
