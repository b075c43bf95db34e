/** Named parameter sets of the registry's models. */

export type BuiltinModelName = 'pop' | 'ar' | 'sr' | 'sknn' | 'vsknn' | 'stan' | 'vstan';

/**
 * Tuned parameters from session-rec's optimization tables, as used in
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

/**
 * Candidates of "best" (the eval CLI's selection): the ports, the tuned blend and the tuned blend with GRU4Rec.
 * `blend-gru4rec` makes "best" train GRU4Rec up to eight times (two seeds x: validation fit and its inner tuning
 * split, then the refit and its tuning split when it wins); the per-store pipeline (ml/validate-candidates.ts DEFAULT_CANDIDATES)
 * leaves it out.
 */
export const BEST_CANDIDATES = ['ar', 'sr', 'sknn', 'vsknn', 'stan', 'vstan', 'blend', 'blend-gru4rec'];

/**
 * GRU4Rec member of `blend-gru4rec`: two trainings (seeds 42 and 7, default parameters otherwise), logits averaged
 * (on the YooChoose validation tail: blend MRR@20 0.3849 vs 0.3845 with seed 42 alone; docs/BENCHMARKS.md).
 */
export const BLEND_GRU4REC_MEMBER = { seeds: [42, 7] };
/** `blend-gru4rec` refines its weights per session length: 1 item, 2-3 items, 4+ (chosen on validation, see the doc) */
export const BLEND_GRU4REC_LENGTH_BUCKETS = [1, 3];

/**
 * The neural member the per-store pipeline trains (candidate `blend-neural`: the tuned kNN blend plus this
 * GRU4Rec): one seed, on TensorFlow.js where its native or wasm backend loads and on the typed-array kernels
 * otherwise, 512 shared negatives and 5 epochs (on the YooChoose validation tail as good as 2,048 negatives, at
 * half the time; docs/BENCHMARKS.md), on the most recent 150,000 events at most, and no more epochs than fit in
 * 30 s. The pipeline trains it three times (the blend's tuning split, the validation fit, the refit), so a store
 * of any size spends at most about 90 s on it.
 */
export const STORE_GRU4REC = { engine: 'auto', nSample: 512, epochs: 5, maxTrainEvents: 150_000, maxSeconds: 30 } as const;
