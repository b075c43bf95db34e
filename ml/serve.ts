/**
 * The serving bundle: everything a shop's storefront blocks need, in one artifact.
 * - `session`: the selected next-item model (kNN / GRU4Rec / blend) over dense indices;
 * - `fbt`: frequently-bought-together pairs;
 * - `content`: content similarity, for products with no interactions (cold start);
 * - `popular`: product ids by popularity, the last resort.
 * Pure TypeScript (gzip from node:zlib for the bytes); no Express or Prisma.
 */
import { gunzip, gunzipSync, gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import type { ModelArtifact, Recommender, Scored } from './models/recommender';
import { modelFromArtifact } from './models/registry';
import { BoughtTogether, type BoughtTogetherArtifact } from './models/bought-together';
import { ContentSimilarity, type ContentArtifact } from './models/content-similarity';
import { addFreshSessions, growingPools, type FreshSession } from './models/fresh-sessions';

/** A session that ended after the bundle's training data: product ids with epoch-ms times. */
export interface LateSession {
  id: string;
  events: { productId: string; ts: number }[];
}

export interface BundleArtifact {
  format: 'waymark-bundle';
  version: 1;
  itemIds: string[];
  session: ModelArtifact | null;
  fbt: BoughtTogetherArtifact | null;
  content: ContentArtifact | null;
  popular: string[];
}

export type Strategy = 'model' | 'bought-together' | 'content' | 'popular';

export interface Ranked {
  ids: string[];
  /** which source supplied each id */
  sources: Strategy[];
}

export class ServingBundle {
  private readonly index = new Map<string, number>();
  /** the session model's answers by session, reused across requests (every visitor on a product page asks the same) */
  private readonly answers = new AnswerCache();

  constructor(
    readonly itemIds: string[],
    readonly session: Recommender | null,
    readonly fbt: BoughtTogether | null,
    readonly content: ContentSimilarity | null,
    readonly popularIds: string[],
  ) {
    itemIds.forEach((id, i) => this.index.set(id, i));
  }

  get sessionKind(): string | null {
    return this.session?.name ?? null;
  }

  private fromSession(items: readonly string[], k: number, exclude: ReadonlySet<string>): string[] {
    if (!this.session) return [];
    const idx = items.map((id) => this.index.get(id)).filter((i): i is number => i !== undefined);
    if (idx.length === 0) return [];
    // at least ANSWER_DEPTH deep, so requests with other exclusions or list lengths reuse the answer
    const ranked = this.answers.get(idx, Math.max(ANSWER_DEPTH, k + exclude.size), (depth) => this.session!.recommend({ items: idx, time: Date.now() / 1000 }, depth, new Set(idx)));
    const out: string[] = [];
    for (const s of ranked) {
      const id = this.itemIds[s.item];
      if (exclude.has(id)) continue;
      out.push(id);
      if (out.length >= k) break;
    }
    return out;
  }

  /** Whether the session model has a neighbor pool that late sessions can join. */
  get takesLateSessions(): boolean {
    return this.session !== null && growingPools(this.session).length > 0;
  }

  /**
   * Adds sessions that ended after training (in order of end time) to the session model's
   * neighbor pool, with the rules training uses (ml/train.ts buildDataset): events by time,
   * consecutive repeats collapse, products the bundle does not know are dropped, sessions of
   * fewer than 2 products are left out. A session added before under the same id is replaced.
   * Returns how many joined the pool. Synchronous: a request sees the pool before or after.
   */
  addLateSessions(sessions: readonly LateSession[]): number {
    if (!this.session) return 0;
    const fresh: FreshSession[] = [];
    for (const s of sessions) {
      const items: number[] = [];
      let time = 0;
      for (const e of [...s.events].sort((a, b) => a.ts - b.ts)) {
        const i = this.index.get(e.productId);
        if (i === undefined || i === items[items.length - 1]) continue;
        items.push(i);
        time = e.ts / 1000;
      }
      if (items.length >= 2) fresh.push({ id: s.id, items, time });
    }
    const added = addFreshSessions(this.session, fresh);
    if (added > 0) this.answers.clear();
    return added;
  }

  /** Personalized from the session's recent products (oldest first). */
  nextItems(recent: readonly string[], k: number, exclude: ReadonlySet<string>): Ranked {
    const out = new Ranked_(k, exclude);
    out.add(this.fromSession(recent, k, exclude), 'model');
    const last = recent[recent.length - 1];
    if (last && this.content) out.add(this.content.similar(last, k, exclude).map(([id]) => id), 'content');
    return out.done();
  }

  /** "You may also like" for one product: what sessions that viewed it went on to; content for cold products. */
  alsoLike(productId: string, k: number, exclude: ReadonlySet<string>): Ranked {
    const out = new Ranked_(k, exclude);
    out.add(this.fromSession([productId], k, exclude), 'model');
    if (this.content) out.add(this.content.similar(productId, k, exclude).map(([id]) => id), 'content');
    return out.done();
  }

  boughtTogether(productIds: readonly string[], k: number, exclude: ReadonlySet<string>): Ranked {
    const out = new Ranked_(k, exclude);
    if (this.fbt) out.add(this.fbt.recommend(productIds, k, exclude).map((p) => p.item), 'bought-together');
    return out.done();
  }

  popular(k: number, exclude: ReadonlySet<string>): Ranked {
    const out = new Ranked_(k, exclude);
    out.add(this.popularIds, 'popular');
    return out.done();
  }

  toArtifact(): BundleArtifact {
    return {
      format: 'waymark-bundle',
      version: 1,
      itemIds: this.itemIds,
      session: this.session?.toArtifact() ?? null,
      fbt: this.fbt?.toArtifact() ?? null,
      content: this.content?.toArtifact() ?? null,
      popular: this.popularIds,
    };
  }

  static async fromArtifact(a: BundleArtifact): Promise<ServingBundle> {
    if (a.format !== 'waymark-bundle' || a.version !== 1) throw new Error('not a waymark bundle v1 artifact');
    const session = a.session ? await modelFromArtifact(a.session) : null;
    return new ServingBundle(
      a.itemIds,
      session,
      a.fbt ? BoughtTogether.fromArtifact(a.fbt) : null,
      a.content ? ContentSimilarity.fromArtifact(a.content) : null,
      a.popular,
    );
  }
}

/**
 * The session model's ranked answers by session (item indices; the session's own items left out), least
 * recently used dropped past `max` entries, all dropped after `maxAgeMs` (kNN scores weigh neighbors by
 * recency) or when the neighbor pool grows. An entry asked for deeper than it was computed is recomputed.
 */
const ANSWER_DEPTH = 64;

export class AnswerCache {
  private readonly entries = new Map<string, { depth: number; ranked: Scored[] }>();
  private since = Date.now();

  constructor(
    private readonly max = 1024,
    private readonly maxAgeMs = 60_000,
  ) {}

  get(items: readonly number[], depth: number, compute: (depth: number) => Scored[]): Scored[] {
    if (Date.now() - this.since > this.maxAgeMs) this.clear();
    const key = items.join(',');
    const hit = this.entries.get(key);
    if (hit && hit.depth >= depth) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.ranked;
    }
    const ranked = compute(depth);
    this.entries.delete(key);
    this.entries.set(key, { depth, ranked });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return ranked;
  }

  clear(): void {
    this.entries.clear();
    this.since = Date.now();
  }

  get size(): number {
    return this.entries.size;
  }
}

