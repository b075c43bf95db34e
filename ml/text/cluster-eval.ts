/**
 * Quality of intent clusters against labeled queries: purity and pairwise precision,
 * recall and F1 (each distinct query counts once). Plus the parser of the labeled
 * fixture format (tests/fixtures/search-queries.txt). Pure.
 */
import type { QueryInput } from './query-clusters';
import type { VocabularyText } from './vocabulary';

export interface LabeledQueries {
  catalog: Array<{ id: string; title: string; tags: string[] }>;
  queries: Array<QueryInput & { label: string }>;
}

export function parseLabeledQueries(text: string): LabeledQueries {
  const out: LabeledQueries = { catalog: [], queries: [] };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split('|').map((s) => s.trim());
    if (parts[0] === 'product') {
      out.catalog.push({ id: parts[1], title: parts[2], tags: (parts[3] ?? '').split(',').map((t) => t.trim()).filter(Boolean) });
      continue;
    }
    const [label, query, searches, clicks] = parts;
    const products: Record<string, number> = {};
    for (const c of (clicks ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      const [id, n] = c.split(':');
      products[id] = (products[id] ?? 0) + Number(n);
    }
    out.queries.push({ label, query, searches: Number(searches), products });
  }
  return out;
}

/** The vocabulary texts of a labeled set: catalog titles and tags, and the queries (weighted by searches). */
export function vocabularyTexts(set: LabeledQueries): VocabularyText[] {
  return [
    ...set.catalog.flatMap((p) => [{ text: p.title, kind: 'catalog' as const }, ...p.tags.map((t) => ({ text: t, kind: 'catalog' as const }))]),
    ...set.queries.map((q) => ({ text: q.query, kind: 'query' as const, weight: q.searches })),
  ];
}

export interface ClusterQuality {
  queries: number;
  clusters: number;
  labels: number;
  purity: number;
  pairwisePrecision: number;
  pairwiseRecall: number;
  pairwiseF1: number;
}

/** `assigned`: query → cluster id; `labels`: query → true intent. */
export function clusterQuality(assigned: ReadonlyMap<string, string>, labels: ReadonlyMap<string, string>): ClusterQuality {
  const byCluster = new Map<string, string[]>();
  for (const [q, c] of assigned) (byCluster.get(c) ?? byCluster.set(c, []).get(c)!).push(labels.get(q) ?? `?${q}`);
  let majority = 0;
  let samePairsInClusters = 0;
  let pairsInClusters = 0;
  for (const members of byCluster.values()) {
    const counts = new Map<string, number>();
    for (const l of members) counts.set(l, (counts.get(l) ?? 0) + 1);
    majority += Math.max(...counts.values());
    pairsInClusters += (members.length * (members.length - 1)) / 2;
    for (const n of counts.values()) samePairsInClusters += (n * (n - 1)) / 2;
  }
  const byLabel = new Map<string, number>();
  for (const q of assigned.keys()) {
    const l = labels.get(q) ?? `?${q}`;
    byLabel.set(l, (byLabel.get(l) ?? 0) + 1);
  }
  let pairsInLabels = 0;
  for (const n of byLabel.values()) pairsInLabels += (n * (n - 1)) / 2;
  const precision = pairsInClusters ? samePairsInClusters / pairsInClusters : 1;
  const recall = pairsInLabels ? samePairsInClusters / pairsInLabels : 1;
  const n = assigned.size;
  return {
    queries: n,
    clusters: byCluster.size,
    labels: byLabel.size,
    purity: n ? majority / n : 1,
    pairwisePrecision: precision,
    pairwiseRecall: recall,
    pairwiseF1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
}
