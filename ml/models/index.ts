/**
 * Model registry: `createModel(name, params)` and `modelFromArtifact(artifact)`.
 * Pluggable: other models (gru4rec, blends, ...) register themselves with `registerModel`.
 */
import { WaymarkError } from '../errors';
import type { ModelArtifact, Recommender } from './types';
import { BestModel, type BestParams } from './best';
import { Gru4Rec, type Gru4RecParams } from './gru4rec';
import { PopModel, type PopParams } from './pop';
import { ArModel, type ArParams } from './ar';
import { SrModel, type SrParams } from './sr';
import { SknnModel, type SknnParams } from './sknn';
import { VsknnModel, type VsknnParams } from './vsknn';
import { StanModel, type StanParams } from './stan';
import { VstanModel, type VstanParams } from './vstan';
import { RemindModel, type RemindParams } from './remind';
import { RepeatModel, type RepeatParams } from './repeat';
import { EnsembleModel } from './ensemble';
import { TunedModel, type TunedParams } from '../eval/tune';
import { Gru4RecSeedAverage, type Gru4RecSeedAverageParams } from './blend-gru4rec';

export type BuiltinModelName = 'pop' | 'ar' | 'sr' | 'sknn' | 'vsknn' | 'stan' | 'vstan';

export interface ModelFactory {
  create(params?: Record<string, unknown>): Recommender;
  fromArtifact?(a: ModelArtifact): Recommender | Promise<Recommender>;
}

const registry = new Map<string, ModelFactory>();

export function registerModel(name: string, factory: ModelFactory): void {
  registry.set(name, factory);
}

registerModel('pop', { create: (p) => new PopModel(p as PopParams), fromArtifact: PopModel.fromArtifact });
registerModel('ar', { create: (p) => new ArModel(p as ArParams), fromArtifact: ArModel.fromArtifact });
registerModel('sr', { create: (p) => new SrModel(p as SrParams), fromArtifact: SrModel.fromArtifact });
registerModel('sknn', { create: (p) => new SknnModel(p as SknnParams), fromArtifact: SknnModel.fromArtifact });
registerModel('vsknn', { create: (p) => new VsknnModel(p as VsknnParams), fromArtifact: VsknnModel.fromArtifact });
registerModel('stan', { create: (p) => new StanModel(p as StanParams), fromArtifact: StanModel.fromArtifact });
registerModel('vstan', { create: (p) => new VstanModel(p as VstanParams), fromArtifact: VstanModel.fromArtifact });
// GRU4Rec in TensorFlow.js (training on tfjs-node where it loads, else wasm/cpu; serving in plain JS)
registerModel('gru4rec', { create: (p) => new Gru4Rec(p as Partial<Gru4RecParams>), fromArtifact: (a) => Gru4Rec.fromArtifact(a) });
// GRU4Rec trained with several seeds, scored by the mean logits (a blend member; see blend-gru4rec.ts)
registerModel('gru4rec-avg', {
  create: (p) => new Gru4RecSeedAverage({ seeds: [42, 7], ...(p as Partial<Gru4RecSeedAverageParams>) }, tuneLog),
  fromArtifact: (a) => Gru4RecSeedAverage.fromArtifact(a),
});
// a blend member (scores the items already in the session), not a recommender on its own
registerModel('remind', { create: (p) => new RemindModel(p as RemindParams), fromArtifact: RemindModel.fromArtifact });
// a blend member: calibrated probability that the next click repeats an item of the session (see repeat.ts)
registerModel('repeat', { create: (p) => new RepeatModel(p as RepeatParams), fromArtifact: RepeatModel.fromArtifact });
// VSTAN + reminders + SR + AR + other kNN, weights tuned on the last day of the training data inside fit()
registerModel('tuned', {
  create: (p) => new TunedModel((name, params) => createModel(name, params), p as TunedParams),
  fromArtifact: (a) => modelFromArtifact(a),
});
// the weighted blend of the best kNN with SR/AR/reminders (and GRU4Rec when registered), tuned on the train tail
registerModel('blend', {
  create: (p) => new TunedModel((name, params) => createModel(name, params), p as TunedParams),
  fromArtifact: (a) => modelFromArtifact(a),
});
/**
 * GRU4Rec member of `blend-gru4rec`: two trainings (seeds 42 and 7, default parameters otherwise), logits averaged
 * (on the YooChoose validation tail: blend MRR@20 0.3849 vs 0.3845 with seed 42 alone; docs/BENCHMARKS.md).
 */
