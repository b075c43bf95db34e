/**
 * GRU4Rec as a blend member.
 *
 * - `CachedGru4Rec`: a GRU4Rec whose `fit` can reuse an earlier training on exactly the same data with the same
 *   parameters. The cache is off unless a directory is given (param `cacheDir`, or env `WAYMARK_GRU4REC_CACHE`);
 *   entries are keyed by a fingerprint of the dataset (item ids, every event's item and time, session order) and
 *   of the parameters, so a hit is the very model a fresh (seeded, deterministic) training would produce. It is
 *   a development / evaluation aid: GRU4Rec takes minutes to train on two shared cores, and the blend tuning,
 *   `best` and the final refit would otherwise train the same model on the same data more than once.
 * The score normalisation that makes GRU4Rec's logits (any sign) combinable with kNN scores is per ensemble
 * member (`normaliseScores` in ./ensemble.ts); the blend (../eval/tune.ts) picks it on the validation tail.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SessionDataset } from '../data/types';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './types';
import { Gru4Rec, type Gru4RecFitStats, type Gru4RecParams } from './gru4rec';

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

export interface CachedGru4RecParams extends Partial<Gru4RecParams> {
  /** directory of cached trainings (default env WAYMARK_GRU4REC_CACHE; unset = no cache) */
  cacheDir?: string;
}

/** GRU4Rec with an optional on-disk cache of trainings (see the file comment). */
export class CachedGru4Rec implements Recommender {
  readonly name = 'gru4rec';
  readonly params: Partial<Gru4RecParams>;
  private readonly cacheDir: string | undefined;
  private inner: Gru4Rec | null = null;
  /** true when the last fit was served from the cache */
  fromCache = false;
  lastFitStats: Gru4RecFitStats | null = null;

  constructor(params: CachedGru4RecParams = {}, private readonly log: (msg: string) => void = () => {}) {
    const { cacheDir, ...rest } = params;
    this.params = rest;
    this.cacheDir = cacheDir ?? (process.env.WAYMARK_GRU4REC_CACHE?.trim() || undefined);
  }

  cacheKey(data: SessionDataset): string {
    const p = new Gru4Rec(this.params).params;
    const ph = createHash('sha256').update(JSON.stringify(p)).digest('hex').slice(0, 16);
    return `gru4rec-${datasetFingerprint(data)}-${ph}.json`;
  }

  async fit(data: SessionDataset): Promise<void> {
    this.fromCache = false;
    const file = this.cacheDir ? path.join(this.cacheDir, this.cacheKey(data)) : null;
    if (file && existsSync(file)) {
      const a = JSON.parse(readFileSync(file, 'utf8')) as ModelArtifact & { fitStats?: Gru4RecFitStats };
      const m = Gru4Rec.fromArtifact(a);
      if (m.nItems === data.itemIds.length) {
        this.inner = m;
        this.fromCache = true;
        this.lastFitStats = a.fitStats ?? null;
        this.log(`gru4rec: reused cached training ${file}`);
        return;
      }
    }
    const m = new Gru4Rec(this.params);
    await m.fit(data, {
      progressEvery: 1_000_000,
      onProgress: (p) => {
        if (p.epochEnd) this.log(`gru4rec: epoch ${p.epoch} loss ${p.epochLoss.toFixed(4)} (${p.msPerStep.toFixed(1)} ms/step)`);
      },
    });
    this.inner = m;
    this.lastFitStats = m.lastFitStats;
    if (file) {
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ ...m.toArtifact(), fitStats: m.lastFitStats }));
      renameSync(tmp, file);
      this.log(`gru4rec: cached training in ${file}`);
    }
  }

  private get model(): Gru4Rec {
    if (!this.inner) throw new Error('gru4rec: not fitted');
    return this.inner;
  }

  scoreAll(ctx: RecommendContext): Float32Array {
    return this.model.scoreAll(ctx);
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    return this.model.recommend(ctx, k, exclude);
  }

  /** A plain `gru4rec` artifact (restores as Gru4Rec). */
  toArtifact(): ModelArtifact {
    return this.model.toArtifact();
  }
}
