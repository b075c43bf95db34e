/**
 * Reproduction of session-rec's published numbers (../shared/data/reference-splits/RESULTS.md)
 * on both reference splits. Skips (with the reason) when ../shared/data is absent.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrainTest, type TrainTest } from '../../../ml/data/csv';
import { evaluateSessions, type EvalResult } from '../../../ml/eval/evaluate';
import { createModel, PRESETS } from '../../../ml/models/index';
import { HAVE_REF, MODEL_TO_REF, parseResults, readRanks, REF_DIR, SKIP_REASON, type RefRow } from './reference';

const MODELS = ['pop', 'ar', 'sr', 'sknn', 'vsknn', 'stan', 'vstan'] as const;
const SPLITS = [
  { base: 'yoochoose-valid', section: 'A' as const, preset: 'rsc15' as const, predictions: 12455 },
  { base: 'diginetica-valid', section: 'C' as const, preset: 'diginetica' as const, predictions: 47 },
];

if (!HAVE_REF) {
  describe.skip(`session-rec reproduction: ${SKIP_REASON}`, () => {
    it('needs ../shared/data/reference-splits', () => {});
  });
}

/** the required check: within 2% relative of the as-run figure, or inside [pessimistic, optimistic] */
function acceptable(ours: number, asRun: number, lo?: number, hi?: number): boolean {
  if (Math.abs(ours - asRun) <= 0.02 * asRun) return true;
  // RESULTS.md prints 4 decimals: allow the rounding
  return lo !== undefined && hi !== undefined && ours >= lo - 5e-5 && ours <= hi + 5e-5;
}

describe.skipIf(!HAVE_REF)('session-rec reproduction on the reference splits', () => {
  for (const split of SPLITS) {
    describe(split.base, () => {
      let data: TrainTest;
      let ref: Record<string, RefRow>;
      const results = new Map<string, EvalResult>();

      it('loads the split with the documented counts', () => {
        data = loadTrainTest(resolve(REF_DIR, `${split.base}.train.csv`), resolve(REF_DIR, `${split.base}.test.csv`));
        ref = parseResults(split.section);
        expect(data.stats.predictionEvents).toBe(split.predictions);
        expect(data.stats.droppedUnseenEvents).toBe(0);
        expect(Object.keys(ref)).toEqual(expect.arrayContaining(MODELS.map((m) => MODEL_TO_REF[m])));
      });

      for (const name of MODELS) {
        it(`${name}: HR@20 / MRR@20 within 2% of RESULTS.md or inside its tie bounds`, () => {
          const model = createModel(name, PRESETS[split.preset][name]);
          model.fit(data.train);
          const r = evaluateSessions(model, data.train, data.test, { collectRanks: true });
          results.set(name, r);
          const row = ref[MODEL_TO_REF[name]];
          expect(r.n).toBe(split.predictions);
          const s = r.byTieMode.stable;
          expect(acceptable(s.hr, row.hr, row.hrPess, row.hrOpt), `${name} HR ${s.hr} vs ${row.hr} [${row.hrPess}, ${row.hrOpt}]`).toBe(true);
          expect(acceptable(s.mrr, row.mrr, row.mrrPess, row.mrrOpt), `${name} MRR ${s.mrr} vs ${row.mrr} [${row.mrrPess}, ${row.mrrOpt}]`).toBe(true);
          // the tie-rule columns are sort-independent: ours should agree to the 4 printed decimals
          // (V-SKNN / SKNN break neighbour ties in index order here; see the exact test below)
          const tol = name === 'vsknn' || name === 'sknn' ? 0.006 : 0.00005;
          expect(Math.abs(s.hr - row.hrStable!)).toBeLessThanOrEqual(tol);
          expect(Math.abs(s.mrr - row.mrrStable!)).toBeLessThanOrEqual(tol);
          expect(Math.abs(r.byTieMode.pessimistic.hr - row.hrPess!)).toBeLessThanOrEqual(tol);
          expect(Math.abs(r.byTieMode.optimistic.mrr - row.mrrOpt!)).toBeLessThanOrEqual(tol);
        });
      }

      it('per-event ranks equal session-rec (stable, pessimistic, optimistic) for every model', () => {
        const ranks = readRanks(split.base);
        for (const name of MODELS) {
          let r = results.get(name)!;
          if (name === 'sknn' || name === 'vsknn') {
            // exact neighbour tie-breaking needs CPython's set order
            const model = createModel(name, { ...PRESETS[split.preset][name], tieOrder: 'python' });
            model.fit(data.train);
            r = evaluateSessions(model, data.train, data.test, { collectRanks: true });
          }
          const R = r.ranks!;
          const refName = MODEL_TO_REF[name];
          for (const [mode, mine] of [
            ['stable', R.stable],
            ['pess', R.pessimistic],
            ['opt', R.optimistic],
          ] as const) {
            const col = ranks.col(`${refName}_${mode}`);
            let mismatches = 0;
            for (let e = 0; e < col.length; e++) if (col[e] !== mine[e]) mismatches++;
            expect(mismatches, `${name} ${mode}`).toBe(0);
          }
          // same events in the same order
          const posCol = ranks.col('Position');
          expect(Array.from(R.position)).toEqual(posCol);
        }
      });
    });
  }
});
