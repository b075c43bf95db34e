/**
 * Dev aid (not a unit test): coordinate search of one kNN model's parameters on the validation tail of the
 * YooChoose reference train file (last day; never the test file).
 *   npx tsx tests/unit/ml-blend/knn-coord.script.ts vstan '{"k":[100,500,1500]}' '{"k":1500}'
 */
import { loadTrainTest } from '../../../ml/data/csv';
import { timeSplit } from '../../../ml/data/split';
import { createModel } from '../../../ml/models/index';
import { evaluateSessions } from '../../../ml/eval/evaluate';

const DIR = process.env.SPLITS_DIR ?? '/work/shared/data/reference-splits';

async function main() {
  const name = process.argv[2];
  const space = JSON.parse(process.argv[3]) as Record<string, unknown[]>;
  const start = JSON.parse(process.argv[4] ?? '{}') as Record<string, unknown>;
  const frac = process.env.FRACTION ? Number(process.env.FRACTION) : undefined;
  const tt = loadTrainTest(`${DIR}/yoochoose-valid.train.csv`, `${DIR}/yoochoose-valid.test.csv`);
  const sp = frac ? timeSplit(tt.train, { fraction: frac }) : timeSplit(tt.train, { days: 1 });
  const seen = new Map<string, { hr: number; mrr: number }>();
  const run = async (p: Record<string, unknown>) => {
    const key = JSON.stringify(p);
    const hit = seen.get(key);
    if (hit) return hit;
    const m = createModel(name, p);
    await m.fit(sp.train);
    const r = evaluateSessions(m, sp.train, sp.test, { cutoff: 20 });
    const out = { hr: r.hr, mrr: r.mrr };
    seen.set(key, out);
    console.log(`${name} ${key} HR ${r.hr.toFixed(4)} MRR ${r.mrr.toFixed(4)}`);
    return out;
  };
  const cur = { ...start };
  let best = await run(cur);
  for (let pass = 0; pass < 3; pass++) {
    let improved = false;
    for (const [k, vals] of Object.entries(space)) {
      for (const v of vals) {
        const trial = { ...cur, [k]: v };
        const r = await run(trial);
        if (r.mrr > best.mrr + 1e-9) {
          best = r;
          cur[k] = v;
          improved = true;
        }
      }
    }
    console.log(`PASS ${pass + 1} best ${JSON.stringify(cur)} HR ${best.hr.toFixed(4)} MRR ${best.mrr.toFixed(4)}`);
    if (!improved) break;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
