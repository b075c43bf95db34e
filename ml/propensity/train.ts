/**
 * Purchase propensity: trains and compares the two models on a shop's visits and writes
 * the report the admin shows.
 *
 * Protocol (time-based, like the model will be used: trained on the past, scoring new
 * visits):
 *   eligible visits (features.ts) sorted by start time
 *   ├── fit         the oldest 75% × 80%: both models are trained on it
 *   ├── validation  the next 75% × 20%: logistic L2 tuning, MLP early stopping, and the
 *   │               choice between the two models
 *   └── test        the most recent 25%: AUC and AUC-PR reported for both, never used to
 *                   choose anything
 *
 * Selection: the logistic regression unless the network's validation AUC-PR is better by
 * at least `mlpMargin` (relative, default 5%) without a worse validation AUC. The simpler
 * model wins ties because it is deterministic, explains itself (coefficients), needs no
 * TensorFlow to serve and, with a few dozen buyers in a validation window, small
 * differences are noise.
 *
 * Drivers (which early behaviors predict buying) come from a logistic regression refitted
 * on every eligible visit (same L2): a feature is reported when its coefficient (effect
 * holding the other features fixed) and its plain buy-rate lift point the same way, both
 * groups are large enough, and the effect is not negligible. The label states the plain
 * lift ("Visitors who search in their first 3 steps buy 2.4× as often as those who
 * don't (8.1% vs 3.4%)"). With fewer than `minPositives` buyers no model is trained and
 * no driver is claimed.
 */
import { buildFeatureMatrix, DEFAULT_K, type FeatureMatrix, type FeatureOptions, type SessionRecord } from './features';
import { fitLogistic, predictLogistic, type LogisticModel } from './logistic';
import { binaryMetrics, calibration, type CalibrationSummary } from './metrics';
import { findDrivers, type Driver } from './drivers';
import { fmt, pct } from './report-format';
import { fitMlp, type MlpModel, type MlpOptions } from './mlp';
import { predictMlp } from './mlp-predict';
import type { TfBackendName } from '../tf-backend';

/** 2: drivers carry `behavior` (a short headline) and `oddsRatio`. */
export const REPORT_VERSION = 2;

export interface PropensityOptions extends FeatureOptions {
  /** Share of the most recent eligible visits held out for the test (default 0.25). */
  testFraction?: number;
  /** Share of the remaining (training) visits used for validation (default 0.2). */
  validationFraction?: number;
  /** Fewer eligible buyers than this: no model, no drivers (default 30). */
  minPositives?: number;
  /** L2 strengths tried for the logistic regression (default [0.1, 1, 10, 100, 1000]). */
  l2Grid?: number[];
  /** Network options; `false` skips the network (logistic only). */
  mlp?: MlpOptions | false;
  /** Relative validation AUC-PR gain the network needs to be selected (default 0.05). */
  mlpMargin?: number;
  maxDrivers?: number;
  signal?: AbortSignal;
  /** Report timestamp (default now). */
  now?: Date;
}

export interface ModelScores {
  auc: number | null;
  aucPr: number | null;
}

export interface LogisticReport extends ModelScores {
  validation: ModelScores;
  l2: number;
  calibration: CalibrationSummary;
}

export interface MlpReport extends ModelScores {
  validation: ModelScores;
  backend: TfBackendName;
  epochs: number;
  bestEpoch: number;
  seconds: number;
  calibration: CalibrationSummary;
}

export type PropensityModel = LogisticModel | MlpModel;

export interface PropensityReport {
  version: number;
  status: 'ok' | 'insufficient_data';
  message: string;
  k: number;
  trainedAt: string;
  sessions: {
    total: number;
    eligible: number;
    excluded: FeatureMatrix['excluded'];
    fit: number;
    validation: number;
    test: number;
  };
  positives: { eligible: number; fit: number; validation: number; test: number };
  /** purchase rate of the eligible visits */
  baseRate: number | null;
  /** purchase rate in the test window (the AUC-PR of a random score) */
  testBaseRate: number | null;
  split: { validationFrom: string | null; testFrom: string | null; testTo: string | null };
  logistic: LogisticReport | null;
  mlp: MlpReport | null;
  /** a network that failed to train (the logistic result still stands) */
  mlpError?: string;
  selected: 'logistic' | 'mlp' | null;
  selectionReason: string;
  drivers: Driver[];
  features: string[];
  /** the selected model (plain JSON, scored by `predictPropensity`) */
  model: PropensityModel | null;
}

const num = (x: number): number | null => (Number.isFinite(x) ? x : null);

function scores(p: ArrayLike<number>, y: readonly number[]): ModelScores {
  const m = binaryMetrics(p, y);
  return { auc: num(m.auc), aucPr: num(m.aucPr) };
}

/** Probability to buy of each feature row under either model (plain JS). */
export function predictPropensity(model: PropensityModel, rows: readonly ArrayLike<number>[]): Float64Array {
  return model.kind === 'logistic' ? predictLogistic(model, rows) : predictMlp(model, rows);
}

