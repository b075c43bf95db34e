/**
 * A serving bundle's session model (ml/serve.ts), seen from another item index: the evaluation's.
 * Products are matched by id; session items the bundle does not know are left out of the input, as
 * the bundle does when serving (ServingBundle.nextItems), and items it does not know score 0. So the
 * evaluation scores what the storefront would get from the trained artifact, on the evaluation's items.
 */
import type { ModelArtifact, RecommendContext, Recommender, Scored } from '../models/recommender';
import type { ServingBundle } from '../serve';
import { topK } from '../models/top-k';

export class BundleSessionScorer implements Recommender {
  readonly name: string;
  /** evaluation item index -> bundle item index, -1 when the bundle does not know the product */
  private readonly toBundle: Int32Array;

  constructor(
    private readonly bundle: ServingBundle,
    private readonly itemIds: readonly string[],
  ) {
    this.name = `bundle:${bundle.sessionKind ?? 'none'}`;
    const index = new Map<string, number>();
    bundle.itemIds.forEach((id, i) => index.set(id, i));
    this.toBundle = Int32Array.from(itemIds, (id) => index.get(id) ?? -1);
  }

  /** evaluation items the bundle knows */
  get knownItems(): number {
    let n = 0;
    for (const i of this.toBundle) if (i >= 0) n++;
    return n;
  }

  fit(): void {
    throw new Error('a bundle scorer is not fitted: the bundle was trained by the store pipeline');
  }

  scoreAll(ctx: RecommendContext): Float64Array {
    const out = new Float64Array(this.itemIds.length);
    const session = this.bundle.session;
    if (!session) return out;
    const items = ctx.items.map((i) => this.toBundle[i]).filter((i) => i >= 0);
    if (items.length === 0) return out;
    const scores = session.scoreAll({ items, time: ctx.time });
    for (let i = 0; i < out.length; i++) {
      const b = this.toBundle[i];
      if (b >= 0) out[i] = scores[b];
    }
    return out;
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    return topK(this.scoreAll(ctx), k, exclude);
  }

  toArtifact(): ModelArtifact {
    throw new Error('a bundle scorer has no artifact of its own: save the bundle');
  }
}
