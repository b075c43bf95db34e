/**
 * The host side of ml/models/services.ts: the services the ML models get in this process, from the ML
 * settings (app/config.ts mlSettings): tuning messages on stderr, a directory of cached GRU4Rec trainings,
 * the TensorFlow.js backend.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelServices, TrainingCache } from '../ml/models/services';
import { mlSettings, type MlSettings } from './config';

/** A training cache kept as one file per key in `dir` (written atomically: temp file, then rename). */
export function directoryTrainingCache(dir: string): TrainingCache {
  return {
    get(key) {
      const file = path.join(dir, key);
      return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    },
    set(key, value) {
      const file = path.join(dir, key);
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, value);
      renameSync(tmp, file);
    },
  };
}

export function modelServices(settings: MlSettings = mlSettings()): ModelServices {
  return {
    log: settings.tuneLog ? (msg) => process.stderr.write(`${msg}\n`) : undefined,
    gru4recCache: settings.gru4recCacheDir ? directoryTrainingCache(settings.gru4recCacheDir) : undefined,
    tfBackend: settings.tfBackend,
  };
}
