/**
 * L2-regularised logistic regression in plain TypeScript, fitted by Newton's method.
 *
 * - Features are standardized with the training mean and standard deviation (constant
 *   columns get sd 1 and, under the penalty, a zero coefficient), so the L2 penalty treats
 *   every feature alike and the coefficients are comparable: each is the change in
 *   log-odds for one standard deviation more of its feature, other features held fixed.
 * - Objective: sum_i w_i · logloss_i + (l2 / 2) · ||beta||², the intercept not penalized.
 *   With a few dozen features the Hessian is tiny, so Newton steps (a Cholesky solve, with
 *   step halving when the objective does not fall) converge in about ten iterations to the
 *   exact optimum; no learning rate to tune.
 * - No class weighting by default (`positiveWeight` 1): AUC and AUC-PR depend only on the
 *   ranking, which a positive weight barely changes (it mostly moves the intercept), while
 *   unweighted fitting keeps the predicted probabilities calibrated, so "12% chance to buy"
 *   means about 12 in 100. The rare class is handled by the penalty instead (tuned on the
 *   validation split in train.ts).
 *
 * Pure; no dependencies.
 */

export interface LogisticModel {
  kind: 'logistic';
  features: string[];
  mean: number[];
  sd: number[];
  intercept: number;
  /** On standardized features, in `features` order. */
  coef: number[];
  l2: number;
  iterations: number;
  converged: boolean;
}

export interface LogisticOptions {
  /** L2 penalty strength (default 1). */
  l2?: number;
  /** Weight of positive examples (default 1: none, see the file comment). */
  positiveWeight?: number;
  maxIterations?: number;
  /** Stop when the largest Newton step component is below this (default 1e-8). */
  tolerance?: number;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** log(1 + e^z) without overflow */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function standardizer(rows: readonly ArrayLike<number>[], d: number): { mean: number[]; sd: number[] } {
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  const n = rows.length;
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j];
  for (let j = 0; j < d; j++) mean[j] = n ? mean[j] / n : 0;
  for (const r of rows) for (let j = 0; j < d; j++) sd[j] += (r[j] - mean[j]) ** 2;
  for (let j = 0; j < d; j++) {
    const s = n > 1 ? Math.sqrt(sd[j] / n) : 0;
    sd[j] = s > 1e-12 ? s : 1;
  }
  return { mean, sd };
}

/** Solves A x = b for symmetric positive-definite A (Cholesky); A is d×d row-major. */
function choleskySolve(A: Float64Array, b: Float64Array, d: number): Float64Array {
  const L = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * d + j];
      for (let t = 0; t < j; t++) s -= L[i * d + t] * L[j * d + t];
      if (i === j) {
        if (!(s > 0)) throw new Error('logistic: Hessian is not positive definite');
        L[i * d + i] = Math.sqrt(s);
      } else L[i * d + j] = s / L[j * d + j];
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let t = 0; t < i; t++) s -= L[i * d + t] * y[t];
    y[i] = s / L[i * d + i];
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i];
    for (let t = i + 1; t < d; t++) s -= L[t * d + i] * x[t];
    x[i] = s / L[i * d + i];
  }
  return x;
}

