/**
 * Dev aid (not a unit test): the blend tuner (ml/eval/tune.ts tuneBlend) on the YooChoose reference train file's
 * validation tail (last day; never the test file), for several blend configurations.
 *   WAYMARK_GRU4REC_CACHE=/tmp/wm-cache npx tsx tests/unit/ml-blend/blend-val.script.ts \
 *     '[{"gru4rec":{},"repeat":false},{"gru4rec":{"seeds":[42,7]}}]'
 */
import { loadTrainTest } from '../../../ml/data/csv';
import { createModel } from '../../../ml/models/index';
import { defaultBlendCandidates, tuneBlend, type Gru4RecBlendParams } from '../../../ml/eval/tune';

const DIR = process.env.SPLITS_DIR ?? '/work/shared/data/reference-splits';

async function main() {
  const configs = JSON.parse(process.argv[2]) as { gru4rec?: Gru4RecBlendParams | false; repeat?: boolean; lengthBuckets?: number[] }[];
  const tt = loadTrainTest(`${DIR}/yoochoose-valid.train.csv`, `${DIR}/yoochoose-valid.test.csv`);
  for (const cfg of configs) {
    const t0 = performance.now();
    const cands = defaultBlendCandidates((n, p) => createModel(n, p), { gru4rec: cfg.gru4rec ?? false, repeat: cfg.repeat, log: () => {} });
    const res = await tuneBlend(cands, tt.train, { days: 1, passes: 3, lengthBuckets: cfg.lengthBuckets, onProgress: process.env.VERBOSE ? (m) => console.log(m) : undefined });
    const w = res.labels.map((l, i) => `${l}=${res.weights[i]}`).filter((x) => !x.endsWith('=0'));
    console.log(
      `RESULT ${JSON.stringify(cfg)} val HR@20 ${res.val.hr.toFixed(4)} MRR@20 ${res.val.mrr.toFixed(4)} (vstan ${res.baseline.hr.toFixed(4)} / ${res.baseline.mrr.toFixed(4)}) n=${res.validationEvents} ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    console.log(`  weights: ${w.join(', ')}`);
    if (res.valGlobal) console.log(`  global weights: HR ${res.valGlobal.hr.toFixed(4)} MRR ${res.valGlobal.mrr.toFixed(4)}; per bucket: ${JSON.stringify(res.bucketWeights)}`);
    for (const v of res.variants.slice(0, 3)) console.log(`  variant [${v.choice}] HR ${v.val.hr.toFixed(4)} MRR ${v.val.mrr.toFixed(4)}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
