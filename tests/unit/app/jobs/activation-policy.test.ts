import { describe, expect, it } from 'vitest';
import { ACTIVATION_MARGIN, CATALOG_CHANGE_SHARE, decideActivation, LIVE_MAX_AGE_DAYS } from '../../../../app/jobs/activation-policy';

const NOW = new Date('2025-06-01T00:00:00Z');
const metrics = (mrr20: number, hr20 = 0.5) => ({ model: 'vstan', mrr20, hr20, ndcg20: 0, coverage: 0, popularityBias: 0, trainSeconds: 0, predictMsP50: 0, predictMsP99: 0 });
const sound = { session: { kind: 'vstan', version: 1, params: {}, state: {} }, fbt: null, popular: ['1', '2', '3'] };
const result = (over: Partial<Parameters<typeof decideActivation>[0]> = {}): Parameters<typeof decideActivation>[0] => ({
  validated: true,
  metrics: metrics(0.3),
  comparison: { events: 500, sessions: 100, challenger: { mrr20: 0.3, hr20: 0.6 }, live: { mrr20: 0.25, hr20: 0.55 }, newItemShare: 0 },
  comparisonNote: null,
  liveNewItemShare: 0,
  bundle: sound,
  ...over,
});
const live = { version: 4, since: new Date(NOW.getTime() - 86_400_000), validated: true };

describe('champion/challenger policy', () => {
  it('a better model by the margin goes live; one within the margin stays a challenger', () => {
    expect(decideActivation(result(), live, NOW).status).toBe('active');
    const close = result({ comparison: { ...result().comparison!, challenger: { mrr20: 0.25 * (1 + ACTIVATION_MARGIN / 2), hr20: 0.6 } } });
    const d = decideActivation(close, live, NOW);
    expect(d.status).toBe('challenger');
    expect(d.reason).toMatch(/must be 2% better.*live version 4 stays/);
  });

  it('NaN metrics or scores never go live, even with no live model', () => {
    for (const r of [result({ metrics: metrics(Number.NaN) }), result({ comparison: { ...result().comparison!, challenger: { mrr20: Number.NaN, hr20: 0.1 } } })]) {
      expect(decideActivation(r, live, NOW)).toMatchObject({ status: 'rejected' });
      expect(decideActivation(r, null, NOW).reason).toMatch(/NaN.*no model is live yet/);
    }
  });

  it('a bundle with nothing to recommend is rejected; with no live model a sound one goes live', () => {
    const empty = result({ bundle: { session: null, fbt: null, popular: ['1'] }, metrics: null, validated: false, comparison: null });
    expect(decideActivation(empty, null, NOW).status).toBe('rejected');
    expect(decideActivation(result({ comparison: null }), null, NOW).status).toBe('active');
  });

  it('a stale live model (old, or a changed catalog) is replaced, but not by an unvalidated guess', () => {
    const old = { ...live, since: new Date(NOW.getTime() - (LIVE_MAX_AGE_DAYS + 1) * 86_400_000) };
    const worse = result({ comparison: { ...result().comparison!, challenger: { mrr20: 0.1, hr20: 0.2 } } });
    expect(decideActivation(worse, old, NOW).status).toBe('active');
    expect(decideActivation(worse, live, NOW).status).toBe('challenger');
    expect(decideActivation({ ...worse, liveNewItemShare: CATALOG_CHANGE_SHARE + 0.1 }, live, NOW).status).toBe('active');
    const guess = result({ validated: false, metrics: null, comparison: null, comparisonNote: 'could not be validated' });
    expect(decideActivation(guess, old, NOW).status).toBe('challenger');
  });

  it('a live model that must go (redaction) is replaced by any sound model, never by a broken one', () => {
    const worse = result({ comparison: { ...result().comparison!, challenger: { mrr20: 0.1, hr20: 0.2 } } });
    const d = decideActivation(worse, live, NOW, 'it held a redacted customer');
    expect(d).toMatchObject({ status: 'active' });
    expect(d.reason).toMatch(/live version 4 had to be replaced \(it held a redacted customer\)/);
    expect(decideActivation(result({ metrics: metrics(Number.NaN) }), live, NOW, 'it held a redacted customer').status).toBe('rejected');
  });
});
