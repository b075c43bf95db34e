/**
 * The flow chart's geometry: d3-sankey lays out nodes (columns are the API's positions)
 * and link paths; flow-labels.ts then places the labels and column headings that fit.
 */
import { useMemo } from 'react';
import { sankey, type SankeyGraph, type SankeyNode } from 'd3-sankey';
import { fmtInt, fmtPct } from '../format';
import { elide, placeLabels, type LabelBox, type Measure, type PlacedLabel } from './flow-labels';
import { columnHeading, foldedCheckout, kindRank, nodeName, type Flow, type FlowNode } from './flow-nodes';

export type LayoutNode = FlowNode & { col: number };
export type LayoutLink = { source: string; target: string; value: number; sessions: number; purchases: number };
export type SankeyLayout = SankeyGraph<LayoutNode, LayoutLink>;
export type PlacedNode = SankeyNode<LayoutNode, LayoutLink>;

/** Height of the column headings above the nodes. */
export const HEAD = 26;
const LABEL_MARGIN = 128;

/** The d3-sankey layout of `flow` in a `width` × `height` box; null when there is nothing to draw. */
export function useSankeyLayout(flow: Flow, width: number, height: number, skip: boolean): SankeyLayout | null {
  return useMemo(() => {
    if (skip) return null;
    const min = Math.min(...flow.nodes.map((n) => n.position));
    const ids = new Set(flow.nodes.map((n) => n.id));
    const nodes: LayoutNode[] = flow.nodes.map((n) => ({ ...n, col: n.position - min }));
    const links: LayoutLink[] = flow.links
      .filter((l) => l.sessions > 0 && ids.has(l.source) && ids.has(l.target))
      .map((l) => ({ ...l, value: l.sessions }));
    if (nodes.length === 0 || links.length === 0) return null;
    const gen = sankey<LayoutNode, LayoutLink>()
      .nodeId((n) => n.id)
      .nodeAlign((n) => (n as LayoutNode).col)
      .nodeWidth(14)
      .nodePadding(12)
      .nodeSort((a, b) => kindRank(a) - kindRank(b) || b.sessions - a.sessions)
      .extent([
        [4, HEAD],
        [width - LABEL_MARGIN, height - 8],
      ]);
    return gen({ nodes, links });
  }, [flow, width, height, skip]);
}

export interface ColumnHeading {
  x: number;
  text: string;
  full: string;
}

/** The short note under a node's name: "Show more", "Show steps", or its drop-off. */
function nodeNote(n: FlowNode, flow: Flow): string | undefined {
  if (n.kind === 'other' && n.expandable) return 'Show more';
  if (foldedCheckout(n, flow)) return 'Show steps';
  const drop = flow.anchor === 'start' && n.kind !== 'exit' && n.kind !== 'entry' && n.step !== 'purchase' && n.exits > 0;
  return drop ? `${fmtPct(n.dropOffRate, 0)} leave` : undefined;
}

/** Columns (left edges), their headings, and the labels that fit. */
export function usePlacedLabels(layout: SankeyLayout | null, measure: Measure | null, flow: Flow, width: number) {
  return useMemo(() => {
    if (!layout || !measure) return null;
    const xs = [...new Set(layout.nodes.map((n) => Math.round(n.x0 ?? 0)))].sort((a, b) => a - b);
    const colOf = (n: PlacedNode) => xs.indexOf(Math.round(n.x0 ?? 0));
    const limits = xs.map((_, i) => (i + 1 < xs.length ? xs[i + 1] - 6 : width - 2));
    const columns: LabelBox[][] = xs.map(() => []);
    for (const n of layout.nodes) {
      columns[colOf(n)].push({
        id: n.id,
        x1: n.x1 ?? 0,
        y0: n.y0 ?? 0,
        y1: n.y1 ?? 0,
        name: nodeName(n, flow),
        value: fmtInt(n.sessions),
        note: nodeNote(n, flow),
      });
    }
    const labels = placeLabels(columns, limits, HEAD, measure);
    // Headings: each column's position (all its nodes share it); short forms when narrow.
    const headings: ColumnHeading[] = xs.map((x, i) => {
      const n = layout.nodes.find((m) => colOf(m) === i)!;
      const room = limits[i] - x;
      const full = columnHeading(n.position, flow.anchor);
      const text = measure(full) <= room ? full : elide(columnHeading(n.position, flow.anchor, true), room, measure, false);
      return { x, text, full };
    });
    return { labels: new Map<string, PlacedLabel>(labels.map((l) => [l.id, l])), headings };
  }, [layout, measure, flow, width]);
}
