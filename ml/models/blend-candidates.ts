/**
 * The blend's search space: which models may join the ensemble and the weights each may take.
 */
import type { Recommender } from './recommender';
import type { BlendCandidate } from '../eval/tune-blend';
import type { NormOptions, ScoreNorm } from './score-norm';
import type { Gru4RecParams } from './gru4rec-params';
import { CachedGru4Rec, Gru4RecSeedAverage } from './blend-gru4rec';
import type { ModelServices } from './services';

/**
 * Default blend search space: VSTAN (weight 1) plus reminders, SR variants, AR and the other kNN
 * methods, each weighted from a small grid.
 */
export function defaultBlendCandidates(
  make: (name: string, params?: Record<string, unknown>) => Recommender,
  opts: { gru4rec?: Gru4RecBlendParams | false; repeat?: boolean; services?: ModelServices } = {},
): BlendCandidate[] {
  const g = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1];
  return [
    { label: 'vstan', make: () => make('vstan'), grid: [1] },
    ...(opts.gru4rec ? gru4recCandidates(opts.gru4rec, opts.services) : []),
    { label: 'remind(lambda=1)', make: () => make('remind', { lambda: 1 }), grid: g },
    { label: 'remind(lambda=3,skipLast)', make: () => make('remind', { lambda: 3, skipLast: true }), grid: g },
    { label: 'sr', make: () => make('sr'), grid: g },
    { label: 'sr(steps=2,quadratic)', make: () => make('sr', { steps: 2, weighting: 'quadratic' }), grid: g },
    { label: 'ar', make: () => make('ar'), grid: g },
    { label: 'vsknn', make: () => make('vsknn'), grid: g },
    { label: 'stan', make: () => make('stan'), grid: g },
    { label: 'sknn', make: () => make('sknn'), grid: g },
    ...(!opts.repeat ? [] : [{ label: 'repeat', make: () => make('repeat'), grid: [0, 0.1, 0.2, 0.5, 1, 1.5, 2, 3], norm: 'none' as const }]),
  ];
}

/** GRU4Rec parameters of the blend member; `seeds` (2 or more) averages the logits of one training per seed. */
export interface Gru4RecBlendParams extends Partial<Gru4RecParams> {
  seeds?: number[];
}

/**
 * GRU4Rec as a blend member: one fitted model (fitKey 'gru4rec'), offered under several score
 * normalizations (group 'gru4rec'); the tuner keeps the one that blends best on validation.
 */
export function gru4recCandidates(params: Gru4RecBlendParams = {}, services: ModelServices = {}): BlendCandidate[] {
  const g = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3];
  const { seeds, ...rest } = params;
  const make = (): Recommender => (seeds && seeds.length > 1 ? new Gru4RecSeedAverage({ ...rest, seeds }, services) : new CachedGru4Rec(seeds?.length ? { ...rest, seed: seeds[0] } : rest, services));
  const norms: { label: string; norm: ScoreNorm; normOptions: NormOptions; grid?: number[] }[] = [
    { label: 'gru4rec(minmax@100)', norm: 'minmax', normOptions: { normDepth: 100 } },
    { label: 'gru4rec(softmax)', norm: 'softmax', normOptions: {} },
    { label: 'gru4rec(softmax,T=2)', norm: 'softmax', normOptions: { temperature: 2 } },
    { label: 'gru4rec(softmax,sum)', norm: 'softmax', normOptions: { softmaxScale: 'sum' }, grid: [0, 0.1, 0.2, 0.5, 1, 2, 3, 5, 8] },
    { label: 'gru4rec(rank,offset=5)', norm: 'rank', normOptions: { normDepth: 100, rankOffset: 5 } },
    { label: 'gru4rec(rank,offset=20)', norm: 'rank', normOptions: { normDepth: 100, rankOffset: 20 } },
  ];
  return norms.map((n) => ({ label: n.label, make, grid: n.grid ?? g, norm: n.norm, normOptions: n.normOptions, fitKey: 'gru4rec', group: 'gru4rec' }));
}
