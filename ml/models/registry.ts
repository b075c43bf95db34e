/**
 * Model registry: `createModel(name, params, services)` and `modelFromArtifact(artifact)`, with every built-in
 * model registered. Pluggable: other models register themselves with `registerModel`. The modules that need
 * a model by name (./best.ts, ./tuned.ts, ../validate-candidates.ts) are given `createModel` as a parameter,
 * so they never import this module and the imports run one way.
 */
import { WaymarkError } from '../errors';
import type { ModelArtifact, Recommender } from './recommender';
import type { ModelServices } from './services';
import { BEST_CANDIDATES, BLEND_GRU4REC_LENGTH_BUCKETS, BLEND_GRU4REC_MEMBER, STORE_GRU4REC, type BuiltinModelName } from './presets';
import { BestModel, type BestParams } from './best';
import { Gru4Rec } from './gru4rec';
import type { Gru4RecParams } from './gru4rec-params';
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
import { TunedModel, type TunedParams } from './tuned';
import { Gru4RecSeedAverage, type Gru4RecSeedAverageParams } from './blend-gru4rec';
import { validateCandidates } from '../validate-candidates';

export interface ModelFactory {
  create(params: Record<string, unknown> | undefined, services: ModelServices): Recommender;
  fromArtifact?(a: ModelArtifact): Recommender | Promise<Recommender>;
}

const registry = new Map<string, ModelFactory>();

export function registerModel(name: string, factory: ModelFactory): void {
  registry.set(name, factory);
}

/** `createModel` with the caller's services, for the models that build others by name. */
const maker = (services: ModelServices) => (name: string, params?: Record<string, unknown>) => createModel(name, params, services);

registerModel('pop', { create: (p) => new PopModel(p as PopParams), fromArtifact: PopModel.fromArtifact });
registerModel('ar', { create: (p) => new ArModel(p as ArParams), fromArtifact: ArModel.fromArtifact });
registerModel('sr', { create: (p) => new SrModel(p as SrParams), fromArtifact: SrModel.fromArtifact });
registerModel('sknn', { create: (p) => new SknnModel(p as SknnParams), fromArtifact: SknnModel.fromArtifact });
registerModel('vsknn', { create: (p) => new VsknnModel(p as VsknnParams), fromArtifact: VsknnModel.fromArtifact });
registerModel('stan', { create: (p) => new StanModel(p as StanParams), fromArtifact: StanModel.fromArtifact });
registerModel('vstan', { create: (p) => new VstanModel(p as VstanParams), fromArtifact: VstanModel.fromArtifact });
// GRU4Rec in TensorFlow.js (training on tfjs-node where it loads, else wasm/cpu; serving in plain JS)
registerModel('gru4rec', {
  create: (p, s) => new Gru4Rec(p as Partial<Gru4RecParams>, { tfBackend: s.tfBackend }),
  fromArtifact: (a) => Gru4Rec.fromArtifact(a),
});
// GRU4Rec trained with several seeds, scored by the mean logits (a blend member; see blend-gru4rec.ts)
registerModel('gru4rec-avg', {
  create: (p, s) => new Gru4RecSeedAverage({ seeds: [42, 7], ...(p as Partial<Gru4RecSeedAverageParams>) }, s),
  fromArtifact: (a) => Gru4RecSeedAverage.fromArtifact(a),
});
// a blend member (scores the items already in the session), not a recommender on its own
registerModel('remind', { create: (p) => new RemindModel(p as RemindParams), fromArtifact: RemindModel.fromArtifact });
// a blend member: calibrated probability that the next click repeats an item of the session (see repeat.ts)
registerModel('repeat', { create: (p) => new RepeatModel(p as RepeatParams), fromArtifact: RepeatModel.fromArtifact });
// VSTAN + reminders + SR + AR + other kNN, weights tuned on the last day of the training data inside fit()
registerModel('tuned', { create: (p, s) => new TunedModel(maker(s), p as TunedParams, s), fromArtifact: (a) => modelFromArtifact(a) });
// the weighted blend of the best kNN with SR/AR/reminders (and GRU4Rec when registered), tuned on the train tail
registerModel('blend', { create: (p, s) => new TunedModel(maker(s), p as TunedParams, s), fromArtifact: (a) => modelFromArtifact(a) });
// the tuned blend with GRU4Rec as an extra member (its score normalization and weight chosen on the train tail
// like the others). Trains GRU4Rec twice per seed (train minus its last day, then all of train): minutes, not
// seconds. `services.gru4recCache` reuses identical trainings; `services.log` follows the tuning.
registerModel('blend-gru4rec', {
  create: (p, s) =>
    new TunedModel(
      maker(s),
      { withGru4rec: BLEND_GRU4REC_MEMBER, lengthBuckets: BLEND_GRU4REC_LENGTH_BUCKETS, name: 'blend-gru4rec', ...(p as TunedParams) },
      s,
    ),
  fromArtifact: (a) => modelFromArtifact(a),
});
// the per-store pipeline's neural candidate: the tuned blend with a fast GRU4Rec member (typed kernels, one
// seed, a time limit; presets.ts STORE_GRU4REC), which the tuner weights 0 when it does not help on the tail
registerModel('blend-neural', {
  create: (p, s) => new TunedModel(maker(s), { withGru4rec: { ...STORE_GRU4REC }, name: 'blend-neural', excludeSession: true, ...(p as TunedParams) }, s),
  fromArtifact: (a) => modelFromArtifact(a),
});
// the per-store selection pipeline itself (validate on the training tail, keep the winner)
registerModel('best', {
  create: (p, s) => {
    const make = maker(s);
    return new BestModel(make, (data, opts) => validateCandidates(data, opts, make), { candidates: BEST_CANDIDATES, ...(p as BestParams) }, s.log);
  },
  fromArtifact: (a) => modelFromArtifact(a),
});
registerModel('ensemble', {
  create: () => {
    throw new Error('ensemble: build it with new EnsembleModel(members) (or use "tuned")');
  },
  fromArtifact: (a) => EnsembleModel.fromArtifact(a, modelFromArtifact),
});

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

export function createModel(name: BuiltinModelName | (string & {}), params?: Record<string, unknown>, services: ModelServices = {}): Recommender {
  return getModelFactory(name).create(params, services);
}

export function modelFromArtifact(a: ModelArtifact): Recommender | Promise<Recommender> {
  const f = getModelFactory(a.kind);
  if (!f.fromArtifact) throw new Error(`model "${a.kind}" cannot be restored from an artifact`);
  return f.fromArtifact(a);
}
