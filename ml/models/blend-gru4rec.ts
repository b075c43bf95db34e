/**
 * GRU4Rec as a blend member.
 *
 * - `CachedGru4Rec`: a GRU4Rec whose `fit` can reuse an earlier training on exactly the same data with the same
 *   parameters. The cache is off unless the caller gives one (`ModelServices.gru4recCache`; app/ backs it with a
 *   directory); entries are keyed by a fingerprint of the dataset (item ids, every event's item and time, session
 *   order) and of the parameters, so a hit is the very model a fresh (seeded, deterministic) training would
 *   produce. It is a development / evaluation aid: GRU4Rec takes minutes to train on two shared cores, and the
 *   blend tuning, `best` and the final refit would otherwise train the same model on the same data more than once.
 * - `Gru4RecSeedAverage`: several such trainings that differ only in their seed, scored by their mean logits.
 * The score normalization that makes GRU4Rec's logits (any sign) combinable with kNN scores is per ensemble
 * member (`normalizeScores` in ./score-norm.ts); the blend (../eval/tune-blend.ts) picks it on the validation tail.
 */
import { createHash } from 'node:crypto';
import type { SessionDataset } from '../data/session-dataset';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './recommender';
import { Gru4Rec } from './gru4rec';
import type { Gru4RecFitStats, Gru4RecParams } from './gru4rec-params';
import { DelegatingModel } from './delegating-model';
import type { ModelServices } from './services';
import { topKAnySign } from './top-k';

/** A stable hex fingerprint of a dataset (sessions in order, each event's item and time, item ids). */
export function datasetFingerprint(data: SessionDataset): string {
  const h = createHash('sha256');
  h.update(`items:${data.itemIds.length}\n`);
  h.update(data.itemIds.join('\u0001'));
  const buf = new Float64Array(2);
  const bytes = new Uint8Array(buf.buffer);
  for (const s of data.sessions) {
    h.update(`\u0002${s.events.length}`);
    for (const e of s.events) {
      buf[0] = e.item;
      buf[1] = e.time;
      h.update(bytes);
    }
  }
  return h.digest('hex').slice(0, 32);
}

/** GRU4Rec with an optional cache of trainings (see the file comment). */
export class CachedGru4Rec extends DelegatingModel<Gru4Rec> {
  readonly name = 'gru4rec';
  readonly params: Partial<Gru4RecParams>;
  /** true when the last fit was served from the cache */
  fromCache = false;
  lastFitStats: Gru4RecFitStats | null = null;

  constructor(
    params: Partial<Gru4RecParams> = {},
    private readonly services: ModelServices = {},
  ) {
    super('gru4rec: not fitted');
    this.params = params;
  }

  cacheKey(data: SessionDataset): string {
    const p = new Gru4Rec(this.params).params;
    const ph = createHash('sha256').update(JSON.stringify(p)).digest('hex').slice(0, 16);
    return `gru4rec-${datasetFingerprint(data)}-${ph}.json`;
  }

  async fit(data: SessionDataset): Promise<void> {
    this.fromCache = false;
    const { gru4recCache: cache, log = () => {} } = this.services;
    const key = cache ? this.cacheKey(data) : null;
    const hit = key ? cache!.get(key) : undefined;
    if (key && hit !== undefined) {
      const a = JSON.parse(hit) as ModelArtifact & { fitStats?: Gru4RecFitStats };
      const m = Gru4Rec.fromArtifact(a);
      if (m.nItems === data.itemIds.length) {
        this.inner = m;
        this.fromCache = true;
        this.lastFitStats = a.fitStats ?? null;
        log(`gru4rec: reused cached training ${key}`);
        return;
      }
    }
    const m = new Gru4Rec(this.params);
    await m.fit(data, {
      progressEvery: 1_000_000,
      tfBackend: this.services.tfBackend,
      onProgress: (p) => {
        if (p.epochEnd) log(`gru4rec: epoch ${p.epoch} loss ${p.epochLoss.toFixed(4)} (${p.msPerStep.toFixed(1)} ms/step)`);
      },
    });
    this.inner = m;
    this.lastFitStats = m.lastFitStats;
    if (key) {
      cache!.set(key, JSON.stringify({ ...m.toArtifact(), fitStats: m.lastFitStats }));
      log(`gru4rec: cached training ${key}`);
    }
  }
}

export interface Gru4RecSeedAverageParams extends Partial<Gru4RecParams> {
  /** one GRU4Rec per seed (same other parameters); scores are the mean of their logits */
  seeds: number[];
}

/**
 * Several GRU4Rec trainings that differ only in their seed (weight init, negative samples, dropout), scored by
 * the mean of their logits: a cheap variance reduction for a model whose single runs differ by ~0.003 MRR@20.
 * Each member is a `CachedGru4Rec` (so each training is cached on its own). Artifact kind 'gru4rec-avg'.
 */
export class Gru4RecSeedAverage implements Recommender {
  readonly name = 'gru4rec-avg';
  readonly params: Gru4RecSeedAverageParams;
  private members: Recommender[] = [];

  constructor(
    params: Gru4RecSeedAverageParams,
    private readonly services: ModelServices = {},
  ) {
    if (!params.seeds?.length) throw new Error('gru4rec-avg: give at least one seed');
    this.params = { ...params, seeds: [...params.seeds] };
  }

  async fit(data: SessionDataset): Promise<void> {
    const { seeds, ...rest } = this.params;
    const members: Recommender[] = [];
    for (const seed of seeds) {
      const m = new CachedGru4Rec({ ...rest, seed }, this.services);
      await m.fit(data);
      members.push(m);
    }
    this.members = members;
  }

  scoreAll(ctx: RecommendContext): Float32Array {
    if (!this.members.length) throw new Error('gru4rec-avg: not fitted');
    let out: Float32Array | null = null;
    for (const m of this.members) {
      const s = m.scoreAll(ctx);
      if (!out) out = new Float32Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] += s[i];
    }
    const f = 1 / this.members.length;
    for (let i = 0; i < out!.length; i++) out![i] *= f;
    return out!;
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    return topKAnySign(this.scoreAll(ctx), k, exclude);
  }

  toArtifact(): ModelArtifact {
    if (!this.members.length) throw new Error('gru4rec-avg: not fitted');
    return { kind: 'gru4rec-avg', version: 1, params: { seeds: [...this.params.seeds] }, state: { members: this.members.map((m) => m.toArtifact()) } };
  }

  static fromArtifact(a: ModelArtifact): Gru4RecSeedAverage {
    if (a.kind !== 'gru4rec-avg' || a.version !== 1) throw new Error(`gru4rec-avg: cannot restore artifact ${a.kind} v${a.version}`);
    const st = a.state as { members: ModelArtifact[] };
    if (!Array.isArray(st?.members) || st.members.length === 0) throw new Error('gru4rec-avg: artifact has no members');
    const m = new Gru4RecSeedAverage({ seeds: (a.params as { seeds?: number[] }).seeds ?? st.members.map((_, i) => i) });
    m.members = st.members.map((x) => Gru4Rec.fromArtifact(x));
    return m;
  }
}
