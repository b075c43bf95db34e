/**
 * Ad-hoc evaluation of GRU4Rec on the session-rec YooChoose 100k reference split (not a unit test).
 *
 *   npx tsx tests/unit/ml-gru4rec/eval-yoochoose.script.ts [valid|test] '{"epochs":5,"layers":[100]}'
 *
 * valid: trains on the train file minus its last day, evaluates on that day (tuning; never touches test).
 * test:  trains on the whole train file, evaluates on the test file.
 * Protocol (RESULTS.md): every position of every test session predicts the next item, ranked among all train
 * items; HR@20 / MRR@20 micro-averaged. The rank counts items scoring strictly higher (+ exact ties reported).
 * EVAL_EVERY=n evaluates every n epochs during training (default 1 in valid mode, 0 in test mode).
 *
 * Results (2026-11-27, wasm backend, 2 shared vCPUs; layers [100], batch 32, nSample 2048, alpha 0.75, lr 0.1):
 *   valid (tail day of train), best epoch in brackets:
 *     dropout hidden 0.3 / embed 0   -> HR@20 0.6478 MRR@20 0.3397 (peak ep 3-5, then overfits)
 *     lr 0.2, hidden 0.4, alpha 0.5, logq 1 -> 0.6427 / 0.3357 (ep 6)
 *     hidden 0.5 / embed 0.2         -> 0.6590 / 0.3562 (ep 8)
 *     hidden 0.6 / embed 0.4         -> 0.6604 / 0.3594 (ep 10)   <- chosen (now the defaults)
 *     layers [200], hidden 0.6 / embed 0.4 -> 0.6552 / 0.3523 (ep 8; stopped)
 *   test, chosen params, 10 epochs: seed 42 HR@20 0.6418 MRR@20 0.3590 (352 s); seed 7 0.6375 / 0.3562 (290 s).
 */
import { loadTrainTest } from '../../../ml/data/csv';
import { timeSplit } from '../../../ml/data/split';
import type { SessionDataset } from '../../../ml/data/types';
import { Gru4Rec, type Gru4RecParams } from '../../../ml/models/gru4rec';

const DIR = process.env.SPLITS_DIR ?? '/work/shared/data/reference-splits';

function evaluate(model: Gru4Rec, test: SessionDataset, cutoff = 20) {
  let n = 0;
  let hits = 0;
  let mrr = 0;
  let tied = 0;
  let hitsPess = 0;
  let mrrPess = 0;
  const t0 = performance.now();
  for (const s of test.sessions) {
    const items = s.events.map((e) => e.item);
    for (let i = 0; i + 1 < items.length; i++) {
      const scores = model.scoreAll({ items: items.slice(0, i + 1), time: s.events[i + 1].time });
      const target = items[i + 1];
      const ts = scores[target];
      let higher = 0;
      let equal = 0;
      for (let k = 0; k < scores.length; k++) {
        if (scores[k] > ts) higher++;
        else if (scores[k] === ts && k !== target) equal++;
      }
      n++;
      if (equal) tied++;
      const rank = higher + 1;
      if (rank <= cutoff) {
        hits++;
        mrr += 1 / rank;
      }
      const rp = higher + equal + 1;
      if (rp <= cutoff) {
        hitsPess++;
        mrrPess += 1 / rp;
      }
    }
  }
  const ms = (performance.now() - t0) / Math.max(1, n);
  return { n, hr: hits / n, mrr: mrr / n, hrPess: hitsPess / n, mrrPess: mrrPess / n, tied, msPerPrediction: ms };
}

async function main() {
  const mode = process.argv[2] ?? 'valid';
  const params = JSON.parse(process.argv[3] ?? '{}') as Partial<Gru4RecParams>;
  const tt = loadTrainTest(`${DIR}/yoochoose-valid.train.csv`, `${DIR}/yoochoose-valid.test.csv`);
  let train = tt.train;
  let test = tt.test;
  if (mode === 'valid') {
    const sp = timeSplit(tt.train, { days: 1 });
    train = sp.train;
    test = sp.test;
  } else if (mode !== 'test') throw new Error('mode must be valid or test');
  const nPred = test.sessions.reduce((a, s) => a + s.events.length - 1, 0);
  console.log(
    `${mode}: train ${train.sessions.length} sessions, ${train.itemIds.length} items; eval ${test.sessions.length} sessions, ${nPred} predictions`,
  );
  const model = new Gru4Rec(params);
  console.log('params', JSON.stringify(model.params));
  const evalEvery = Number(process.env.EVAL_EVERY ?? (mode === 'valid' ? 1 : 0));
  await model.fit(train, {
    progressEvery: 500,
    onEpochEnd: evalEvery
      ? ({ epoch }, snap) => {
          if (epoch % evalEvery) return;
          const r = evaluate(snap, test);
          console.log(`  epoch ${epoch}: ${mode} HR@20 ${r.hr.toFixed(4)} MRR@20 ${r.mrr.toFixed(4)}`);
        }
      : undefined,
    onProgress: (p) => {
      if (p.epochEnd)
        console.log(`epoch ${p.epoch}: loss ${p.epochLoss.toFixed(4)}, ${p.step} steps, ${p.msPerStep.toFixed(2)} ms/step`);
    },
  });
  const st = model.lastFitStats!;
  console.log(
    `fit: backend ${st.backend}, ${st.steps} steps, ${st.seconds.toFixed(1)} s (incl. per-epoch eval if any), ${st.msPerStep.toFixed(2)} ms/step wall, ${st.cpuMsPerStep.toFixed(2)} ms/step cpu`,
  );
  const r = evaluate(model, test);
  console.log(
    `RESULT ${mode} HR@20 ${r.hr.toFixed(4)} MRR@20 ${r.mrr.toFixed(4)} (pessimistic ${r.hrPess.toFixed(4)} / ${r.mrrPess.toFixed(4)}, ` +
      `${r.tied} events with ties) n=${r.n} predict ${r.msPerPrediction.toFixed(3)} ms/call params=${JSON.stringify(params)} trainSec=${st.seconds.toFixed(1)}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
