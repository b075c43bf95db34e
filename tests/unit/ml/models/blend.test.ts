import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Session, SessionDataset } from '../../../../ml/data/session-dataset';
import { evaluateSessions } from '../../../../ml/eval/evaluate';
import { blendMetrics, collectLists } from '../../../../ml/eval/blend-lists';
import { tuneBlend, type BlendCandidate } from '../../../../ml/eval/tune-blend';
import { validationEvents, validationSplit } from '../../../../ml/eval/validation-tail';
import { TunedModel } from '../../../../ml/models/tuned';
import { EnsembleModel } from '../../../../ml/models/ensemble';
import { normalizeScores } from '../../../../ml/models/score-norm';
import { directoryTrainingCache } from '../../../../app/model-services';
import { CachedGru4Rec, datasetFingerprint } from '../../../../ml/models/blend-gru4rec';
import { createModel, modelFromArtifact } from '../../../../ml/models/registry';
import { BEST_CANDIDATES } from '../../../../ml/models/presets';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from '../../../../ml/models/recommender';
import { topIndices, topK } from '../../../../ml/models/top-k';

const DAY = 86400;
const N = 30;

/**
 * Toy store where two signals are complementary: at odd positions the next item is "last item + 1"
 * (a sequential pattern, unseen by reminders); at even positions the shopper goes back to the session's
 * first item half of the time (a reminder, invisible to a "last + 1" model) and moves on otherwise.
 * Sessions are spread over 5 days.
 */
function store(nSessions = 500, seed = 11): SessionDataset {
  let x = seed;
  const rnd = () => (x = (x * 48271) % 2147483647) / 2147483647;
  const sessions: Session[] = [];
  for (let s = 0; s < nSessions; s++) {
    const t0 = (s / nSessions) * 5 * DAY;
    const first = Math.floor(rnd() * N);
    const items = [first];
    let cur = first;
    for (let j = 1; j < 6; j++) {
      if (j % 2 === 1) cur = (cur + 1) % N;
      else cur = rnd() < 0.5 ? first : (cur + 1) % N;
      items.push(cur);
    }
    sessions.push({ id: String(s + 1), events: items.map((item, j) => ({ item, time: t0 + j * 30, kind: 'view' as const })) });
  }
  return { sessions, itemIds: Array.from({ length: N }, (_, i) => `p${i}`) };
}

/**
 * A toy "neural" member with GRU4Rec-like outputs: logits of any sign (the likely next item, last + 1,
 * gets -1, every other item about -6), so dividing by the request maximum would be meaningless.
 */
class NextLogits implements Recommender {
  readonly name = 'next-logits';
  private n = 0;
  fit(data: SessionDataset): void {
    this.n = data.itemIds.length;
  }
  scoreAll(ctx: RecommendContext): Float64Array {
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = -6 - i * 1e-3;
    if (ctx.items.length) out[(ctx.items[ctx.items.length - 1] + 1) % this.n] = -1;
    return out;
  }
  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    const v = normalizeScores(this.scoreAll(ctx), 'softmax');
    return topK(v, k, exclude);
  }
  toArtifact(): ModelArtifact {
    return { kind: 'next-logits', version: 1, params: {}, state: { n: this.n } };
  }
}

