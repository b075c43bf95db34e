/**
 * ENSEMBLE: weighted sum of member scores, each member's score vector divided by its maximum
 * for the request (so members on different scales mix). Members are any Recommenders.
 */
import type { SessionDataset } from '../data/types';
import type { ModelArtifact, RecommendContext, Recommender, Scored } from './types';
import { checkArtifact, topK } from './util';

export interface EnsembleMember {
  model: Recommender;
  weight: number;
}

export class EnsembleModel implements Recommender {
  readonly name: string;
  readonly members: EnsembleMember[];

  constructor(members: EnsembleMember[], name = 'ensemble') {
    if (members.length === 0) throw new Error('ensemble: needs at least one member');
    this.members = members;
    this.name = name;
  }

  async fit(data: SessionDataset): Promise<void> {
    for (const m of this.members) await m.model.fit(data);
  }

  scoreAll(ctx: RecommendContext): Float64Array {
    let out: Float64Array | null = null;
    for (const { model, weight } of this.members) {
      if (weight === 0) continue;
      const s = model.scoreAll(ctx);
      if (!out) out = new Float64Array(s.length);
      let max = 0;
      for (let i = 0; i < s.length; i++) if (s[i] > max) max = s[i];
      if (!(max > 0)) continue;
      const f = weight / max;
      for (let i = 0; i < s.length; i++) if (s[i] > 0) out[i] += s[i] * f;
    }
    return out ?? new Float64Array(0);
  }

  recommend(ctx: RecommendContext, k: number, exclude?: ReadonlySet<number>): Scored[] {
    return topK(this.scoreAll(ctx), k, exclude);
  }

  toArtifact(): ModelArtifact {
    return {
      kind: 'ensemble',
      version: 1,
      params: { name: this.name },
      state: { members: this.members.map((m) => ({ weight: m.weight, artifact: m.model.toArtifact() })) },
    };
  }

  /** `restore` turns a member artifact back into a model (the registry's modelFromArtifact). */
  static async fromArtifact(a: ModelArtifact, restore: (a: ModelArtifact) => Recommender | Promise<Recommender>): Promise<EnsembleModel> {
    checkArtifact(a, 'ensemble', 1);
    const st = a.state as { members: { weight: number; artifact: ModelArtifact }[] };
    const members: EnsembleMember[] = [];
    for (const m of st.members) members.push({ weight: m.weight, model: await restore(m.artifact) });
    return new EnsembleModel(members, String((a.params as { name?: string }).name ?? 'ensemble'));
  }
}
