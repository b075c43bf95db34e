/**
 * Drivers: which early behaviors predict buying, for the merchant. From a logistic regression refitted on
 * every eligible visit: a feature is reported when its coefficient (effect holding the other features fixed)
 * and its plain buy-rate lift point the same way, both groups are large enough, and the effect is not
 * negligible. The label states the plain lift ("Visitors who search in their first 3 steps buy 2.4× as
 * often as those who don't (8.1% vs 3.4%)").
 */
import { FEATURES, featureBehavior, featureLabel } from './feature-specs';
import { logisticCoefficients, type LogisticModel } from './logistic';
import { pct } from './report-format';

export interface Driver {
  feature: string;
  /** buy-rate lift: rate of visits with the behavior / rate of those without */
  effect: number;
  direction: 'more_likely' | 'less_likely';
  /** plain-language sentence for the merchant */
  label: string;
  /** the behavior alone, a short headline for a list ("Viewed 3+ products in the first 3 steps") */
  behaviour: string;
  /** odds of buying with the behavior / odds without (plain, unadjusted; 999 when none without buy) */
  oddsRatio: number;
  /** logistic coefficient on the standardized feature (log-odds per standard deviation) */
  coef: number;
  rateWith: number;
  rateWithout: number;
  sessionsWith: number;
  sessionsWithout: number;
  /** what "with" means: "yes" (flags, one-hots), "> 0" (any), "> 2" (above the median, raw units) */
  condition: string;
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
    // "with" = has the behavior (binary, or any of a count), else above the median
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
      behaviour: featureBehavior(c.feature, k, above),
      oddsRatio: Number.isFinite(odds) ? Math.round(odds * 100) / 100 : odds,
      coef: Math.round(c.coef * 1000) / 1000,
      rateWith,
      rateWithout,
      sessionsWith: nWith,
      sessionsWithout: nWithout,
      condition,
    });
  }
  // JSON has no Infinity: cap it (a behavior with no buyers without it)
  for (const d of out) {
    if (!Number.isFinite(d.effect)) d.effect = 999;
    if (!Number.isFinite(d.oddsRatio)) d.oddsRatio = 999;
  }
  return out;
}

function driverSentence(behavior: string, aboveMedian: boolean, rateWith: number, rateWithout: number, lift: number): string {
  const who = `Visitors who ${behavior}`;
  const rates = `(${pct(rateWith)} vs ${pct(rateWithout)})`;
  const others = aboveMedian ? 'the others' : 'those who don’t';
  if (!Number.isFinite(lift)) return `${who}: ${pct(rateWith)} of them buy, against none of ${others}.`;
  if (lift >= 1) return `${who} buy ${lift.toFixed(1)}× as often as ${others} ${rates}.`;
  return `${who} are ${(1 / lift).toFixed(1)}× less likely to buy than ${others} ${rates}.`;
}
