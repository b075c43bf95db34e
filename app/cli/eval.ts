/**
 * `npm run eval -- --train <csv> --test <csv> [--models a,b,...] [--json]`
 *
 * Fits each model on the training CSV (`SessionId,ItemId,Time`) and evaluates it with
 * session-rec's `evaluate_sessions` protocol on the test CSV. Prints one table row per model;
 * progress goes to stderr. With --json the last stdout line is `{"results":[...]}`.
 *
 * Models: `store` is what production runs for every shop (ml/train.ts trainStore, with the training job's options:
 * its candidates validated on the most recent training sessions, the winner refit and bundled), scored through the
 * saved bundle (./eval-store.ts). Every other name fits that one registered model with the class defaults (or
 * --preset/--params): the per-store candidates run alone, and experiments production does not run (`best`,
 * `blend`, `tuned`, `blend-gru4rec`, `gru4rec`, ...). `--help` lists which are which, from the code.
 *
 * Options:
 *   --models a,b      models to run (default: store and all registered)
 *   --cutoff K        list length for HR/MRR/NDCG (default 20)
 *   --ties MODE       stable | pessimistic | optimistic (default stable)
 *   --preset NAME     parameter preset: rsc15 (default, = class defaults) | diginetica
 *   --params JSON     per-model parameter overrides, e.g. '{"vstan":{"k":500}}'
 *   --tie-order python  break neighbor ties exactly like session-rec on CPython (slower)
 *   --protocol P      fixed (default: the neighbor pool is the training data) | streaming (also report, beside
 *                     it, the protocol where every test session that ended before the predicted click has
 *                     joined the kNN neighbor pool, never one that ended after; ml/eval/streaming.ts)
 *   --task T          reference (default: session-rec's protocol, every click a target) | served (the task a
 *                     storefront block serves: the next product not already seen in the session; consecutive repeat
 *                     clicks merged in train and test, the session's products never ranked; ml/eval/served-task.ts)
 *   --json            machine-readable last line
 *
 * Environment (read by app/config.ts mlSettings): WAYMARK_TUNE_LOG=1 logs tuning and selection to stderr,
 * WAYMARK_GRU4REC_CACHE=<dir> reuses identical GRU4Rec trainings, WAYMARK_TF_BACKEND=tensorflow|wasm|cpu.
 */
import { SessionCsvError } from '../../ml/data/csv';
import { mergeConsecutiveRepeats } from '../../ml/eval/served-task';
import { loadTrainTestFiles } from './session-csv-files';
import { fitAndEvaluate, type FitEvalResult } from '../../ml/eval/evaluate';
import { evaluateStreaming, type StreamingResult } from '../../ml/eval/streaming';
import type { TieMode } from '../../ml/eval/metrics';
import { createModel, modelNames } from '../../ml/models/registry';
import { PRESETS } from '../../ml/models/presets';
import { modelServices } from '../model-services';
import type { ModelServices } from '../../ml/models/services';
import { BestModel } from '../../ml/models/best';
import type { Recommender } from '../../ml/models/recommender';
import { loadTf } from '../../ml/tf-backend';
import { WaymarkError } from '../errors';
import { runStore, storeJson, storeSummary } from './eval-store';
import { countPredictions, DEFAULT_CANDIDATES, STORE_MODEL_PARAMS } from '../../ml/validate-candidates';
import type { StoreEvalResult } from '../../ml/eval/store-pipeline';

interface Args {
  train?: string;
  test?: string;
  models?: string[];
  json: boolean;
  cutoff: number;
  ties: TieMode;
  preset: 'rsc15' | 'diginetica';
  params: Record<string, Record<string, unknown>>;
  tieOrder?: 'index' | 'python';
  protocol: 'fixed' | 'streaming';
  task: 'reference' | 'served';
}

/**
 * One model's row: the fixed protocol, and the streaming one when asked (null: the model has no growing pool);
 * for `store`, the pipeline's selection too.
 */
