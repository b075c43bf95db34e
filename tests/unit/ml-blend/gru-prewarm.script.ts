/**
 * Dev aid (not a unit test): trains GRU4Rec (seeded, cached via WAYMARK_GRU4REC_CACHE) on the training splits the
 * YooChoose `best` evaluation uses, so later runs reuse identical fits, and reports each fit alone on its own
 * validation tail (never on test):
 *   D1 = train minus its last day (blend tuning of the final refit; also the dev validation split)
 *   D4 = (train minus its last 10 %) minus its last day, D3 = train minus its last 10 % (best's validation)
 *   D2 = all of train
 *   WAYMARK_GRU4REC_CACHE=/tmp/wm-cache npx tsx tests/unit/ml-blend/gru-prewarm.script.ts '[{"seed":42},{"seed":7}]' D1,D4,D3,D2
 */
import { loadTrainTest } from '../../../ml/data/csv';
import { timeSplit } from '../../../ml/data/split';
import type { SessionDataset } from '../../../ml/data/types';
import { CachedGru4Rec } from '../../../ml/models/blend-gru4rec';
import { evaluateSessions } from '../../../ml/eval/evaluate';

const DIR = process.env.SPLITS_DIR ?? '/work/shared/data/reference-splits';

async function main() {
  const variants = JSON.parse(process.argv[2] ?? '[{}]') as Record<string, unknown>[];
  const which = (process.argv[3] ?? 'D1,D4,D3,D2').split(',');
  const tt = loadTrainTest(`${DIR}/yoochoose-valid.train.csv`, `${DIR}/yoochoose-valid.test.csv`);
  const train = tt.train;
  const s1 = timeSplit(train, { days: 1 });
  const s3 = timeSplit(train, { fraction: 0.1 });
  const s4 = timeSplit(s3.train, { days: 1 });
  const sets: Record<string, { fit: SessionDataset; val: SessionDataset | null }> = {
    D1: { fit: s1.train, val: s1.test },
    D2: { fit: train, val: null },
    D3: { fit: s3.train, val: null },
    D4: { fit: s4.train, val: s4.test },
  };
  for (const w of which) {
    for (const v of variants) {
      const m = new CachedGru4Rec(v, (msg) => console.log(`  ${msg}`));
      const t0 = performance.now();
      await m.fit(sets[w].fit);
      const sec = (performance.now() - t0) / 1000;
      let msg = `${w} ${JSON.stringify(v)} fit ${sec.toFixed(1)} s${m.fromCache ? ' (cached)' : ''}`;
      const val = sets[w].val;
      if (val) {
        const r = evaluateSessions(m, sets[w].fit, val, { cutoff: 20 });
        msg += ` val HR@20 ${r.hr.toFixed(4)} MRR@20 ${r.mrr.toFixed(4)} n=${r.n}`;
      }
      console.log(`RESULT ${msg}`);
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
