import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mlSettings } from '../../../app/config';
import { directoryTrainingCache, modelServices } from '../../../app/model-services';

describe('ML settings and model services', () => {
  it('reads the ML switches from the environment', () => {
    expect(mlSettings({})).toEqual({ tfBackend: undefined, tuneLog: false, gru4recCacheDir: undefined });
    expect(mlSettings({ WAYMARK_TF_BACKEND: ' Node ', WAYMARK_TUNE_LOG: '1', WAYMARK_GRU4REC_CACHE: '/tmp/x ' })).toEqual({
      tfBackend: 'tensorflow',
      tuneLog: true,
      gru4recCacheDir: '/tmp/x',
    });
    expect(mlSettings({ WAYMARK_TF_BACKEND: 'wasm' }).tfBackend).toBe('wasm');
    expect(mlSettings({ WAYMARK_TF_BACKEND: 'gpu' }).tfBackend).toBeUndefined();
    const none = modelServices({ tuneLog: false });
    expect(none.log).toBeUndefined();
    expect(none.gru4recCache).toBeUndefined();
  });

  it('keeps cached trainings as one file per key', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wm-cache-test-'));
    try {
      const cache = directoryTrainingCache(path.join(dir, 'nested'));
      expect(cache.get('a.json')).toBeUndefined();
      cache.set('a.json', '{"x":1}');
      expect(cache.get('a.json')).toBe('{"x":1}');
      expect(readdirSync(path.join(dir, 'nested'))).toEqual(['a.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