export function fitLogistic(
  rows: readonly ArrayLike<number>[],
  labels: readonly number[],
  features: readonly string[],
  options: LogisticOptions = {},
): LogisticModel {
  const n = rows.length;
  const d = features.length;
  if (labels.length !== n) throw new Error('logistic: rows and labels differ in length');
  const l2 = options.l2 ?? 1;
  if (!(l2 > 0)) throw new Error('logistic: l2 must be > 0');
  const wPos = options.positiveWeight ?? 1;
  const maxIt = options.maxIterations ?? 50;
  const tol = options.tolerance ?? 1e-8;
  const { mean, sd } = standardizer(rows, d);
  // Design matrix with a leading 1 column for the intercept (index 0).
  const p = d + 1;
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    X[i * p] = 1;
    for (let j = 0; j < d; j++) X[i * p + j + 1] = (rows[i][j] - mean[j]) / sd[j];
  }
  const y = labels.map((v) => (v > 0 ? 1 : 0));
  const w = y.map((v) => (v ? wPos : 1));
  const beta = new Float64Array(p);
  // Start the intercept at the weighted log-odds of the base rate.
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < n; i++) {
    sw += w[i];
    swy += w[i] * y[i];
  }
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, sw ? swy / sw : 0.5));
  beta[0] = Math.log(prior / (1 - prior));

  const objective = (b: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let j = 0; j < p; j++) z += X[i * p + j] * b[j];
      f += w[i] * (softplus(z) - y[i] * z);
    }
    for (let j = 1; j < p; j++) f += (l2 / 2) * b[j] * b[j];
    return f;
  };

  let f = objective(beta);
  let iterations = 0;
  let converged = false;
  const g = new Float64Array(p);
  const H = new Float64Array(p * p);
  while (iterations < maxIt) {
    iterations++;
    g.fill(0);
    H.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * p;
      let z = 0;
      for (let j = 0; j < p; j++) z += X[o + j] * beta[j];
      const mu = sigmoid(z);
      const r = w[i] * (mu - y[i]);
      const s = w[i] * mu * (1 - mu);
      for (let a = 0; a < p; a++) {
        const xa = X[o + a];
        if (xa === 0) continue;
        g[a] += r * xa;
        const sxa = s * xa;
        for (let b = 0; b <= a; b++) H[a * p + b] += sxa * X[o + b];
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) H[b * p + a] = H[a * p + b];
    for (let j = 1; j < p; j++) {
      g[j] += l2 * beta[j];
      H[j * p + j] += l2;
    }
    H[0] += 1e-9; // the intercept is unpenalized: keep the solve well-posed if all weights vanish
    const step = choleskySolve(H, g, p);
    let t = 1;
    let next = new Float64Array(p);
    let fNext = Infinity;
    for (let halvings = 0; halvings < 30; halvings++) {
      for (let j = 0; j < p; j++) next[j] = beta[j] - t * step[j];
      fNext = objective(next);
      if (fNext <= f + 1e-12 * Math.abs(f)) break;
      t /= 2;
    }
    if (!(fNext <= f + 1e-12 * Math.abs(f))) {
      converged = true; // no descent possible: at the optimum to machine precision
      break;
    }
    let maxStep = 0;
    for (let j = 0; j < p; j++) maxStep = Math.max(maxStep, Math.abs(t * step[j]));
    beta.set(next);
    f = fNext;
    next = new Float64Array(p);
    if (maxStep < tol) {
      converged = true;
      break;
    }
  }
  return {
    kind: 'logistic',
    features: [...features],
    mean,
    sd,
    intercept: beta[0],
    coef: Array.from(beta.subarray(1)),
    l2,
    iterations,
    converged,
  };
}

/** Linear score (log-odds) of one raw feature vector. */
export function logisticLogit(model: LogisticModel, x: ArrayLike<number>): number {
  let z = model.intercept;
  for (let j = 0; j < model.coef.length; j++) z += model.coef[j] * ((x[j] - model.mean[j]) / model.sd[j]);
  return z;
}

/** Probability to buy for each raw feature vector. */
export function predictLogistic(model: LogisticModel, rows: readonly ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = sigmoid(logisticLogit(model, rows[i]));
  return out;
}

export interface Coefficient {
  feature: string;
  /** log-odds per standard deviation of the feature */
  coef: number;
  /** e^coef: odds multiplier per standard deviation */
  oddsRatioPerSd: number;
}

/** Coefficients by feature name, largest |coef| first. */
export function logisticCoefficients(model: LogisticModel): Coefficient[] {
  return model.features
    .map((feature, j) => ({ feature, coef: model.coef[j], oddsRatioPerSd: Math.exp(model.coef[j]) }))
    .sort((a, b) => Math.abs(b.coef) - Math.abs(a.coef));
}
