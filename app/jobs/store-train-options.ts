/**
 * The options the production training job gives the per-store pipeline (ml/train.ts trainStore), apart
 * from what only a live job has (the live bundle, progress reporting, cancellation). The training job
 * (./train-job.ts) and the offline evaluation of that pipeline (`npm run eval -- --models store`,
 * app/cli/eval-store.ts) both build their options here, so the evaluation runs what production runs.
 */
import type { TrainOptions } from '../../ml/train';
import type { ModelServices } from '../../ml/models/services';
import { modelServices } from '../model-services';

/** What a caller of the training job may set (tests and tools; the queued job sets none of them). */
export type StoreTrainOverrides = Pick<TrainOptions, 'candidates' | 'maxValidationEvents' | 'minValidationEvents' | 'minComparisonEvents'>;

/**
 * trainStore's options as production sets them: the candidates, their parameters, the validation caps and
 * everything else are trainStore's defaults unless overridden; the models get this process's services.
 */
export function storeTrainOptions(overrides: StoreTrainOverrides = {}, services: ModelServices = modelServices()): TrainOptions {
  return {
    candidates: overrides.candidates,
    maxValidationEvents: overrides.maxValidationEvents,
    minValidationEvents: overrides.minValidationEvents,
    minComparisonEvents: overrides.minComparisonEvents,
    services,
  };
}