describe('score normalization', () => {
  const s = [-3, 2, 0.5, -1, 2];
  it('max ignores non-positive scores', () => {
    expect(Array.from(normalizeScores(s, 'max'))).toEqual([0, 1, 0.25, 0, 1]);
    expect(Array.from(normalizeScores([-2, -1], 'max'))).toEqual([0, 0]);
  });
  it('minmax, softmax and rank map logits of any sign into (0, 1] with the best item at 1', () => {
    for (const mode of ['minmax', 'softmax', 'rank'] as const) {
      const v = normalizeScores(s, mode, { normDepth: 4 });
      expect(v[1]).toBe(1);
      expect(Math.max(...v)).toBe(1);
      expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
      // order preserved where defined
      expect(v[2]).toBeGreaterThan(v[3]);
    }
    // minmax / rank keep only the top normDepth items
    expect(normalizeScores(s, 'minmax', { normDepth: 4 })[0]).toBe(0);
    expect(normalizeScores(s, 'rank', { normDepth: 2, rankOffset: 0 })[4]).toBe(0.5);
    const p = normalizeScores(s, 'softmax', { softmaxScale: 'sum' });
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  it('topIndices: best first, ties to the lower index', () => {
    expect(topIndices([1, 3, 3, 2], 3)).toEqual([1, 2, 3]);
  });
});

describe('blend with a logit member, tuned on the validation tail', () => {
  const data = store();
  const sp = validationSplit(data);
  const remind: BlendCandidate = { label: 'remind', make: () => createModel('remind', { lambda: 1, skipLast: true }), grid: [1] };
  const variants: BlendCandidate[] = (['max', 'minmax', 'softmax', 'rank'] as const).map((norm) => ({
    label: `logits(${norm})`,
    make: () => new NextLogits(),
    grid: [0, 0.2, 0.5, 1, 2, 5],
    norm,
    normOptions: { normDepth: 10 },
    fitKey: 'logits',
    group: 'logits',
  }));

  it('picks a normalization and weight on validation and beats every member there', async () => {
    const r = await tuneBlend([remind, ...variants], data);
    expect(r.variants).toHaveLength(4);
    const chosen = r.labels.filter((_, i) => r.weights[i] > 0 && i > 0);
    expect(chosen).toHaveLength(1);
    expect(chosen[0]).not.toBe('logits(max)'); // all-negative logits are useless under 'max'
    for (const a of r.alone) expect(r.val.mrr).toBeGreaterThan(a.mrr + 0.05);
    expect(r.val.hr).toBeGreaterThanOrEqual(r.baseline.hr);
  });

  it('the ensemble built from the tuned weights scores the same as the tuner predicted', async () => {
    const r = await tuneBlend([remind, ...variants], data);
    const members = [remind, ...variants]
      .map((c, i) => ({ model: c.make(), weight: r.weights[i], norm: c.norm, normOptions: c.normOptions }))
      .filter((m) => m.weight > 0);
    const ens = new EnsembleModel(members, 'toy');
    await ens.fit(sp.train);
    const full = evaluateSessions(ens, sp.train, sp.test);
    expect(full.mrr).toBeCloseTo(r.val.mrr, 6);
    expect(full.hr).toBeCloseTo(r.val.hr, 6);
  });

  it('collectLists with a normalization matches the ensemble member', () => {
    const m = new NextLogits();
    m.fit(sp.train);
    const ev = validationEvents(sp.test, sp.train.itemIds.length);
    const L = collectLists(m, ev, 5, 'rank', { normDepth: 5, rankOffset: 0 });
    expect(L.scores[0]).toBe(1);
    expect(L.scores[1]).toBe(0.5);
    expect(blendMetrics([L], [1], ev).hr).toBeGreaterThan(0.3);
  });
});

describe('blend-gru4rec (tiny GRU4Rec, toy data)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wm-blend-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const data = store(300, 5);
  const gru = { layers: [8], batchSize: 16, nSample: 8, epochs: 2, dropoutHidden: 0, dropoutEmbed: 0, seed: 3 };
  const services = { gru4recCache: directoryTrainingCache(dir) };

  it('is registered and a candidate of "best"', () => {
    expect(BEST_CANDIDATES).toContain('blend-gru4rec');
    expect(createModel('blend-gru4rec').name).toBe('blend-gru4rec');
    expect(createModel('blend').name).toBe('tuned');
  });

  it('tunes with GRU4Rec as a member, round-trips its artifact and reuses cached trainings', async () => {
    const m = new TunedModel((n, p) => createModel(n, p, services), { withGru4rec: gru, passes: 2 }, services);
    await m.fit(data);
    const res = m.result!;
    expect(res.labels.some((l) => l.startsWith('gru4rec('))).toBe(true);
    expect(res.variants.length).toBeGreaterThanOrEqual(4);
    expect(res.val.hr).toBeGreaterThanOrEqual(res.baseline.hr);
    // one training on the tuning split, one on all of the data
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(2);

    const ctx = { items: [3, 4, 3], time: 5 * DAY };
    const rec = m.recommend(ctx, 10);
    expect(rec.length).toBe(10);
    const art = JSON.parse(JSON.stringify(m.toArtifact())) as ModelArtifact;
    expect(art.kind).toBe('ensemble');
    const back = await modelFromArtifact(art);
    const rec2 = back.recommend(ctx, 10);
    expect(rec2.map((r) => r.item)).toEqual(rec.map((r) => r.item));
    rec2.forEach((r, i) => expect(r.score).toBeCloseTo(rec[i].score, 5));

    // a second model on the same data trains nothing: both GRU4Rec fits come from the cache
    const m2 = new TunedModel((n, p) => createModel(n, p, services), { withGru4rec: gru, passes: 2 }, services);
    const t0 = performance.now();
    await m2.fit(data);
    expect(m2.result!.weights).toEqual(res.weights);
    expect(m2.recommend(ctx, 10)).toEqual(rec);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('cache keys depend on the data and the parameters', () => {
    const a = new CachedGru4Rec({ ...gru });
    const b = new CachedGru4Rec({ ...gru, seed: 4 });
    expect(a.cacheKey(data)).not.toBe(b.cacheKey(data));
    const other = store(300, 6);
    expect(datasetFingerprint(other)).not.toBe(datasetFingerprint(data));
    expect(datasetFingerprint(store(300, 5))).toBe(datasetFingerprint(data));
  });
});
