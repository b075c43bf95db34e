/**
 * Champion/challenger scoring, pure: the live (serving) bundle and the new model, scored
 * with session-rec's protocol on the same validation sessions.
 *
 * The window is the new training's validation window restricted to the sessions that
 * began after the live bundle's training data ended (`trainedThrough`): a kNN model that
 * was fitted on a session finds that very session as its best neighbor, so scoring the
 * live bundle on sessions it has seen would flatter it. The challenger is scored by the
 * candidate fitted on the training part only (the one validation used), so neither side
 * has seen the window.
 *
 * The live bundle is scored by its session model mapped onto the new item index (items it
 * does not know score 0); a bundle without a session model serves best sellers, so it is
 * scored by its popularity list.
 */
import type { SessionDataset } from './data/session-dataset';
import { evaluateSessions } from './eval/evaluate';
import type { Recommender, RecommendContext, Scored } from './models/recommender';
import { ServingBundle, type BundleArtifact } from './serve';

export interface ScoredSide {
  hr20: number;
  mrr20: number;
}

export interface LiveComparison {
  /** prediction events in the shared window */
  events: number;
  sessions: number;
  challenger: ScoredSide;
  live: ScoredSide;
  /** share of the new data's products the live bundle has never seen (catalog change) */
  newItemShare: number;
}

/** Sessions of `validation` whose first event is after `afterMs` (epoch ms). */
export function unseenWindow(validation: SessionDataset, afterMs: number): SessionDataset {
  const afterS = afterMs / 1000;
  return { itemIds: validation.itemIds, sessions: validation.sessions.filter((s) => s.events.length > 1 && s.events[0].time > afterS) };
}

export function shareUnknown(itemIds: readonly string[], known: readonly string[]): number {
  if (itemIds.length === 0) return 0;
  const set = new Set(known);
  let unknown = 0;
  for (const id of itemIds) if (!set.has(id)) unknown++;
  return unknown / itemIds.length;
}

/** The live bundle as a Recommender over another dataset's item index (scoring only). */
class LiveOnIndex implements Recommender {
  readonly name = 'live';
  private readonly toLive: Int32Array;
  private readonly popScores: Float64Array | null;

  constructor(
    private readonly bundle: ServingBundle,
    private readonly itemIds: readonly string[],
  ) {
    const liveIndex = new Map(bundle.itemIds.map((id, i) => [id, i]));
    this.toLive = Int32Array.from(itemIds, (id) => liveIndex.get(id) ?? -1);
    if (bundle.session) {
      this.popScores = null;
    } else {
      const rank = new Map(bundle.popularIds.map((id, i) => [id, bundle.popularIds.length - i]));
      this.popScores = Float64Array.from(itemIds, (id) => rank.get(id) ?? 0);
    }
  }

  fit(): void {}

  scoreAll(ctx: RecommendContext): Float64Array {
    if (this.popScores) return this.popScores;
    const out = new Float64Array(this.itemIds.length);
    const items = ctx.items.map((i) => this.toLive[i]).filter((i) => i >= 0);
    if (items.length === 0) return out;
    const scores = this.bundle.session!.scoreAll({ items, time: ctx.time });
    for (let i = 0; i < out.length; i++) {
      const j = this.toLive[i];
      if (j >= 0) {
        const s = scores[j];
        out[i] = s === s ? s : 0;
      }
    }
    return out;
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    const scores = this.scoreAll(ctx);
    return [...scores.keys()]
      .filter((i) => scores[i] > 0 && !exclude?.has(i))
      .sort((a, b) => scores[b] - scores[a])
      .slice(0, k)
      .map((item) => ({ item, score: scores[item] }));
  }

  toArtifact(): never {
    throw new Error('the live bundle adapter is for scoring only');
  }
}

/**
 * Scores `challenger` (fitted on `train`) and the live bundle on `window` (indexed like
 * `train`). `allItemIds` are the new training's products, for the catalog-change share.
 */
export async function compareWithLive(args: {
  train: SessionDataset;
  window: SessionDataset;
  challenger: Recommender;
  live: BundleArtifact;
  allItemIds: readonly string[];
}): Promise<LiveComparison> {
  const bundle = await ServingBundle.fromArtifact(args.live);
  const liveModel = new LiveOnIndex(bundle, args.train.itemIds);
  const c = evaluateSessions(args.challenger, args.train, args.window, { cutoff: 20, excludeSession: true });
  const l = evaluateSessions(liveModel, args.train, args.window, { cutoff: 20, excludeSession: true });
  return {
    events: c.n,
    sessions: args.window.sessions.length,
    challenger: { hr20: c.hr, mrr20: c.mrr },
    live: { hr20: l.hr, mrr20: l.mrr },
    newItemShare: shareUnknown(args.allItemIds, bundle.itemIds),
  };
}