type Row = FitEvalResult & { streaming?: StreamingResult | null; store?: StoreEvalResult };

type Split = ReturnType<typeof loadTrainTestFiles>;

class UsageError extends WaymarkError {
  override name = 'UsageError';
}

/** The name of the production pipeline among the models. */
const STORE = 'store';

/** Every name --models takes: the production pipeline first, then the registered models. */
function allModelNames(): string[] {
  return [STORE, ...modelNames()];
}

/** Which models production runs and which are experiments, from the code (the pipeline's default candidates). */
function modelsHelp(): string {
  const candidates = new Set(DEFAULT_CANDIDATES);
  const experiments = modelNames().filter((n) => !candidates.has(n));
  return `models:
  production   ${STORE}: the per-store pipeline every shop's training runs (ml/train.ts trainStore with the training
               job's options): its candidates ${DEFAULT_CANDIDATES.join(', ')} validated on the most recent
               training sessions, the winner refit on all of them, its saved bundle scored; --preset, --params and
               --tie-order do not apply to it. Per-store parameters: ${JSON.stringify(STORE_MODEL_PARAMS)}
  candidates   ${DEFAULT_CANDIDATES.join(', ')}: one of production's candidates alone, with the class defaults or
               --preset/--params (not the per-store parameters): production runs them only inside ${STORE}
  experiments  ${experiments.join(', ')}: production never runs them`;
}

const usage = () => `usage: npm run eval -- --train <train.csv> --test <test.csv> [--models ${allModelNames().join(',')}] [--json]
       [--cutoff 20] [--ties stable|pessimistic|optimistic] [--preset rsc15|diginetica] [--params JSON] [--tie-order index|python]
       [--protocol fixed|streaming] [--task reference|served]
${modelsHelp()}`;

function parseArgs(argv: string[]): Args {
  const a: Args = { json: false, cutoff: 20, ties: 'stable', preset: 'rsc15', params: {}, protocol: 'fixed', task: 'reference' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--train':
        a.train = val();
        break;
      case '--test':
        a.test = val();
        break;
      case '--models':
        a.models = val()
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean);
        break;
      case '--json':
        a.json = true;
        break;
      case '--cutoff': {
        const k = Number(val());
        if (!Number.isInteger(k) || k <= 0) throw new UsageError('--cutoff must be a positive integer');
        a.cutoff = k;
        break;
      }
      case '--ties': {
        const t = val();
        if (t !== 'stable' && t !== 'pessimistic' && t !== 'optimistic') throw new UsageError('--ties must be stable, pessimistic or optimistic');
        a.ties = t;
        break;
      }
      case '--preset': {
        const p = val();
        if (p !== 'rsc15' && p !== 'diginetica') throw new UsageError('--preset must be rsc15 or diginetica');
        a.preset = p;
        break;
      }
      case '--params': {
        const raw = val();
        try {
          a.params = JSON.parse(raw) as Record<string, Record<string, unknown>>;
        } catch {
          throw new UsageError(`--params is not valid JSON: ${raw}`);
        }
        break;
      }
      case '--tie-order': {
        const t = val();
        if (t !== 'index' && t !== 'python') throw new UsageError('--tie-order must be index or python');
        a.tieOrder = t;
        break;
      }
      case '--task': {
        const t = val();
        if (t !== 'reference' && t !== 'served') throw new UsageError('--task must be reference or served');
        a.task = t;
        break;
      }
      case '--protocol': {
        const p = val();
        if (p !== 'fixed' && p !== 'streaming') throw new UsageError('--protocol must be fixed or streaming');
        a.protocol = p;
        break;
      }
      case '-h':
      case '--help':
        throw new UsageError('');
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (!a.train || !a.test) throw new UsageError('--train and --test are required');
  return a;
}

function fmt(x: number, d: number): string {
  return Number.isFinite(x) ? x.toFixed(d) : '-';
}