class Ranked_ {
  private ids: string[] = [];
  private sources: Strategy[] = [];
  private seen = new Set<string>();
  constructor(
    private k: number,
    private exclude: ReadonlySet<string>,
  ) {}
  add(ids: readonly string[], source: Strategy) {
    for (const id of ids) {
      if (this.ids.length >= this.k) return;
      if (this.seen.has(id) || this.exclude.has(id)) continue;
      this.seen.add(id);
      this.ids.push(id);
      this.sources.push(source);
    }
  }
  done(): Ranked {
    return { ids: this.ids, sources: this.sources };
  }
}

/** Bytes for the ModelVersion.artifact column: gzip'd JSON. */
export function encodeBundle(a: BundleArtifact): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(a)), { level: 6 });
}

export function decodeBundle(bytes: Uint8Array): BundleArtifact {
  return JSON.parse(gunzipSync(bytes).toString('utf8')) as BundleArtifact;
}

const gunzipAsync = promisify(gunzip);

/**
 * decodeBundle for a thread that serves requests: the gunzip (6–20 ms for a 20,000-event
 * store's bundle on the benchmark machine) runs on libuv's thread pool, so only JSON.parse
 * holds the caller's event loop.
 */
export async function decodeBundleAsync(bytes: Uint8Array): Promise<BundleArtifact> {
  return JSON.parse((await gunzipAsync(bytes)).toString('utf8')) as BundleArtifact;
}
