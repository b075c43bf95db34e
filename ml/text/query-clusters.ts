/**
 * Intent clusters of a store's search queries. Pure and deterministic.
 *
 * 1. Queries whose keys are equal (analyze-query.ts: folded, stemmed, stopwords dropped,
 *    order ignored) form one group: "kayak", "Kayaks", "kayac" → "kayak".
 * 2. Groups whose searches lead to the same products merge: each group's vector counts the
 *    products opened or added to cart after its searches; two groups (each with at least
 *    params.minInteractions) merge when the cosine of their vectors reaches
 *    params.cooccurrenceThreshold. Pairs are tried from the most similar down, and a merge
 *    re-checks the merged clusters' summed vectors (so one shared product cannot chain
 *    unrelated intents): "shoes" and "zapatos" lead to the same shoes and share a cluster.
 */
import { analyzeQuery, type AnalyzedQuery } from './analyze-query';
import type { QueryParams } from './params';
import type { Language } from './stem';
import type { Vocabulary } from './vocabulary';

export interface QueryInput {
  query: string;
  searches: number;
  /** Products opened or added to cart after this query's searches: productId → count. */
  products?: ReadonlyMap<string, number> | Record<string, number>;
}

export interface QueryCluster {
  /** Stable id: the key of its most searched group. */
  id: string;
  /** The most searched member query (as typed, trimmed; on ties one without typos). */
  label: string;
  language: Language;
  /** Member queries, most searched first. */
  members: Array<{ query: string; searches: number; key: string }>;
  searches: number;
  /** Keys of the groups merged into it (more than one when co-occurrence merged them). */
  keys: string[];
}

type Vec = Map<string, number>;

function toVec(p: QueryInput['products']): Vec {
  if (!p) return new Map();
  return p instanceof Map ? new Map(p) : new Map(Object.entries(p));
}

function cosine(a: Vec, b: Vec): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [k, v] of small) {
    const w = large.get(k);
    if (w) dot += v * w;
  }
  if (!dot) return 0;
  for (const v of a.values()) na += v * v;
  for (const v of b.values()) nb += v * v;
  return dot / Math.sqrt(na * nb);
}

const total = (v: Vec) => {
  let s = 0;
  for (const x of v.values()) s += x;
  return s;
};

export function clusterQueries(queries: readonly QueryInput[], vocab: Vocabulary | null, params: QueryParams): QueryCluster[] {
  interface Group {
    key: string;
    members: Array<{ query: string; searches: number; key: string; analyzed: AnalyzedQuery }>;
    searches: number;
    vec: Vec;
  }
  const groups = new Map<string, Group>();
  for (const q of queries) {
    const analyzed = analyzeQuery(q.query, vocab, params);
    // Empty / emoji-only queries keep their own trimmed text as key, so they never merge with words.
    const key = analyzed.key || `\u0000${q.query.trim()}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, members: [], searches: 0, vec: new Map() }));
    g.members.push({ query: q.query.trim(), searches: q.searches, key, analyzed });
    g.searches += q.searches;
    for (const [p, n] of toVec(q.products)) g.vec.set(p, (g.vec.get(p) ?? 0) + n);
  }
  const list = [...groups.values()].sort((a, b) => b.searches - a.searches || (a.key < b.key ? -1 : 1));

  // Union-find over groups, with each root's summed vector.
  const parent = list.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const vecs: Vec[] = list.map((g) => new Map(g.vec));
  const voters = list
    .map((g, i) => ({ g, i }))
    .slice(0, params.maxGroups)
    .filter(({ g }) => total(g.vec) >= params.minInteractions);
  // Candidate pairs through shared products (inverted index), scored by cosine.
  const byProduct = new Map<string, number[]>();
  for (const { g, i } of voters) for (const p of g.vec.keys()) (byProduct.get(p) ?? byProduct.set(p, []).get(p)!).push(i);
  const pairs = new Map<string, [number, number, number]>();
  for (const ids of byProduct.values()) {
    for (let x = 0; x < ids.length; x++) {
      for (let y = x + 1; y < ids.length; y++) {
        const [a, b] = ids[x] < ids[y] ? [ids[x], ids[y]] : [ids[y], ids[x]];
        const id = `${a},${b}`;
        if (pairs.has(id)) continue;
        const c = cosine(list[a].vec, list[b].vec);
        pairs.set(id, [a, b, c]);
      }
    }
  }
  const ordered = [...pairs.values()].filter((p) => p[2] >= params.cooccurrenceThreshold).sort((p, q) => q[2] - p[2] || p[0] - q[0] || p[1] - q[1]);
  for (const [a, b] of ordered) {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) continue;
    if (cosine(vecs[ra], vecs[rb]) < params.cooccurrenceThreshold) continue;
    const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
    parent[drop] = keep;
    for (const [p, n] of vecs[drop]) vecs[keep].set(p, (vecs[keep].get(p) ?? 0) + n);
  }

  const byRoot = new Map<number, Group[]>();
  list.forEach((g, i) => {
    const r = find(i);
    (byRoot.get(r) ?? byRoot.set(r, []).get(r)!).push(g);
  });
  const out: QueryCluster[] = [];
  for (const [root, gs] of byRoot) {
    // Most searched first; on ties a wording without typos leads (it becomes the label).
    const order = (a: Group['members'][number], b: Group['members'][number]) =>
      b.searches - a.searches || a.analyzed.folded.length - b.analyzed.folded.length || (a.query < b.query ? -1 : 1);
    const members = gs.flatMap((g) => g.members).sort(order);
    const head = list[root];
    const lead = head.members.slice().sort(order)[0];
    out.push({
      id: head.key,
      label: members[0]?.query ?? head.key,
      language: lead.analyzed.language,
      members: members.map(({ query, searches, key }) => ({ query, searches, key })),
      searches: gs.reduce((s, g) => s + g.searches, 0),
      keys: gs.map((g) => g.key),
    });
  }
  return out.sort((a, b) => b.searches - a.searches || (a.id < b.id ? -1 : 1));
}