/** Convenience: features + training from visits held in memory. */
export async function trainPropensityModel(sessions: Iterable<SessionRecord>, options: PropensityOptions = {}): Promise<PropensityReport> {
  return trainPropensityFromMatrix(buildFeatureMatrix(sessions, options), options);
}

type Part = { rows: Float64Array[]; labels: number[]; startedAt: number[] };

/** The eligible visits in time order (ties by id, so the split is deterministic), cut into fit, validation and test. */
function timeSplitMatrix(matrix: FeatureMatrix, options: PropensityOptions) {
  const idx = matrix.rows.map((_, i) => i).sort((a, b) => matrix.startedAt[a] - matrix.startedAt[b] || (matrix.ids[a] < matrix.ids[b] ? -1 : matrix.ids[a] > matrix.ids[b] ? 1 : 0));
  const n = idx.length;
  const nTest = Math.round(n * (options.testFraction ?? 0.25));
  const nPool = n - nTest;
  const nVal = Math.round(nPool * (options.validationFraction ?? 0.2));
  const nFit = nPool - nVal;
  const part = (from: number, to: number): Part => {
    const ids = idx.slice(from, to);
    return { rows: ids.map((i) => matrix.rows[i]), labels: ids.map((i) => matrix.labels[i]), startedAt: ids.map((i) => matrix.startedAt[i]) };
  };
  return { fit: part(0, nFit), val: part(nFit, nPool), test: part(nPool, n), all: () => part(0, n) };
}

function emptyReport(matrix: FeatureMatrix, k: number, now: Date): PropensityReport {
  const n = matrix.rows.length;
  const excludedTotal = Object.values(matrix.excluded).reduce((a, b) => a + b, 0);
  const positives = matrix.labels.reduce((a, b) => a + b, 0);
  return {
    version: REPORT_VERSION,
    status: 'insufficient_data',
    message: '',
    k,
    trainedAt: now.toISOString(),
    sessions: { total: n + excludedTotal, eligible: n, excluded: { ...matrix.excluded }, fit: 0, validation: 0, test: 0 },
    positives: { eligible: positives, fit: 0, validation: 0, test: 0 },
    baseRate: n ? positives / n : null,
    testBaseRate: null,
    split: { validationFrom: null, testFrom: null, testTo: null },
    logistic: null,
    mlp: null,
    selected: null,
    selectionReason: '',
    drivers: [],
    features: [...matrix.names],
    model: null,
  };
}

/** Sizes, purchases and dates of the three parts, into the report. */
function describeSplit(report: PropensityReport, fit: Part, val: Part, test: Part): void {
  const count = (y: number[]) => y.reduce((a, b) => a + b, 0);
  report.sessions.fit = fit.rows.length;
  report.sessions.validation = val.rows.length;
  report.sessions.test = test.rows.length;
  report.positives.fit = count(fit.labels);
  report.positives.validation = count(val.labels);
  report.positives.test = count(test.labels);
  report.testBaseRate = test.rows.length ? report.positives.test / test.rows.length : null;
  const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
  report.split = { validationFrom: iso(val.startedAt[0]), testFrom: iso(test.startedAt[0]), testTo: iso(test.startedAt[test.startedAt.length - 1]) };
}

/** Why no model is trained, or null when there are enough purchases in every part. */
function insufficientData(report: PropensityReport, k: number, minPositives: number): string | null {
  const n = report.sessions.eligible;
  const positives = report.positives.eligible;
  const splitPositives = Math.min(report.positives.fit, report.positives.validation, report.positives.test);
  if (!(positives < minPositives || splitPositives < 3 || positives === n)) return null;
  return positives < minPositives
    ? `Only ${positives} of ${n} visits that reached ${k} steps ended in a purchase (at least ${minPositives} are needed). Purchase propensity will be estimated once the store has more orders.`
    : positives === n
      ? 'Every eligible visit bought: there is nothing to tell apart.'
      : `The ${positives} purchases are too unevenly spread over time for a fair test (fit ${report.positives.fit}, validation ${report.positives.validation}, test ${report.positives.test}).`;
}

/** Logistic regression: L2 tuned on validation, scored on test. */
function trainLogistic(fit: Part, val: Part, test: Part, features: string[], options: PropensityOptions): { model: LogisticModel; val: ModelScores; report: LogisticReport } {
  const grid = options.l2Grid ?? [0.1, 1, 10, 100, 1000];
  let best: { model: LogisticModel; val: ModelScores } | null = null;
  for (const l2 of grid) {
    const model = fitLogistic(fit.rows, fit.labels, features, { l2 });
    const v = scores(predictLogistic(model, val.rows), val.labels);
    // ties go to the stronger penalty (grid order ascending, so >=)
    if (!best || (v.aucPr ?? -1) >= (best.val.aucPr ?? -1) - 1e-12) best = { model, val: v };
  }
  const pTest = predictLogistic(best!.model, test.rows);
  const report = { ...scores(pTest, test.labels), validation: best!.val, l2: best!.model.l2, calibration: calibration(pTest, test.labels) };
  return { ...best!, report };
}