export const BLEND_GRU4REC_MEMBER = { seeds: [42, 7] };
/** `blend-gru4rec` refines its weights per session length: 1 item, 2-3 items, 4+ (chosen on validation, see the doc) */
export const BLEND_GRU4REC_LENGTH_BUCKETS = [1, 3];
// the tuned blend with GRU4Rec as an extra member (its score normalisation and weight chosen on the train tail
// like the others). Trains GRU4Rec twice per seed (train minus its last day, then all of train): minutes, not seconds.
// WAYMARK_GRU4REC_CACHE=<dir> reuses identical trainings (same data fingerprint and parameters);
// WAYMARK_TUNE_LOG=1 logs the tuning to stderr.
registerModel('blend-gru4rec', {
  create: (p) =>
    new TunedModel(
      (name, params) => createModel(name, params),
      { withGru4rec: BLEND_GRU4REC_MEMBER, lengthBuckets: BLEND_GRU4REC_LENGTH_BUCKETS, name: 'blend-gru4rec', ...(p as TunedParams) },
      tuneLog,
    ),
  fromArtifact: (a) => modelFromArtifact(a),
});
// the per-store selection pipeline itself (validate on the training tail, keep the winner)
registerModel('best', {
  create: (p) =>
    new BestModel(
      (name, params) => createModel(name, params),
      async (data, opts) => (await import('../train')).validateCandidates(data, opts),
      { candidates: BEST_CANDIDATES, ...(p as BestParams) },
      tuneLog,
    ),
  fromArtifact: (a) => modelFromArtifact(a),
});
registerModel('ensemble', {
  create: () => {
    throw new Error('ensemble: build it with new EnsembleModel(members) (or use "tuned")');
  },
  fromArtifact: (a) => EnsembleModel.fromArtifact(a, modelFromArtifact),
});

/**
 * Candidates of "best" (the eval CLI's selection): the ports, the tuned blend and the tuned blend with GRU4Rec.
 * `blend-gru4rec` makes "best" train GRU4Rec up to eight times (two seeds x: validation fit and its inner tuning
 * split, then the refit and its tuning split when it wins); the per-store pipeline (ml/train.ts DEFAULT_CANDIDATES)
 * leaves it out.
 */
export const BEST_CANDIDATES = ['ar', 'sr', 'sknn', 'vsknn', 'stan', 'vstan', 'blend', 'blend-gru4rec'];

function tuneLog(msg: string): void {
  if (process.env.WAYMARK_TUNE_LOG) process.stderr.write(`${msg}\n`);
}

export function modelNames(): string[] {
  return Array.from(registry.keys());
}

export class UnknownModelError extends WaymarkError {
  constructor(name: string) {
    super(`unknown model "${name}"; valid models: ${modelNames().join(', ')}`);
    this.name = 'UnknownModelError';
  }
}

export function getModelFactory(name: string): ModelFactory {
  const f = registry.get(name);
  if (!f) throw new UnknownModelError(name);
  return f;
}

export function createModel(name: BuiltinModelName | (string & {}), params?: Record<string, unknown>): Recommender {
  return getModelFactory(name).create(params);
}

export function modelFromArtifact(a: ModelArtifact): Recommender | Promise<Recommender> {
  const f = getModelFactory(a.kind);
  if (!f.fromArtifact) throw new Error(`model "${a.kind}" cannot be restored from an artifact`);
  return f.fromArtifact(a);
}

/**
 * Tuned parameters from session-rec's optimisation tables, as used in
 * `../shared/data/reference-splits/RESULTS.md`. The class defaults equal the `rsc15` row.
 */
export const PRESETS: Record<'rsc15' | 'diginetica', Record<BuiltinModelName, Record<string, unknown>>> = {
  rsc15: {
    pop: {},
    ar: {},
    sr: { steps: 8, weighting: 'div' },
    sknn: { k: 500, sampleSize: 10000, similarity: 'jaccard' },
    vsknn: { k: 100, sampleSize: 1000, weighting: 'quadratic', weightingScore: 'quadratic' },
    stan: { k: 1000, sampleSize: 10000, lambdaSpw: 1e-5, lambdaSnh: 10, lambdaInh: 2 },
    vstan: { k: 1500, sampleSize: 10000, lambdaSpw: 0.5, lambdaSnh: 5, lambdaInh: 2, lambdaIpw: 2, lambdaIdf: 2 },
  },
  diginetica: {
    pop: {},
    ar: {},
    sr: { steps: 25, weighting: 'div' },
    sknn: { k: 100, sampleSize: 500, similarity: 'cosine' },
    vsknn: { k: 500, sampleSize: 5000, weighting: 'quadratic', weightingScore: 'div', idfWeighting: 5 },
    stan: { k: 500, sampleSize: 10000, lambdaSpw: 1.225, lambdaSnh: 20, lambdaInh: 4.9 },
    vstan: { k: 1500, sampleSize: 5000, lambdaSpw: 4.9, lambdaSnh: 40, lambdaInh: 4.9, lambdaIpw: 1.225, lambdaIdf: 10 },
  },
};

export { PopModel, ArModel, SrModel, SknnModel, VsknnModel, StanModel, VstanModel, RemindModel, RepeatModel, EnsembleModel, TunedModel };
