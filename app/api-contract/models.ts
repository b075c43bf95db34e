/**
 * GET /api/models: the recommendation model versions, live training and the last training job;
 * POST /api/models/:version/activate, /retrain and /cancel.
 */
import { z } from 'zod';

export const modelVersionSchema = z.strictObject({
  id: z.number(),
  version: z.number(),
  kind: z.string(),
  status: z.string(),
  metrics: z.record(z.string(), z.unknown()),
  baseline: z.record(z.string(), z.unknown()),
  note: z.string().nullable(),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
  /** champion/challenger: why this version went live or not */
  decision: z.string().nullable(),
  /** a replaced or challenger version that can be put live (rollback) */
  canActivate: z.boolean(),
});
export type ModelVersion = z.infer<typeof modelVersionSchema>;

/** A training in progress (models and purchase propensity alike). */
export const trainingSchema = z.strictObject({
  jobId: z.number(),
  status: z.string(),
  progress: z.number(),
  message: z.string(),
  startedAt: z.string().nullable(),
});
export type Training = z.infer<typeof trainingSchema>;

export const modelsAnswerSchema = z.strictObject({
  active: modelVersionSchema.nullable(),
  history: z.array(modelVersionSchema),
  training: trainingSchema.nullable(),
  lastJob: z.strictObject({ id: z.number(), status: z.string(), error: z.string().nullable(), finishedAt: z.string().nullable() }).nullable(),
});
export type ModelsAnswer = z.infer<typeof modelsAnswerSchema>;

/** POST /api/models/:version/activate: the live version, and whether this call changed it. */
export const modelActivateAnswerSchema = z.strictObject({ active: z.number(), changed: z.boolean() });
export type ModelActivateAnswer = z.infer<typeof modelActivateAnswerSchema>;

/** POST /api/models/retrain: 202, the queued training job. */
export const modelRetrainAnswerSchema = z.strictObject({ jobId: z.number() });
export type ModelRetrainAnswer = z.infer<typeof modelRetrainAnswerSchema>;

/** POST /api/models/cancel: a running or queued training was cancelled (404 when there was none). */
export const modelCancelAnswerSchema = z.strictObject({ cancelled: z.literal(true) });
export type ModelCancelAnswer = z.infer<typeof modelCancelAnswerSchema>;