/** The network, scored on validation and test; a failure to train is reported, not thrown (unless cancelled). */
async function trainNetwork(fit: Part, val: Part, test: Part, features: string[], options: PropensityOptions, report: PropensityReport): Promise<{ model: MlpModel; val: ModelScores } | null> {
  if (options.mlp === false) return null;
  try {
    const fitted = await fitMlp(fit, val, features, { ...(options.mlp || {}), signal: options.signal });
    const model = fitted.model;
    const mlpVal = scores(predictMlp(model, val.rows), val.labels);
    const pTest = predictMlp(model, test.rows);
    report.mlp = {
      ...scores(pTest, test.labels),
      validation: mlpVal,
      backend: fitted.backend,
      epochs: model.epochs,
      bestEpoch: model.bestEpoch,
      seconds: Math.round(fitted.seconds * 100) / 100,
      calibration: calibration(pTest, test.labels),
    };
    return { model, val: mlpVal };
  } catch (err) {
    if (options.signal?.aborted) throw err;
    report.mlpError = (err as Error).message;
    return null;
  }
}

/** Selection on validation only: the network needs a clear margin over the simpler model. */
function selectModel(report: PropensityReport, logistic: { model: LogisticModel; val: ModelScores }, mlp: { model: MlpModel; val: ModelScores } | null, options: PropensityOptions): void {
  const margin = options.mlpMargin ?? 0.05;
  const lv = logistic.val;
  const mlpVal = mlp?.val ?? null;
  if (mlp && mlpVal && mlpVal.aucPr !== null && lv.aucPr !== null && mlpVal.aucPr >= lv.aucPr * (1 + margin) && (mlpVal.auc ?? 0) >= (lv.auc ?? 0)) {
    report.selected = 'mlp';
    report.model = mlp.model;
    report.selectionReason = `The neural network ranked validation visits better (AUC-PR ${fmt(mlpVal.aucPr)} vs ${fmt(lv.aucPr)}, AUC ${fmt(mlpVal.auc)} vs ${fmt(lv.auc)}), by more than the ${Math.round(margin * 100)}% margin required over the simpler model.`;
    return;
  }
  report.selected = 'logistic';
  report.model = logistic.model;
  report.selectionReason = !mlp
    ? options.mlp === false
      ? 'Logistic regression only (the network was not trained).'
      : `Logistic regression (the network could not be trained: ${report.mlpError ?? 'unknown error'}).`
    : `Logistic regression: the neural network did not beat it on the validation visits by the ${Math.round(margin * 100)}% margin required (AUC-PR ${fmt(mlpVal?.aucPr ?? null)} vs ${fmt(lv.aucPr)}, AUC ${fmt(mlpVal?.auc ?? null)} vs ${fmt(lv.auc)}); the simpler model is deterministic and explains itself.`;
}

export async function trainPropensityFromMatrix(matrix: FeatureMatrix, options: PropensityOptions = {}): Promise<PropensityReport> {
  const k = options.k ?? DEFAULT_K;
  const features = [...matrix.names];
  const report = emptyReport(matrix, k, options.now ?? new Date());
  const { fit, val, test, all } = timeSplitMatrix(matrix, options);
  describeSplit(report, fit, val, test);
  const insufficient = insufficientData(report, k, options.minPositives ?? 30);
  if (insufficient !== null) {
    report.message = insufficient;
    return report;
  }

  const logistic = trainLogistic(fit, val, test, features, options);
  report.logistic = logistic.report;
  if (options.signal?.aborted) throw new Error('propensity training cancelled');
  const mlp = await trainNetwork(fit, val, test, features, options, report);
  selectModel(report, logistic, mlp, options);

  // drivers, from every eligible visit
  const every = all();
  const explain = fitLogistic(every.rows, every.labels, features, { l2: logistic.model.l2 });
  report.drivers = findDrivers(explain, every.rows, every.labels, k, options.maxDrivers ?? 6);

  report.status = 'ok';
  const sel = report.selected === 'mlp' ? report.mlp! : report.logistic!;
  report.message = `Trained on ${report.sessions.fit + report.sessions.validation} visits that reached ${k} steps, tested on the ${report.sessions.test} most recent (${report.positives.test} purchases, base rate ${pct(report.testBaseRate ?? 0)}): the ${report.selected === 'mlp' ? 'neural network' : 'logistic regression'} ranks a random buyer above a random non-buyer ${pct(sel.auc ?? 0)} of the time (AUC), with AUC-PR ${fmt(sel.aucPr)} against ${fmt(report.testBaseRate)} for random guessing.`;
  return report;
}
