/**
 * The journey map's flow chart. d3-sankey computes the layout (node columns, heights,
 * link paths) from the API's nodes and links; React renders it as SVG. Columns are the
 * API's positions (step 1, 2, … from entry, or … 2, 1 steps before the purchase / exit),
 * so the drawing matches the numbers in the tables.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { sankey, sankeyLinkHorizontal, type SankeyLink, type SankeyNode } from 'd3-sankey';
import { fmtInt, fmtPct } from '../format';

export interface FlowNode {
  id: string;
  position: number;
  kind: 'step' | 'other' | 'exit' | 'entry';
  step: string | null;
  node: string | null;
  itemId: string | null;
  label: string;
  sessions: number;
  purchases: number;
  exits: number;
  dropOffRate: number;
  continuing: number;
  members?: number;
  expandable?: boolean;
}
export interface FlowLink {
  source: string;
  target: string;
  sessions: number;
  purchases: number;
}
export interface Flow {
  anchor: 'start' | 'purchase' | 'exit';
  depth: number;
  totals: { sessions: number; purchases: number };
  nodes: FlowNode[];
  links: FlowLink[];
  detail?: 'step' | 'item';
  filtersExact?: boolean;
}

type N = FlowNode & { col: number };
type L = { source: string; target: string; value: number; sessions: number; purchases: number };

const STEP_COLORS: Record<string, string> = {
  home: '#5c6ac4',
  landing: '#5c6ac4',
  collection: '#47c1bf',
  search: '#9c6ade',
  product: '#006fbb',
  cart: '#f49342',
  checkout: '#eec200',
  checkout_contact: '#eec200',
  checkout_address: '#eec200',
  checkout_shipping: '#eec200',
  checkout_payment: '#eec200',
  purchase: '#108043',
  other: '#8c9196',
};

export function nodeColor(n: Pick<FlowNode, 'kind' | 'step'>): string {
  if (n.kind === 'exit') return '#d82c0d';
  if (n.kind === 'entry') return '#637381';
  if (n.kind === 'other') return '#b5b5b5';
  return STEP_COLORS[n.step ?? 'other'] ?? '#8c9196';
}

const kindRank = (n: FlowNode) => (n.kind === 'step' ? 0 : n.kind === 'other' ? 1 : 2);

export function SankeyChart({
  flow,
  onExpand,
  onSelect,
  selected,
  height = 520,
}: {
  flow: Flow;
  onExpand?: (position: number) => void;
  onSelect?: (node: FlowNode | null) => void;
  selected?: string | null;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  const [hover, setHover] = useState<string | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => setWidth(Math.max(480, Math.floor(entry.contentRect.width))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const layout = useMemo(() => {
    const positions = flow.nodes.map((n) => n.position);
    const min = Math.min(...positions);
    const ids = new Set(flow.nodes.map((n) => n.id));
    const nodes: N[] = flow.nodes.map((n) => ({ ...n, col: n.position - min }));
    const links: L[] = flow.links
      .filter((l) => l.sessions > 0 && ids.has(l.source) && ids.has(l.target))
      .map((l) => ({ ...l, value: l.sessions }));
    if (nodes.length === 0 || links.length === 0) return null;
    const gen = sankey<N, L>()
      .nodeId((n) => n.id)
      .nodeAlign((n) => (n as N).col)
      .nodeWidth(14)
      .nodePadding(12)
      .nodeSort((a, b) => kindRank(a) - kindRank(b) || b.sessions - a.sessions)
      .extent([
        [4, 8],
        [width - 4, height - 8],
      ]);
    return gen({ nodes, links });
  }, [flow, width, height]);

  if (!layout) return <div ref={box} />;
  const path = sankeyLinkHorizontal<N, L>();
  const lastX = Math.max(...layout.nodes.map((n) => n.x0 ?? 0));
  const focus = hover ?? selected ?? null;
  const touches = (l: SankeyLink<N, L>) => {
    const s = l.source as SankeyNode<N, L>;
    const t = l.target as SankeyNode<N, L>;
    return focus !== null && (s.id === focus || t.id === focus);
  };

  return (
    <div ref={box} style={{ width: '100%', overflowX: 'auto' }} role="region" aria-label="Flow chart" tabIndex={0} data-scroll-region>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`Flow of ${fmtInt(flow.totals.sessions)} sessions`}
        data-testid="sankey"
        data-total-sessions={flow.totals.sessions}
        data-total-purchases={flow.totals.purchases}
        style={{ display: 'block', fontFamily: 'inherit' }}
      >
        <g fill="none">
          {layout.links.map((l, i) => {
            const s = l.source as SankeyNode<N, L>;
            const t = l.target as SankeyNode<N, L>;
            const on = touches(l);
            return (
              <path
                key={`${s.id}>${t.id}:${i}`}
                d={path(l) ?? undefined}
                stroke={t.kind === 'exit' ? '#d82c0d' : nodeColor(s)}
                strokeOpacity={focus === null ? 0.28 : on ? 0.55 : 0.08}
                strokeWidth={Math.max(1, l.width ?? 1)}
              >
                <title>{`${s.label} → ${t.label}: ${fmtInt(l.sessions)} sessions, ${fmtInt(l.purchases)} purchased`}</title>
              </path>
            );
          })}
        </g>
        {layout.nodes.map((n) => {
          const x0 = n.x0 ?? 0;
          const x1 = n.x1 ?? 0;
          const y0 = n.y0 ?? 0;
          const y1 = n.y1 ?? 0;
          const h = Math.max(1, y1 - y0);
          const right = x0 < lastX - 1;
          const clickable = n.kind === 'other' ? Boolean(n.expandable && onExpand) : Boolean(onSelect) && n.kind === 'step';
          const showLabel = h >= 9 || n.id === focus;
          const drop = flow.anchor === 'start' && n.kind !== 'exit' && n.kind !== 'entry' && n.exits > 0;
          return (
            <g
              key={n.id}
              data-node={n.id}
              style={{ cursor: clickable ? 'pointer' : 'default' }}
              onMouseEnter={() => setHover(n.id)}
              onMouseLeave={() => setHover(null)}
              onClick={() => {
                if (n.kind === 'other' && n.expandable) onExpand?.(n.position);
                else if (n.kind === 'step') onSelect?.(selected === n.id ? null : n);
              }}
            >
              <rect x={x0} y={y0} width={x1 - x0} height={h} fill={nodeColor(n)} stroke={n.id === selected ? '#303030' : 'none'} strokeWidth={2} rx={2}>
                <title>
                  {`${n.label}: ${fmtInt(n.sessions)} sessions, ${fmtInt(n.purchases)} purchased` +
                    (drop ? `; ${fmtInt(n.exits)} left here (${fmtPct(n.dropOffRate)})` : '') +
                    (n.kind === 'other' && n.expandable ? ' · click to show more' : '')}
                </title>
              </rect>
              {showLabel && (
                <text
                  x={right ? x1 + 6 : x0 - 6}
                  y={(y0 + y1) / 2}
                  dy="-0.1em"
                  textAnchor={right ? 'start' : 'end'}
                  fontSize={12}
                  fill="#303030"
                  style={{ pointerEvents: 'none' }}
                >
                  <tspan fontWeight={600}>{truncate(n.label, 26)}</tspan>
                  <tspan> {fmtInt(n.sessions)}</tspan>
                  {h >= 24 && drop && (
                    <tspan x={right ? x1 + 6 : x0 - 6} dy="1.2em" fill="#8e1f0b" fontSize={11}>
                      {fmtPct(n.dropOffRate, 0)} leave
                    </tspan>
                  )}
                  {h >= 24 && n.kind === 'other' && n.expandable && (
                    <tspan x={right ? x1 + 6 : x0 - 6} dy="1.2em" fill="#005bd3" fontSize={11}>
                      Show more
                    </tspan>
                  )}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
