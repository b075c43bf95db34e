/**
 * Small synthetic shop journeys for the store-pipeline tests: products in overlapping groups of six, each
 * journey views 3..6 products of one group in random order (no product twice in a row), one journey every
 * 10 minutes, a click every 20 seconds (whole seconds, so epoch ms and Unix seconds convert exactly).
 */
import { seededRandom } from '../../ml/random/seeded';
import type { RawSession } from '../../ml/train';

export function clusterSessions(seed: number, sessions: number, items = 40, groups = 20): RawSession[] {
  const rnd = seededRandom(seed);
  const members = Array.from({ length: groups }, () => {
    const s = new Set<number>();
    while (s.size < 6) s.add(Math.floor(rnd() * items));
    return [...s];
  });
  const out: RawSession[] = [];
  for (let s = 0; s < sessions; s++) {
    const g = [...members[Math.floor(rnd() * groups)]];
    for (let i = g.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [g[i], g[j]] = [g[j], g[i]];
    }
    const t0 = 1_700_000_000 + s * 600;
    const len = 3 + Math.floor(rnd() * 4);
    out.push({ id: String(s + 1), events: g.slice(0, len).map((it, j) => ({ productId: `p${it}`, ts: (t0 + j * 20) * 1000, kind: 'view' as const })) });
  }
  return out;
}

/** session-rec CSV text (`SessionId,ItemId,Time`, Unix seconds) of journeys. */
export function sessionCsv(sessions: readonly RawSession[]): string {
  const lines = ['SessionId,ItemId,Time'];
  for (const s of sessions) for (const e of s.events) lines.push(`${s.id},${e.productId},${e.ts / 1000}`);
  return lines.join('\n') + '\n';
}
