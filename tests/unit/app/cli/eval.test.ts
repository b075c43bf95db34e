import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTrainTestFiles } from '../../../../app/cli/session-csv-files';
import { evaluateSessions } from '../../../../ml/eval/evaluate';
import { createModel } from '../../../../ml/models/registry';
import { evaluateStreaming } from '../../../../ml/eval/streaming';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'app/cli/eval.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

function toyFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'wm-eval-'));
  const lines = ['SessionId,ItemId,Time'];
  let t = 1000;
  // 40 training sessions over 8 items with some structure
  for (let s = 1; s <= 40; s++) {
    const a = s % 8;
    for (const it of [a, (a + 1) % 8, (a + 3) % 8].slice(0, 2 + (s % 2))) lines.push(`${s},${100 + it},${(t += 7)}`);
  }
  writeFileSync(join(dir, 'train.csv'), lines.join('\n') + '\n');
  writeFileSync(join(dir, 'test.csv'), ['SessionId,ItemId,Time', '90,101,9000', '90,102,9001', '90,104,9002', '91,107,9100', '91,100,9101', '92,999,9200', '92,103,9201'].join('\n') + '\n');
  return { train: join(dir, 'train.csv'), test: join(dir, 'test.csv'), dir };
}

describe('npm run eval (app/cli/eval.ts)', () => {
  it('prints a table and, with --json, a results line that matches the library', () => {
    const f = toyFiles();
    const r = run(['--train', f.train, '--test', f.test, '--models', 'pop,sr,vstan', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n');
    expect(out[0]).toMatch(/^model\s+HR@20\s+MRR@20\s+NDCG@20\s+coverage/);
    const json = JSON.parse(out[out.length - 1]) as { results: Record<string, number | string>[] };
    expect(json.results.map((x) => x.model)).toEqual(['pop', 'sr', 'vstan']);
    for (const key of ['hr20', 'mrr20', 'ndcg20', 'coverage', 'trainSeconds', 'predictMsP50', 'predictMsP99']) {
      expect(typeof json.results[0][key]).toBe('number');
    }
    expect(r.stderr).toMatch(/\[vstan\] 3\/3 predictions/);
    const data = loadTrainTestFiles(f.train, f.test);
    for (const row of json.results) {
      const m = createModel(String(row.model));
      m.fit(data.train);
      const e = evaluateSessions(m, data.train, data.test);
      expect(row.hr20).toBeCloseTo(e.hr, 12);
      expect(row.mrr20).toBeCloseTo(e.mrr, 12);
    }
  });
  it('--protocol streaming reports the streaming figures beside the fixed ones for the kNN models', () => {
    const f = toyFiles();
    const r = run(['--train', f.train, '--test', f.test, '--models', 'pop,vstan', '--protocol', 'streaming', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n');
    expect(out[0]).toMatch(/MRR@20\s+NDCG@20.*HR@20 stream\s+MRR@20 stream\s+added$/);
    const json = JSON.parse(out[out.length - 1]) as { results: { model: string; mrr20: number; streaming: { hr20: number; mrr20: number; sessionsAdded: number } | null }[] };
    expect(json.results[0].streaming).toBeNull();
    const s = json.results[1].streaming!;
    const data = loadTrainTestFiles(f.train, f.test);
    const m = createModel('vstan');
    m.fit(data.train);
    const e = evaluateStreaming(m, data.train, data.test);
    expect(s.sessionsAdded).toBe(e.sessionsAdded);
    // session 90 ends (9002) before session 91's click at 9101
    expect(s.sessionsAdded).toBeGreaterThan(0);
    expect(s.hr20).toBeCloseTo(e.hr, 12);
    expect(s.mrr20).toBeCloseTo(e.mrr, 12);
    const bad = run(['--train', f.train, '--test', f.test, '--protocol', 'later']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--protocol must be fixed or streaming/);
  });
  it('rejects an unknown model with the list of valid ones, and missing files', () => {
    const f = toyFiles();
    const bad = run(['--train', f.train, '--test', f.test, '--models', 'vstan,nosuch']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown model nosuch; valid models: store, pop, ar, sr, sknn, vsknn, stan, vstan/);
    const missing = run(['--train', join(f.dir, 'nope.csv'), '--test', f.test]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/file not found: .*nope\.csv/);
    const usage = run(['--train', f.train]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--train and --test are required/);
  });
});
