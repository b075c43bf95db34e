/**
 * What a model may need from its host beyond its parameters, passed in by the caller (app/ reads the
 * environment and owns the disk): where tuning messages go, a store of cached trainings, the TensorFlow.js
 * backend to train on. Every field is optional; without them nothing is logged or cached and training
 * uses the fastest backend that loads.
 */
import type { TfBackendName } from '../tf-backend';

/** A key-value store of serialized trainings (keys are file-name safe). */
export interface TrainingCache {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export interface ModelServices {
  /** progress and tuning messages */
  log?: (msg: string) => void;
  /** reuses identical GRU4Rec trainings (same data fingerprint and parameters) */
  gru4recCache?: TrainingCache;
  /** the TensorFlow.js backend GRU4Rec trains on */
  tfBackend?: TfBackendName;
}
