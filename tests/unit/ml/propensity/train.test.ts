import { beforeAll, describe, expect, it } from 'vitest';
import { buildFeatureMatrix } from '../../../../ml/propensity/features';
import { FEATURE_NAMES } from '../../../../ml/propensity/feature-specs';
import { predictPropensity, trainPropensityFromMatrix, trainPropensityModel, type PropensityReport } from '../../../../ml/propensity/train';
import { rocAuc } from '../../../../ml/propensity/metrics';
import { simulatedSessions } from '../../../helpers/simulated-sessions';

describe('purchase propensity on a simulated store', () => {
  const { sessions } = simulatedSessions({ seed: 11, sessions: 5000, days: 30 });
  let report: PropensityReport;

  // trained once for every test below, so each can run alone or in any order
  beforeAll(async () => {
    report = await trainPropensityModel(sessions, { k: 3, now: new Date('2026-02-01T00:00:00Z') });
  });

  it('both models beat random on the most recent visits', () => {
    expect(report.status).toBe('ok');
    expect(report.k).toBe(3);
    expect(report.sessions.total).toBe(sessions.length);
    expect(report.sessions.eligible).toBe(report.sessions.fit + report.sessions.validation + report.sessions.test);
    expect(report.positives.eligible).toBeGreaterThanOrEqual(30);
    // low base rate: a few percent of all visits, under 15% of those that reach 3 steps
    expect(report.baseRate!).toBeGreaterThan(0.02);
    expect(report.baseRate!).toBeLessThan(0.15);
    // the split is by time: the test window is the most recent
    expect(new Date(report.split.testFrom!).getTime()).toBeGreaterThanOrEqual(new Date(report.split.validationFrom!).getTime());

    for (const m of [report.logistic!, report.mlp!]) {
      expect(m.auc!).toBeGreaterThan(0.6);
      expect(m.aucPr!).toBeGreaterThan(report.testBaseRate! * 1.5);
      expect(m.calibration.bins.length).toBeGreaterThan(0);
    }
    expect(['tensorflow', 'wasm', 'cpu']).toContain(report.mlp!.backend);
    expect(['logistic', 'mlp']).toContain(report.selected);
    expect(report.selectionReason.length).toBeGreaterThan(20);
    expect(report.message).toMatch(/AUC/);
  });

  it('names drivers in plain language, consistent with the data', () => {
    expect(report.drivers.length).toBeGreaterThan(0);
    const features = new Set(FEATURE_NAMES);
    for (const d of report.drivers) {
      expect(features.has(d.feature)).toBe(true);
      expect(d.label).toMatch(/^Visitors who .+ (buy [\d.]+× as often|are [\d.]+× less likely to buy)/);
      expect(d.direction === 'more_likely').toBe(d.rateWith > d.rateWithout);
      expect(Math.sign(d.coef)).toBe(d.direction === 'more_likely' ? 1 : -1);
      expect(d.sessionsWith + d.sessionsWithout).toBe(report.sessions.eligible);
      // a short headline for the admin list, and the odds ratio that goes with the rates
      expect(d.behaviour).toMatch(/^[A-Z]/);
      expect(d.behaviour).not.toMatch(/\{|Visitors who/);
      const odds = (r: number) => r / (1 - r);
      expect(d.oddsRatio).toBeCloseTo(odds(d.rateWith) / odds(d.rateWithout), 2);
      expect(d.oddsRatio > 1).toBe(d.direction === 'more_likely');
      // the odds ratio is further from 1 than the buy-rate ratio
      expect(Math.abs(Math.log(d.oddsRatio))).toBeGreaterThanOrEqual(Math.abs(Math.log(d.effect)) - 0.01);
    }
    expect(report.version).toBe(2);
    // in this store, adding to cart early is the clearest buying signal
    const cart = report.drivers.find((d) => d.feature === 'add_to_carts' || d.feature === 'cart_views' || d.feature === 'checkout_started');
    expect(cart?.direction).toBe('more_likely');
    expect(new Set(report.drivers.map((d) => d.label)).size).toBe(report.drivers.length);
  });

  it('stores a report that survives JSON and scores new visits with the selected model', () => {
    const json = JSON.parse(JSON.stringify(report)) as PropensityReport;
    expect(json).toEqual(report);
    const matrix = buildFeatureMatrix(sessions.slice(-800), { k: 3 });
    const p = predictPropensity(json.model!, matrix.rows);
    expect(p.every((v) => v > 0 && v < 1)).toBe(true);
    expect(rocAuc(p, matrix.labels)).toBeGreaterThan(0.6);
  });

  it('claims nothing when the store has too few purchases', async () => {
    const small = buildFeatureMatrix(sessions.slice(0, 400), { k: 3 });
    const r = await trainPropensityFromMatrix(small, { k: 3 });
    expect(r.positives.eligible).toBeLessThan(30);
    expect(r.status).toBe('insufficient_data');
    expect(r.message).toMatch(/at least 30 are needed/);
    expect(r.drivers).toEqual([]);
    expect(r.selected).toBeNull();
    expect(r.model).toBeNull();
    expect(r.logistic).toBeNull();
    expect(r.mlp).toBeNull();
  });
});
