/**
 * REMIND: scores the items already in the current session by recency (the "reminder" idea of
 * session-rec's SKNN `remind` / V-SKNN `push_reminders`): score(item) = exp(-d / lambda), d = how
 * many events back its latest occurrence is (0 for the last item). Not useful alone; a blend
 * member. Has no training state.
 */
import type { SessionDataset } from '../data/types';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './types';
import { checkArtifact, validItems } from './util';

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
    const s = new Float64Array(this.nItems);
    for (const [it, v] of this.sparse(ctx)) s[it] = v;
    return s;
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    const out: Scored[] = [];
    for (const [item, score] of this.sparse(ctx)) if (!(exclude && exclude.has(item))) out.push({ item, score });
    out.sort((a, b) => b.score - a.score || a.item - b.item);
    return out.slice(0, Math.max(0, k));
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