function printTable(rows: Row[], cutoff: number): void {
  const streaming = rows.some((r) => r.streaming !== undefined);
  const head = ['model', `HR@${cutoff}`, `MRR@${cutoff}`, `NDCG@${cutoff}`, 'coverage', 'popBias', 'train s', 'p50 ms', 'p99 ms'];
  if (streaming) head.push(`HR@${cutoff} stream`, `MRR@${cutoff} stream`, 'added');
  const body = rows.map((r) => [
    r.model,
    fmt(r.hr, 4),
    fmt(r.mrr, 4),
    fmt(r.ndcg, 4),
    fmt(r.coverage, 4),
    fmt(r.popularityBias, 4),
    fmt(r.trainSeconds, 3),
    fmt(r.predictMsP50, 3),
    fmt(r.predictMsP99, 3),
    ...(streaming ? streamCells(r.streaming) : []),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) => cells.map((s, c) => (c === 0 ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

/** streaming columns: '-' for a model without a growing neighbor pool (its figures are the fixed ones) */
function streamCells(s: StreamingResult | null | undefined): string[] {
  if (!s) return ['-', '-', '-'];
  return [fmt(s.hr, 4), fmt(s.mrr, 4), String(s.sessionsAdded)];
}

/** The streaming protocol on a fitted model (changes the model: after the fixed protocol). */
function streamingRow(name: string, model: Recommender, data: Split, args: Args): StreamingResult | null {
  const t0 = Date.now();
  const s = evaluateStreaming(model, data.train, data.test, {
    cutoff: args.cutoff,
    ties: args.ties,
    excludeSession: args.task === 'served',
    progressEvery: 2000,
    onProgress: (done, total) => {
      process.stderr.write(`[${name} streaming] ${done}/${total} predictions, ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    },
  });
  if (!s.grows) {
    process.stderr.write(`[${name}] no neighbor pool: streaming = fixed\n`);
    return null;
  }
  process.stderr.write(`[${name} streaming] HR@${args.cutoff}=${s.hr.toFixed(4)} MRR@${args.cutoff}=${s.mrr.toFixed(4)} (${s.sessionsAdded} test sessions joined the pool)\n`);
  return s;
}

/** A registered model alone: fitted with the class defaults (or --preset/--params), then evaluated. */
async function modelRow(name: string, data: Split, args: Args, services: ModelServices): Promise<Row> {
  const preset = (PRESETS[args.preset] as Record<string, Record<string, unknown>>)[name] ?? {};
  const params = { ...preset, ...(args.tieOrder ? { tieOrder: args.tieOrder } : {}), ...(args.params[name] ?? {}) };
  const model = createModel(name, params, services);
  process.stderr.write(`[${name}] fitting...\n`);
  const t0 = Date.now();
  const r = await fitAndEvaluate(model, data.train, data.test, {
    cutoff: args.cutoff,
    ties: args.ties,
    excludeSession: args.task === 'served',
    progressEvery: 2000,
    onProgress: (done, total) => {
      process.stderr.write(`[${name}] ${done}/${total} predictions (${((100 * done) / total).toFixed(0)}%), ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    },
  });
  const selected = model instanceof BestModel ? ` (selected ${model.selected} on the training tail)` : '';
  process.stderr.write(`[${name}] HR@${args.cutoff}=${r.hr.toFixed(4)} MRR@${args.cutoff}=${r.mrr.toFixed(4)}${selected}\n`);
  // Label rows with the name asked for ("blend" is implemented by the tuned model).
  const streaming = args.protocol === 'streaming' ? streamingRow(name, model, data, args) : undefined;
  return { ...r, model: name, ...(streaming !== undefined ? { streaming } : {}) };
}

/** The production pipeline: its train time is the whole pipeline's (every candidate, refit, bundle). */
async function storeRow(data: Split, args: Args): Promise<Row> {
  const r = await runStore(data, { cutoff: args.cutoff, ties: args.ties, streaming: args.protocol === 'streaming', excludeSession: args.task === 'served' });
  return { ...r.fixed, model: STORE, trainSeconds: r.pipelineSeconds, ...(r.streaming !== undefined ? { streaming: r.streaming } : {}), store: r };
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) process.stderr.write(`eval: ${e.message}\n`);
      process.stderr.write(usage() + '\n');
      return 2;
    }
    throw e;
  }
  const names = args.models ?? allModelNames();
  const valid = new Set(allModelNames());
  const unknown = names.filter((n) => !valid.has(n));
  if (unknown.length > 0) {
    process.stderr.write(`eval: unknown model${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; valid models: ${allModelNames().join(', ')}\n`);
    return 2;
  }
  if (names.length === 0) {
    process.stderr.write(`eval: no models given; valid models: ${allModelNames().join(', ')}\n`);
    return 2;
  }

  let data;
  try {
    process.stderr.write(`loading ${args.train} and ${args.test}\n`);
    data = loadTrainTestFiles(args.train!, args.test!);
  } catch (e) {
    if (e instanceof SessionCsvError) {
      process.stderr.write(`eval: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const st = data.stats;
  process.stderr.write(
    `train: ${st.trainEvents} events, ${st.trainSessions} sessions, ${st.items} items; test: ${st.testEvents} events, ${st.testSessions} sessions ` +
      `(dropped ${st.droppedUnseenEvents} unseen-item events, ${st.droppedShortSessions} short sessions); ${st.predictionEvents} predictions\n`,
  );
  if (st.predictionEvents === 0) {
    process.stderr.write('eval: the test file has no prediction events after mapping to the training items\n');
    return 1;
  }
  if (args.task === 'served') {
    data = { ...data, train: mergeConsecutiveRepeats(data.train), test: mergeConsecutiveRepeats(data.test) };
    process.stderr.write(`served task: consecutive repeat clicks merged, the session's products never ranked; ${countPredictions(data.test)} predictions\n`);
  }

  // GRU4Rec trains on the typed-array kernels unless tfjs-node loads (engine 'auto'); asked for TF.js
  // ('{"gru4rec":{"engine":"tfjs"}}'), say which backend runs it.
  const services = modelServices();
  let tfBackend: string | undefined;
  if (names.includes('gru4rec') && args.params.gru4rec?.engine === 'tfjs') {
    tfBackend = (await loadTf({ prefer: services.tfBackend })).backend;
    process.stderr.write(`TensorFlow.js backend: ${tfBackend}${tfBackend === 'tensorflow' ? '' : ' (tfjs-node is not installed here)'}\n`);
  }
  const results: Row[] = [];
  for (const name of names) results.push(name === STORE ? await storeRow(data, args) : await modelRow(name, data, args, services));

  printTable(results, args.cutoff);
  for (const r of results) if (r.store) for (const l of storeSummary(r.store, data.train.itemIds.length)) console.log(l);
  if (args.json) {
    const out = results.map((r) => ({
      model: r.model,
      hr20: r.hr,
      mrr20: r.mrr,
      ndcg20: r.ndcg,
      coverage: r.coverage,
      popularityBias: r.popularityBias,
      trainSeconds: r.trainSeconds,
      predictMsP50: r.predictMsP50,
      predictMsP99: r.predictMsP99,
      cutoff: r.cutoff,
      ties: r.ties,
      predictions: r.n,
      ...(r.streaming !== undefined
        ? { streaming: r.streaming ? { hr20: r.streaming.hr, mrr20: r.streaming.mrr, ndcg20: r.streaming.ndcg, sessionsAdded: r.streaming.sessionsAdded } : null }
        : {}),
      ...(r.store ? { store: storeJson(r.store) } : {}),
    }));
    console.log(JSON.stringify({ results: out, ...(tfBackend ? { tfBackend } : {}) }));
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`eval: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
