/**
 * Latency of `recommend` for one request, as the app would call it (k items, excluding the session's
 * own items). Reports wall time and process CPU time per call; on a shared / loaded machine the
 * CPU-time percentiles are the more stable figure.
 */
import type { SessionDataset } from '../data/session-dataset';
import type { RecommendContext, Recommender } from '../models/recommender';
import { quantile } from './metrics';

export interface LatencyResult {
  calls: number;
  wallMsP50: number;
  wallMsP99: number;
  cpuMsP50: number;
  cpuMsP99: number;
}

/** Contexts from the first `maxPrefix` events of the given sessions. */
export function contextsFrom(data: SessionDataset, maxPrefix = 6): RecommendContext[] {
  const out: RecommendContext[] = [];
  for (const s of data.sessions) {
    const items = s.events.map((e) => e.item);
    for (let i = 1; i <= Math.min(items.length, maxPrefix); i++) out.push({ items: items.slice(0, i), time: s.events[i - 1].time });
  }
  return out;
}

export function measureRecommendLatency(model: Recommender, contexts: RecommendContext[], k = 20, warmup = true): LatencyResult {
  if (warmup) for (const ctx of contexts) model.recommend(ctx, k, new Set(ctx.items));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const ctx of contexts) {
    const exclude = new Set(ctx.items);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    model.recommend(ctx, k, exclude);
    const t1 = performance.now();
    const c = process.cpuUsage(c0);
    wall.push(t1 - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { calls: contexts.length, wallMsP50: quantile(wall, 0.5), wallMsP99: quantile(wall, 0.99), cpuMsP50: quantile(cpu, 0.5), cpuMsP99: quantile(cpu, 0.99) };
}
