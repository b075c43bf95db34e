import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTrainTestFiles } from '../../../../app/cli/session-csv-files';
import { storeTrainOptions } from '../../../../app/jobs/store-train-options';
import { buildDataset, trainStore } from '../../../../ml/train';
import { DEFAULT_CANDIDATES, STORE_MODEL_PARAMS, validateCandidates } from '../../../../ml/validate-candidates';
import { createModel } from '../../../../ml/models/registry';
import { evaluateSessions } from '../../../../ml/eval/evaluate';
import { evaluateStreaming } from '../../../../ml/eval/streaming';
import type { SessionDataset } from '../../../../ml/data/session-dataset';
import { clusterSessions, sessionCsv } from '../../../helpers/cluster-sessions';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const run = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'app/cli/eval.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

interface StoreJson {
  model: string;
  hr20: number;
  mrr20: number;
  ndcg20: number;
  predictions: number;
  streaming: { hr20: number; mrr20: number; sessionsAdded: number } | null;
  store: { selected: string; validated: boolean; validationEvents: number; candidates: { model: string; hr20: number; mrr20: number; trainSeconds: number }[]; pipelineSeconds: number };
}

/** `test` in the item index of `into` (every product known there). */
function reindex(test: SessionDataset, into: SessionDataset): SessionDataset {
  const index = new Map(into.itemIds.map((id, i) => [id, i]));
  const at = (id: string) => {
    const i = index.get(id);
    if (i === undefined) throw new Error(`product ${id} unknown to the pipeline's dataset`);
    return i;
  };
  return { itemIds: into.itemIds, sessions: test.sessions.map((s) => ({ ...s, events: s.events.map((e) => ({ ...e, item: at(test.itemIds[e.item]) })) })) };
}

describe('npm run eval -- --models store (app/cli/eval-store.ts)', () => {
  it("runs the production pipeline: trainStore's selection, and the selected candidate's own figures on the test file", async () => {
    const journeys = clusterSessions(1, 800);
    const dir = mkdtempSync(join(tmpdir(), 'wm-eval-store-'));
    const trainCsv = join(dir, 'train.csv');
    const testCsv = join(dir, 'test.csv');
    writeFileSync(trainCsv, sessionCsv(journeys.slice(0, 650)));
    writeFileSync(testCsv, sessionCsv(journeys.slice(650)));

    // pessimistic ties: the figures do not depend on the order of the item index (the CSV's or the pipeline's)
    const r = run(['--train', trainCsv, '--test', testCsv, '--models', 'store', '--ties', 'pessimistic', '--protocol', 'streaming', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n');
    const row = (JSON.parse(out[out.length - 1]) as { results: StoreJson[] }).results[0];
    expect(row.model).toBe('store');

    // the same pipeline with the training job's options, called directly
    const expected = await trainStore({ sessions: journeys.slice(0, 650), baskets: [], products: [] }, storeTrainOptions());
    expect(expected.validated).toBe(true);
    expect(row.store.selected).toBe(expected.selected);
    expect(row.store.validated).toBe(true);
    expect(row.store.validationEvents).toBe(expected.validationEvents);
    expect(row.store.candidates.map((c) => c.model)).toEqual(expected.candidates.map((c) => c.model));
    expect([...row.store.candidates.map((c) => c.model)].sort()).toEqual([...DEFAULT_CANDIDATES].sort());
    row.store.candidates.forEach((c, i) => {
      expect(c.mrr20).toBeCloseTo(expected.candidates[i].mrr20, 12);
      expect(c.hr20).toBeCloseTo(expected.candidates[i].hr20, 12);
      expect(c.trainSeconds).toBeGreaterThanOrEqual(0);
    });
    expect(row.store.pipelineSeconds).toBeGreaterThan(0);
    expect(out.some((l) => l.startsWith(`store: selected ${expected.selected} on ${expected.validationEvents} validation predictions`))).toBe(true);
    expect(out.some((l) => /^ {2}pipeline \d+\.\d s /.test(l))).toBe(true);

    // the selected candidate fitted by hand on the pipeline's dataset, as trainStore refits it: with the
    // per-store parameters, or, for a blend, with the weights it chose on the training part
    const data = buildDataset(journeys.slice(0, 650));
    const test = reindex(loadTrainTestFiles(trainCsv, testCsv).test, data);
    const validated = await validateCandidates(data, storeTrainOptions(), (name, params) => createModel(name, params));
    expect(validated.winnerModel?.name).toBe(expected.selected);
    let direct = createModel(expected.selected, STORE_MODEL_PARAMS[expected.selected]);
    if (validated.winnerModel?.refitOn) direct = await validated.winnerModel.refitOn(data);
    else await direct.fit(data);
    const fixed = evaluateSessions(direct, data, test, { ties: 'pessimistic' });
    expect(row.predictions).toBe(fixed.n);
    expect(row.hr20).toBeCloseTo(fixed.hr, 12);
    expect(row.mrr20).toBeCloseTo(fixed.mrr, 12);
    expect(row.ndcg20).toBeCloseTo(fixed.ndcg, 12);
    const streaming = evaluateStreaming(direct, data, test, { ties: 'pessimistic' });
    if (!streaming.grows) expect(row.streaming).toBeNull();
    else {
      expect(row.streaming!.sessionsAdded).toBe(streaming.sessionsAdded);
      expect(row.streaming!.mrr20).toBeCloseTo(streaming.mrr, 12);
    }
  }, 120_000);

  it('is listed as the production model in the help, apart from the experiments', () => {
    const r = run(['--help']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--models store,pop,/);
    expect(r.stderr).toMatch(new RegExp(`production +store: .*\\n.*its candidates ${DEFAULT_CANDIDATES.join(', ')} validated`));
    const experiments = /experiments +(.*): production never runs them/.exec(r.stderr)?.[1].split(', ') ?? [];
    expect(experiments).toEqual(expect.arrayContaining(['best', 'blend', 'blend-gru4rec', 'tuned']));
    for (const c of DEFAULT_CANDIDATES) expect(experiments).not.toContain(c);
  });
});
