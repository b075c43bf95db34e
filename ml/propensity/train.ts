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
 * Drivers (which early behaviours predict buying) come from a logistic regression refitted
 * on every eligible visit (same L2): a feature is reported when its coefficient (effect
 * holding the other features fixed) and its plain buy-rate lift point the same way, both
 * groups are large enough, and the effect is not negligible. The label states the plain
 * lift ("Visitors who search in their first 3 steps buy 2.4× as often as those who
 * don't (8.1% vs 3.4%)"). With fewer than `minPositives` buyers no model is trained and
 * no driver is claimed.
 */
import { buildFeatureMatrix, DEFAULT_K, FEATURES, featureBehaviour, featureLabel, type FeatureMatrix, type FeatureOptions, type SessionRecord } from './features';
import { fitLogistic, logisticCoefficients, predictLogistic, type LogisticModel } from './logistic';
import { binaryMetrics, calibration, type CalibrationSummary } from './metrics';
import { fitMlp, predictMlp, type MlpModel, type MlpOptions } from './mlp';
import type { TfBackendName } from '../tf-backend';

/** 2: drivers carry `behaviour` (a short headline) and `oddsRatio`. */
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

export interface Driver {
  feature: string;
  /** buy-rate lift: rate of visits with the behaviour / rate of those without */
  effect: number;
  direction: 'more_likely' | 'less_likely';
  /** plain-language sentence for the merchant */
  label: string;
  /** the behaviour alone, a short headline for a list ("Viewed 3+ products in the first 3 steps") */
  behaviour: string;
  /** odds of buying with the behaviour / odds without (plain, unadjusted; 999 when none without buy) */
  oddsRatio: number;
  /** logistic coefficient on the standardised feature (log-odds per standard deviation) */
  coef: number;
  rateWith: number;
  rateWithout: number;
  sessionsWith: number;
  sessionsWithout: number;
  /** what "with" means: "yes" (flags, one-hots), "> 0" (any), "> 2" (above the median, raw units) */
  condition: string;
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

export async function trainPropensityFromMatrix(matrix: FeatureMatrix, options: PropensityOptions = {}): Promise<PropensityReport> {
  const k = options.k ?? DEFAULT_K;
  const minPositives = options.minPositives ?? 30;
  const now = options.now ?? new Date();
  const features = [...matrix.names];
  const excludedTotal = Object.values(matrix.excluded).reduce((a, b) => a + b, 0);

  // time order (ties by id, so the split is deterministic)
  const idx = matrix.rows.map((_, i) => i).sort((a, b) => matrix.startedAt[a] - matrix.startedAt[b] || (matrix.ids[a] < matrix.ids[b] ? -1 : matrix.ids[a] > matrix.ids[b] ? 1 : 0));
  const n = idx.length;
  const positives = matrix.labels.reduce((a, b) => a + b, 0);
  const report: PropensityReport = {
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
    features,
    model: null,
  };

  const nTest = Math.round(n * (options.testFraction ?? 0.25));
  const nPool = n - nTest;
  const nVal = Math.round(nPool * (options.validationFraction ?? 0.2));
  const nFit = nPool - nVal;
  const part = (from: number, to: number) => {
    const ids = idx.slice(from, to);
    return { rows: ids.map((i) => matrix.rows[i]), labels: ids.map((i) => matrix.labels[i]), startedAt: ids.map((i) => matrix.startedAt[i]) };
  };
  const fit = part(0, nFit);
  const val = part(nFit, nPool);
  const test = part(nPool, n);
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

  const splitPositives = Math.min(report.positives.fit, report.positives.validation, report.positives.test);
  if (positives < minPositives || splitPositives < 3 || positives === n) {
    report.message =
      positives < minPositives
        ? `Only ${positives} of ${n} visits that reached ${k} steps ended in a purchase (at least ${minPositives} are needed). Purchase propensity will be estimated once the store has more orders.`
        : positives === n
          ? 'Every eligible visit bought: there is nothing to tell apart.'
          : `The ${positives} purchases are too unevenly spread over time for a fair test (fit ${report.positives.fit}, validation ${report.positives.validation}, test ${report.positives.test}).`;
    return report;
  }

  // --- logistic regression: L2 tuned on validation, scored on test
  const grid = options.l2Grid ?? [0.1, 1, 10, 100, 1000];
  let bestLogistic: { model: LogisticModel; val: ModelScores } | null = null;
  for (const l2 of grid) {
    const model = fitLogistic(fit.rows, fit.labels, features, { l2 });
    const v = scores(predictLogistic(model, val.rows), val.labels);
    // ties go to the stronger penalty (grid order ascending, so >=)
    if (!bestLogistic || (v.aucPr ?? -1) >= (bestLogistic.val.aucPr ?? -1) - 1e-12) bestLogistic = { model, val: v };
  }
  const logisticModel = bestLogistic!.model;
  const pLogTest = predictLogistic(logisticModel, test.rows);
  report.logistic = {
    ...scores(pLogTest, test.labels),
    validation: bestLogistic!.val,
    l2: logisticModel.l2,
    calibration: calibration(pLogTest, test.labels),
  };
  if (options.signal?.aborted) throw new Error('propensity training cancelled');

  // --- network
  let mlpModel: MlpModel | null = null;
  let mlpVal: ModelScores | null = null;
  if (options.mlp !== false) {
    try {
      const fitted = await fitMlp(fit, val, features, { ...(options.mlp || {}), signal: options.signal });
      mlpModel = fitted.model;
      mlpVal = scores(predictMlp(mlpModel, val.rows), val.labels);
      const pMlpTest = predictMlp(mlpModel, test.rows);
      report.mlp = {
        ...scores(pMlpTest, test.labels),
        validation: mlpVal,
        backend: fitted.backend,
        epochs: fitted.model.epochs,
        bestEpoch: fitted.model.bestEpoch,
        seconds: Math.round(fitted.seconds * 100) / 100,
        calibration: calibration(pMlpTest, test.labels),
      };
    } catch (err) {
      if (options.signal?.aborted) throw err;
      report.mlpError = (err as Error).message;
    }
  }

  // --- selection on validation only
  const margin = options.mlpMargin ?? 0.05;
  const lv = bestLogistic!.val;
  if (mlpModel && mlpVal && mlpVal.aucPr !== null && lv.aucPr !== null && mlpVal.aucPr >= lv.aucPr * (1 + margin) && (mlpVal.auc ?? 0) >= (lv.auc ?? 0)) {
    report.selected = 'mlp';
    report.model = mlpModel;
    report.selectionReason = `The neural network ranked validation visits better (AUC-PR ${fmt(mlpVal.aucPr)} vs ${fmt(lv.aucPr)}, AUC ${fmt(mlpVal.auc)} vs ${fmt(lv.auc)}), by more than the ${Math.round(margin * 100)}% margin required over the simpler model.`;
  } else {
    report.selected = 'logistic';
    report.model = logisticModel;
    report.selectionReason = !mlpModel
      ? options.mlp === false
        ? 'Logistic regression only (the network was not trained).'
        : `Logistic regression (the network could not be trained: ${report.mlpError ?? 'unknown error'}).`
      : `Logistic regression: the neural network did not beat it on the validation visits by the ${Math.round(margin * 100)}% margin required (AUC-PR ${fmt(mlpVal?.aucPr ?? null)} vs ${fmt(lv.aucPr)}, AUC ${fmt(mlpVal?.auc ?? null)} vs ${fmt(lv.auc)}); the simpler model is deterministic and explains itself.`;
  }

  // --- drivers, from every eligible visit
  const all = part(0, n);
  const explain = fitLogistic(all.rows, all.labels, features, { l2: logisticModel.l2 });
  report.drivers = findDrivers(explain, all.rows, all.labels, k, options.maxDrivers ?? 6);

  report.status = 'ok';
  const sel = report.selected === 'mlp' ? report.mlp! : report.logistic!;
  report.message = `Trained on ${report.sessions.fit + report.sessions.validation} visits that reached ${k} steps, tested on the ${report.sessions.test} most recent (${report.positives.test} purchases, base rate ${pct(report.testBaseRate ?? 0)}): the ${report.selected === 'mlp' ? 'neural network' : 'logistic regression'} ranks a random buyer above a random non-buyer ${pct(sel.auc ?? 0)} of the time (AUC), with AUC-PR ${fmt(sel.aucPr)} against ${fmt(report.testBaseRate)} for random guessing.`;
  return report;
}

function fmt(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(3);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : 0;
}


export function findDrivers(model: LogisticModel, rows: readonly ArrayLike<number>[], labels: readonly number[], k: number, max: number): Driver[] {
  const features = model.features;
  const n = rows.length;
  const minGroup = Math.max(20, Math.round(n * 0.02));
  const out: Driver[] = [];
  for (const c of logisticCoefficients(model)) {
    if (out.length >= max) break;
    if (Math.abs(c.coef) < 0.05) break; // sorted by |coef|: the rest are smaller
    const j = features.indexOf(c.feature);
    const spec = FEATURES.find((f) => f.name === c.feature);
    if (j < 0 || !spec) continue;
    const col = rows.map((r) => r[j]);
    // "with" = has the behaviour (binary, or any of a count), else above the median
    let threshold = 0.5;
    let above: number | undefined;
    let condition = 'yes';
    if (spec.kind === 'count' || spec.kind === 'seconds' || spec.kind === 'price') {
      const med = median(col);
      threshold = med > 0 ? med : 0;
      above = med > 0 ? Math.expm1(med) : undefined;
      condition = above === undefined ? '> 0' : `> ${Math.round(above * 10) / 10}`;
    }
    let nWith = 0;
    let pWith = 0;
    let pWithout = 0;
    for (let i = 0; i < n; i++) {
      if (col[i] > threshold) {
        nWith++;
        pWith += labels[i] > 0 ? 1 : 0;
      } else pWithout += labels[i] > 0 ? 1 : 0;
    }
    const nWithout = n - nWith;
    if (nWith < minGroup || nWithout < minGroup) continue;
    if (Math.max(pWith, pWithout) < 5) continue;
    const rateWith = pWith / nWith;
    const rateWithout = pWithout / nWithout;
    if (rateWith === rateWithout) continue;
    const direction = rateWith > rateWithout ? 'more_likely' : 'less_likely';
    // the plain lift must agree with the adjusted effect, or the sentence would mislead
    if ((c.coef > 0) !== (direction === 'more_likely')) continue;
    const lift = rateWithout > 0 ? rateWith / rateWithout : Infinity;
    const label = driverSentence(featureLabel(c.feature, k, above), above !== undefined, rateWith, rateWithout, lift);
    const oddsWith = rateWith < 1 ? rateWith / (1 - rateWith) : Infinity;
    const oddsWithout = rateWithout < 1 ? rateWithout / (1 - rateWithout) : Infinity;
    const odds = oddsWithout > 0 && Number.isFinite(oddsWithout) ? oddsWith / oddsWithout : rateWithout === 0 ? Infinity : 0;
    // two features can split the visits identically (e.g. "any add to cart" and "any cart value")
    if (out.some((d) => d.label === label || (d.sessionsWith === nWith && d.rateWith === rateWith))) continue;
    out.push({
      feature: c.feature,
      effect: Number.isFinite(lift) ? Math.round(lift * 100) / 100 : lift,
      direction,
      label,
      behaviour: featureBehaviour(c.feature, k, above),
      oddsRatio: Number.isFinite(odds) ? Math.round(odds * 100) / 100 : odds,
      coef: Math.round(c.coef * 1000) / 1000,
      rateWith,
      rateWithout,
      sessionsWith: nWith,
      sessionsWithout: nWithout,
      condition,
    });
  }
  // JSON has no Infinity: cap it (a behaviour with no buyers without it)
  for (const d of out) {
    if (!Number.isFinite(d.effect)) d.effect = 999;
    if (!Number.isFinite(d.oddsRatio)) d.oddsRatio = 999;
  }
  return out;
}

function driverSentence(behaviour: string, aboveMedian: boolean, rateWith: number, rateWithout: number, lift: number): string {
  const who = `Visitors who ${behaviour}`;
  const rates = `(${pct(rateWith)} vs ${pct(rateWithout)})`;
  const others = aboveMedian ? 'the others' : 'those who don’t';
  if (!Number.isFinite(lift)) return `${who}: ${pct(rateWith)} of them buy, against none of ${others}.`;
  if (lift >= 1) return `${who} buy ${lift.toFixed(1)}× as often as ${others} ${rates}.`;
  return `${who} are ${(1 / lift).toFixed(1)}× less likely to buy than ${others} ${rates}.`;
}
