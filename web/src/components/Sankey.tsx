/**
 * The journey map's flow chart. d3-sankey computes the layout (node columns, heights,
 * link paths) from the API's nodes and links (sankey-layout.ts); React renders it as SVG.
 * Columns are the API's positions (1st, 2nd, … page from entry, or … 2, 1 pages before
 * the purchase / exit), headed as such, so the drawing matches the numbers in the table view.
 *
 * Labels never overlap (flow-labels.ts: measured, elided, or left out, with the full text
 * in the node's tooltip). Every node takes keyboard focus and has screen-reader text; the
 * links are decoration. Narrower than PHONE_WIDTH, the chart becomes a list (FlowList).
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { sankeyLinkHorizontal } from 'd3-sankey';
import { fmtInt } from '../format';
import { t } from '../i18n';
import type { Measure } from './flow-labels';
import { FlowList } from './FlowList';
import { foldedCheckout, nodeColor, nodeDescription, nodeName, type Flow, type FlowNode } from './flow-nodes';
import { usePlacedLabels, useSankeyLayout, type LayoutLink, type LayoutNode, type PlacedNode, type SankeyLayout } from './sankey-layout';
import { SankeyColumnHeadings, SankeyNodeLabels } from './SankeyLabels';
import { createMeasure } from './text-measure';

export type { Flow, FlowNode };

/** Below this width (px) the flow is shown as a list instead of a chart. */
export const PHONE_WIDTH = 600;

interface ChartProps {
  flow: Flow;
  onExpand?: (position: number) => void;
  onSelect?: (node: FlowNode | null) => void;
  onExpandCheckout?: () => void;
  selected?: string | null;
  height?: number;
}

/** The box's width, following resizes, and a text measure in its font. */
function useBox() {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  const [measure, setMeasure] = useState<Measure | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    setMeasure(() => createMeasure(el));
    const ro = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { box, width, measure };
}

export function SankeyChart({ flow, onExpand, onSelect, onExpandCheckout, selected, height = 520 }: ChartProps) {
  const { box, width, measure } = useBox();
  const [hover, setHover] = useState<string | null>(null);
  const phone = width < PHONE_WIDTH;
  const layout = useSankeyLayout(flow, width, height, phone);
  const placed = usePlacedLabels(layout, measure, flow, width);

  if (phone) {
    return (
      <div ref={box}>
        <FlowList flow={flow} onExpand={onExpand} onExpandCheckout={onExpandCheckout} />
      </div>
    );
  }
  if (!layout) return <div ref={box} />;
  const activate = (n: FlowNode) => {
    if (n.kind === 'other' && n.expandable) onExpand?.(n.position);
    else if (foldedCheckout(n, flow) && onExpandCheckout) onExpandCheckout();
    else if (n.kind === 'step') onSelect?.(selected === n.id ? null : n);
  };
  const clickable = (n: FlowNode) =>
    (n.kind === 'other' && Boolean(n.expandable && onExpand)) || (foldedCheckout(n, flow) && Boolean(onExpandCheckout)) || (n.kind === 'step' && Boolean(onSelect));

  return (
    <div ref={box} style={{ width: '100%' }}>
      <svg
        width={width}
        height={height}
        role="group"
        aria-label={t('sankey.label', { count: fmtInt(flow.totals.sessions) })}
        data-testid="sankey"
        data-total-sessions={flow.totals.sessions}
        data-total-purchases={flow.totals.purchases}
        style={{ display: 'block', fontFamily: 'inherit' }}
      >
        <SankeyColumnHeadings headings={placed?.headings ?? []} />
        <SankeyLinks layout={layout} flow={flow} focus={hover ?? selected ?? null} />
        {layout.nodes.map((n) => (
          <SankeyNodeShape
            key={n.id}
            n={n}
            flow={flow}
            labelShown={Boolean(placed?.labels.get(n.id))}
            clickable={clickable(n)}
            selected={selected}
            onHover={setHover}
            onActivate={activate}
          />
        ))}
        <SankeyNodeLabels nodes={layout.nodes} labels={placed?.labels} flow={flow} onActivate={activate} />
      </svg>
      <style>{'.waymark-flow-node:focus-visible .waymark-flow-ring { stroke: #005bd3; }'}</style>
    </div>
  );
}

/** The links, highlighted around the hovered or selected node. Decoration: hidden from screen readers. */
function SankeyLinks({ layout, flow, focus }: { layout: SankeyLayout; flow: Flow; focus: string | null }) {
  const path = sankeyLinkHorizontal<LayoutNode, LayoutLink>();
  return (
    <g fill="none" aria-hidden="true">
      {layout.links.map((l, i) => {
        const s = l.source as PlacedNode;
        const to = l.target as PlacedNode;
        const on = focus !== null && (s.id === focus || to.id === focus);
        return (
          <path
            key={`${s.id}>${to.id}:${i}`}
            d={path(l) ?? undefined}
            stroke={to.kind === 'exit' ? '#d82c0d' : nodeColor(s)}
            strokeOpacity={focus === null ? 0.28 : on ? 0.55 : 0.08}
            strokeWidth={Math.max(1, l.width ?? 1)}
          >
            <title>{t('sankey.link', { from: nodeName(s, flow), to: nodeName(to, flow), sessions: fmtInt(l.sessions), purchases: fmtInt(l.purchases) })}</title>
          </path>
        );
      })}
    </g>
  );
}

/** One node: a focusable bar carrying the node's accessible text, acting on click and Enter / Space. */
function SankeyNodeShape({
  n,
  flow,
  labelShown,
  clickable,
  selected,
  onHover,
  onActivate,
}: {
  n: PlacedNode;
  flow: Flow;
  labelShown: boolean;
  clickable: boolean;
  selected?: string | null;
  onHover: (id: string | null) => void;
  onActivate: (n: FlowNode) => void;
}) {
  const x0 = n.x0 ?? 0;
  const x1 = n.x1 ?? 0;
  const y0 = n.y0 ?? 0;
  const h = Math.max(1, (n.y1 ?? 0) - y0);
  const description = nodeDescription(n, flow);
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onActivate(n);
    }
  };
  return (
    <g
      data-node={n.id}
      data-label={labelShown ? 'shown' : 'hidden'}
      data-sessions={n.sessions}
      tabIndex={0}
      role={clickable ? 'button' : 'img'}
      aria-label={description}
      aria-pressed={clickable && n.kind === 'step' && !foldedCheckout(n, flow) ? n.id === selected : undefined}
      className="waymark-flow-node"
      style={{ cursor: clickable ? 'pointer' : 'default', outline: 'none' }}
      onMouseEnter={() => onHover(n.id)}
      onMouseLeave={() => onHover(null)}
      onFocus={() => onHover(n.id)}
      onBlur={() => onHover(null)}
      onKeyDown={onKey}
      onClick={() => onActivate(n)}
    >
      <title>{description}</title>
      <rect x={x0} y={y0} width={x1 - x0} height={h} fill={nodeColor(n)} rx={2} />
      <rect className="waymark-flow-ring" x={x0 - 3} y={y0 - 3} width={x1 - x0 + 6} height={h + 6} fill="none" stroke={n.id === selected ? '#303030' : 'none'} strokeWidth={2} rx={3} />
    </g>
  );
}
