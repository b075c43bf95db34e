/**
 * Dev aid (not a unit test): per-event top-100 lists (raw scores) of blend members on the validation tail
 * (last day) of the YooChoose reference train file, written to OUT_DIR for offline fusion experiments.
 *   WAYMARK_GRU4REC_CACHE=/tmp/wm-cache npx tsx tests/unit/ml-blend/collect-lists.script.ts '[["vstan","vstan",{}]]'
 * Each entry: [label, registry name | "gru4rec", params]. FRACTION=0.1 uses D4/D3-style splits instead (see gru-prewarm).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadTrainTest } from '../../../ml/data/csv';
import { timeSplit } from '../../../ml/data/split';
import { createModel } from '../../../ml/models/index';
import { CachedGru4Rec } from '../../../ml/models/blend-gru4rec';
import { topIndices } from '../../../ml/models/ensemble';
import { validationEvents } from '../../../ml/eval/tune';
import type { Recommender } from '../../../ml/models/types';

const DIR = process.env.SPLITS_DIR ?? '/work/shared/data/reference-splits';
const OUT = process.env.OUT_DIR ?? '/tmp/wm-dev/lists';
const DEPTH = 100;

async function main() {
  const specs = JSON.parse(process.argv[2]) as [string, string, Record<string, unknown>][];
  const tt = loadTrainTest(`${DIR}/yoochoose-valid.train.csv`, `${DIR}/yoochoose-valid.test.csv`);
  let base = tt.train;
  if (process.env.FRACTION) base = timeSplit(tt.train, { fraction: Number(process.env.FRACTION) }).train;
  const sp = timeSplit(base, { days: 1 });
  const ev = validationEvents(sp.test, sp.train.itemIds.length);
  mkdirSync(OUT, { recursive: true });
  // event meta: target, session length so far, last item
  const pop = new Float64Array(ev.nItems);
  for (const s of sp.train.sessions) for (const e of s.events) pop[e.item]++;
  writeFileSync(
    `${OUT}/_events.json`,
    JSON.stringify({ n: ev.n, nItems: ev.nItems, targets: Array.from(ev.targets), ctx: ev.contexts.map((c) => c.items), pop: Array.from(pop) }),
  );
  for (const [label, name, params] of specs) {
    const t0 = performance.now();
    const m: Recommender = name === 'gru4rec' ? new CachedGru4Rec(params) : createModel(name, params);
    await m.fit(sp.train);
    const items = new Int32Array(ev.n * DEPTH).fill(-1);
    const scores = new Float32Array(ev.n * DEPTH);
    for (let e = 0; e < ev.n; e++) {
      const s = m.scoreAll(ev.contexts[e]);
      const top = topIndices(s, DEPTH);
      let j = 0;
      for (const it of top) {
        if (name !== 'gru4rec' && !(s[it] > 0)) break;
        items[e * DEPTH + j] = it;
        scores[e * DEPTH + j] = s[it];
        j++;
      }
    }
    writeFileSync(`${OUT}/${label}.items.bin`, Buffer.from(items.buffer));
    writeFileSync(`${OUT}/${label}.scores.bin`, Buffer.from(scores.buffer));
    console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
