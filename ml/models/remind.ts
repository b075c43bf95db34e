/**
 * REMIND: scores the items already in the current session by recency (the "reminder" idea of
 * session-rec's SKNN `remind` / V-SKNN `push_reminders`): score(item) = exp(-d / lambda), d = how
 * many events back its latest occurrence is (0 for the last item). Not useful alone; a blend
 * member. Has no training state.
 */
import type { SessionDataset } from '../data/session-dataset';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './recommender';
import { checkArtifact } from './artifact-check';
import { validItems } from './context-items';
import { denseFromSparse, topFromSparse } from './sparse-scores';

export interface RemindParams {
  lambda?: number;
  /** ignore the last item itself (when another member already ranks it) */
  skipLast?: boolean;
}

export class RemindModel implements Recommender {
  readonly name = 'remind';
  readonly params: Required<RemindParams>;
  private nItems = 0;

  constructor(params: RemindParams = {}) {
    this.params = { lambda: params.lambda ?? 1, skipLast: params.skipLast ?? false };
  }

  fit(data: SessionDataset): void {
    this.nItems = data.itemIds.length;
  }

  private sparse(ctx: RecommendContext): Map<number, number> {
    const items = validItems(ctx.items, this.nItems);
    const out = new Map<number, number>();
    const L = items.length;
    for (let i = L - 1 - (this.params.skipLast ? 1 : 0); i >= 0; i--) {
      const it = items[i];
      if (this.params.skipLast && it === items[L - 1]) continue;
      if (!out.has(it)) out.set(it, Math.exp(-(L - 1 - i) / this.params.lambda));
    }
    return out;
  }

  scoreAll(ctx: RecommendContext): Float64Array {
    return denseFromSparse(this.sparse(ctx), this.nItems);
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    return topFromSparse(this.sparse(ctx), k, exclude);
  }

  toArtifact(): ModelArtifact {
    return { kind: 'remind', version: 1, params: { ...this.params }, state: { nItems: this.nItems } };
  }

  static fromArtifact(a: ModelArtifact): RemindModel {
    checkArtifact(a, 'remind', 1);
    const m = new RemindModel(a.params as RemindParams);
    m.nItems = Number((a.state as { nItems: number }).nItems) || 0;
    return m;
  }
}
