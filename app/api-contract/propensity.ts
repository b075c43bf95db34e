/**
 * GET /api/propensity and POST /api/propensity/train. The report is what
 * ml/propensity/train.ts computes, without the fitted model (ml/ cannot import this
 * module, so app/jobs/propensity-job.ts asserts at compile time that the two agree).
 */
import { z } from 'zod';
import { trainingSchema } from './models';

const scoresShape = { auc: z.number().nullable(), aucPr: z.number().nullable() };
export const modelScoresSchema = z.strictObject(scoresShape);

export const calibrationSchema = z.strictObject({
  brier: z.number(),
  logLoss: z.number(),
  meanPredicted: z.number(),
  observedRate: z.number(),
  bins: z.array(z.strictObject({ from: z.number(), to: z.number(), count: z.number(), meanPredicted: z.number(), observedRate: z.number() })),
});

export const propensityDriverSchema = z.strictObject({
  feature: z.string(),
  /** buy-rate lift: rate with the behavior / rate without (999: no buyer without it) */
  effect: z.number(),
  direction: z.enum(['more_likely', 'less_likely']),
  /** the whole sentence ("Visitors who … buy 2.4× as often as …") */
  label: z.string(),
  /** short headline ("Viewed 3+ products in the first 3 steps"); absent in reports before version 2 */
  behaviour: z.string().optional(),
  /** odds with / odds without; absent in reports before version 2 */
  oddsRatio: z.number().optional(),
  /** logistic coefficient on the standardized feature */
  coef: z.number(),
  rateWith: z.number(),
  rateWithout: z.number(),
  sessionsWith: z.number(),
  sessionsWithout: z.number(),
  /** what "with" means: "yes", "> 0", "> 2" (raw units) */
  condition: z.string(),
});
export type PropensityDriver = z.infer<typeof propensityDriverSchema>;

const split4 = { fit: z.number(), validation: z.number(), test: z.number() };

export const propensityReportSchema = z.strictObject({
  version: z.number(),
  status: z.enum(['ok', 'insufficient_data']),
  message: z.string(),
  k: z.number(),
  trainedAt: z.string(),
  sessions: z.strictObject({ total: z.number(), eligible: z.number(), excluded: z.record(z.string(), z.number()), ...split4 }),
  positives: z.strictObject({ eligible: z.number(), ...split4 }),
  /** purchase rate of the eligible visits */
  baseRate: z.number().nullable(),
  /** purchase rate in the test window (the AUC-PR of a random score) */
  testBaseRate: z.number().nullable(),
  split: z.strictObject({ validationFrom: z.string().nullable(), testFrom: z.string().nullable(), testTo: z.string().nullable() }),
  logistic: z.strictObject({ ...scoresShape, validation: modelScoresSchema, l2: z.number(), calibration: calibrationSchema }).nullable(),
  mlp: z
    .strictObject({
      ...scoresShape,
      validation: modelScoresSchema,
      backend: z.string(),
      epochs: z.number(),
      bestEpoch: z.number(),
      seconds: z.number(),
      calibration: calibrationSchema,
    })
    .nullable(),
  /** a network that failed to train (the logistic result still stands) */
  mlpError: z.string().optional(),
  selected: z.enum(['logistic', 'mlp']).nullable(),
  selectionReason: z.string(),
  drivers: z.array(propensityDriverSchema),
  features: z.array(z.string()),
  /** the fitted model, only with `?model=1` */
  model: z.unknown().optional(),
});
export type PropensityReport = z.infer<typeof propensityReportSchema>;

export const propensityLastErrorSchema = z.strictObject({ jobId: z.number(), error: z.string().nullable(), finishedAt: z.string().nullable() });
export type PropensityLastError = z.infer<typeof propensityLastErrorSchema>;

export const propensityAnswerSchema = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('ready'),
    jobId: z.number(),
    finishedAt: z.string().nullable(),
    report: propensityReportSchema,
    training: trainingSchema.nullable(),
    lastError: propensityLastErrorSchema.nullable(),
  }),
  z.strictObject({ status: z.literal('not_trained'), message: z.string(), training: trainingSchema.nullable(), lastError: propensityLastErrorSchema.nullable() }),
]);
export type PropensityAnswer = z.infer<typeof propensityAnswerSchema>;

/** POST /api/propensity/train: 202, queued as a job (never trained on the web process); poll GET. */
export const propensityTrainAnswerSchema = z.strictObject({ status: z.literal('training'), jobId: z.number() });
export type PropensityTrainAnswer = z.infer<typeof propensityTrainAnswerSchema>;
