/**
 * The journey map's flow chart. d3-sankey computes the layout (node columns, heights,
 * link paths) from the API's nodes and links; React renders it as SVG. Columns are the
 * API's positions (1st, 2nd, … page from entry, or … 2, 1 pages before the purchase /
 * exit), headed as such, so the drawing matches the numbers in the table view.
 *
 * Labels never overlap (flow-labels.ts: measured, elided, or left out, with the full text
 * in the node's tooltip). Every node takes keyboard focus and has screen-reader text; the
 * links are decoration. Narrower than PHONE_WIDTH, the chart becomes a list (FlowList).
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { sankey, sankeyLinkHorizontal, type SankeyLink, type SankeyNode } from 'd3-sankey';
import { fmtInt, fmtPct, stepLabel } from '../format';
import { LINE, elide, ordinal, placeLabels, type LabelBox, type Measure } from './flow-labels';

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
  checkout?: 'fold' | 'steps';
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

/** Below this width (px) the flow is shown as a list instead of a chart. */
export const PHONE_WIDTH = 600;
const HEAD = 26;
const LABEL_MARGIN = 128;

/** The node's name in the admin's words (one vocabulary for page types across views). */
export function nodeName(n: FlowNode, flow: Flow): string {
  if (n.kind === 'step' && flow.detail !== 'item' && n.step) return stepLabel(n.step);
  return n.label;
}

/** The heading of a column: "1st page", …; "Purchase", "1 page before", … for end anchors. */
export function columnHeading(position: number, anchor: Flow['anchor'], short = false): string {
  if (anchor === 'start') return short ? ordinal(position + 1) : `${ordinal(position + 1)} page`;
  if (position === 0) return anchor === 'purchase' ? 'Purchase' : 'Last page';
  const k = -position;
  return short ? `−${k}` : `${k} page${k === 1 ? '' : 's'} before`;
}

/** What a screen reader says for a node, and what its tooltip shows. */
export function nodeDescription(n: FlowNode, flow: Flow): string {
  const where = columnHeading(n.position, flow.anchor);
  const name = nodeName(n, flow);
  if (n.kind === 'exit') return `${where}: ${fmtInt(n.sessions)} sessions left the store`;
  if (n.kind === 'entry') return `${where}: ${fmtInt(n.sessions)} sessions started here`;
  let s = `${where}: ${name}, ${fmtInt(n.sessions)} sessions, ${fmtInt(n.purchases)} purchased`;
  if (flow.anchor === 'start' && n.exits > 0 && n.step !== 'purchase') s += `, ${fmtInt(n.exits)} left here (${fmtPct(n.dropOffRate)})`;
  if (n.kind === 'other' && n.expandable) s += '. Press to show more';
  else if (foldedCheckout(n, flow)) s += '. Press to show each checkout step';
  return s;
}

const foldedCheckout = (n: FlowNode, flow: Flow) => n.kind === 'step' && n.step === 'checkout' && flow.detail !== 'item' && flow.checkout === 'fold';

/** Text widths in the page's font (canvas measureText), cached. */
function createMeasure(el: Element | null): Measure {
  const family = el ? getComputedStyle(el).fontFamily : 'sans-serif';
  const ctx = document.createElement('canvas').getContext('2d');
  const cache = new Map<string, number>();
  return (text, bold = false) => {
    const key = `${bold ? 1 : 0}${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      if (ctx) {
        ctx.font = `${bold ? 600 : 400} 12px ${family}`;
        w = ctx.measureText(text).width;
      } else w = text.length * 7;
      cache.set(key, w);
    }
    return w;
  };
}

export function SankeyChart({
  flow,
  onExpand,
  onSelect,
  onExpandCheckout,
  selected,
  height = 520,
}: {
  flow: Flow;
  onExpand?: (position: number) => void;
  onSelect?: (node: FlowNode | null) => void;
  onExpandCheckout?: () => void;
  selected?: string | null;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  const [hover, setHover] = useState<string | null>(null);
  const [measure, setMeasure] = useState<Measure | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    setMeasure(() => createMeasure(el));
    const ro = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const phone = width < PHONE_WIDTH;

  const layout = useMemo(() => {
    if (phone) return null;
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
        [4, HEAD],
        [width - LABEL_MARGIN, height - 8],
      ]);
    return gen({ nodes, links });
  }, [flow, width, height, phone]);

  // Columns (left edges), their headings, and the labels that fit.
  const placed = useMemo(() => {
    if (!layout || !measure) return null;
    const xs = [...new Set(layout.nodes.map((n) => Math.round(n.x0 ?? 0)))].sort((a, b) => a - b);
    const colOf = (n: SankeyNode<N, L>) => xs.indexOf(Math.round(n.x0 ?? 0));
    const limits = xs.map((_, i) => (i + 1 < xs.length ? xs[i + 1] - 6 : width - 2));
    const columns: LabelBox[][] = xs.map(() => []);
    for (const n of layout.nodes) {
      const drop = flow.anchor === 'start' && n.kind !== 'exit' && n.kind !== 'entry' && n.step !== 'purchase' && n.exits > 0;
      columns[colOf(n)].push({
        id: n.id,
        x1: n.x1 ?? 0,
        y0: n.y0 ?? 0,
        y1: n.y1 ?? 0,
        name: nodeName(n, flow),
        value: fmtInt(n.sessions),
        note: n.kind === 'other' && n.expandable ? 'Show more' : foldedCheckout(n, flow) ? 'Show steps' : drop ? `${fmtPct(n.dropOffRate, 0)} leave` : undefined,
      });
    }
    const labels = placeLabels(columns, limits, HEAD, measure);
    // Headings: each column's position (all its nodes share it); short forms when narrow.
    const headings = xs.map((x, i) => {
      const n = layout.nodes.find((m) => colOf(m) === i)!;
      const room = limits[i] - x;
      const full = columnHeading(n.position, flow.anchor);
      const text = measure(full) <= room ? full : elide(columnHeading(n.position, flow.anchor, true), room, measure, false);
      return { x, text, full };
    });
    return { labels: new Map(labels.map((l) => [l.id, l])), headings };
  }, [layout, measure, flow, width]);

  if (phone) {
    return (
      <div ref={box}>
        <FlowList flow={flow} onExpand={onExpand} onExpandCheckout={onExpandCheckout} />
      </div>
    );
  }
  if (!layout) return <div ref={box} />;
  const path = sankeyLinkHorizontal<N, L>();
  const focus = hover ?? selected ?? null;
  const touches = (l: SankeyLink<N, L>) => {
    const s = l.source as SankeyNode<N, L>;
    const t = l.target as SankeyNode<N, L>;
    return focus !== null && (s.id === focus || t.id === focus);
  };
  const activate = (n: FlowNode) => {
    if (n.kind === 'other' && n.expandable) onExpand?.(n.position);
    else if (foldedCheckout(n, flow) && onExpandCheckout) onExpandCheckout();
    else if (n.kind === 'step') onSelect?.(selected === n.id ? null : n);
  };
  const onKey = (e: KeyboardEvent, n: FlowNode) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(n);
    }
  };

  return (
    <div ref={box} style={{ width: '100%' }}>
      <svg
        width={width}
        height={height}
        role="group"
        aria-label={`Flow chart of ${fmtInt(flow.totals.sessions)} sessions. Each node can be focused; the table view has the same numbers.`}
        data-testid="sankey"
        data-total-sessions={flow.totals.sessions}
        data-total-purchases={flow.totals.purchases}
        style={{ display: 'block', fontFamily: 'inherit' }}
      >
        <g aria-hidden="true" data-testid="sankey-columns">
          {placed?.headings.map((h) => (
            <text key={h.x} x={h.x} y={13} fontSize={12} fill="#616161" fontWeight={500}>
              {h.text !== h.full && <title>{h.full}</title>}
              {h.text}
            </text>
          ))}
        </g>
        <g fill="none" aria-hidden="true">
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
                <title>{`${nodeName(s, flow)} → ${nodeName(t, flow)}: ${fmtInt(l.sessions)} sessions, ${fmtInt(l.purchases)} purchased`}</title>
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
          const clickable = (n.kind === 'other' && Boolean(n.expandable && onExpand)) || (foldedCheckout(n, flow) && Boolean(onExpandCheckout)) || (n.kind === 'step' && Boolean(onSelect));
          const label = placed?.labels.get(n.id);
          const description = nodeDescription(n, flow);
          return (
            <g
              key={n.id}
              data-node={n.id}
              data-label={label ? 'shown' : 'hidden'}
              data-sessions={n.sessions}
              tabIndex={0}
              role={clickable ? 'button' : 'img'}
              aria-label={description}
              aria-pressed={clickable && n.kind === 'step' && !foldedCheckout(n, flow) ? n.id === selected : undefined}
              className="waymark-flow-node"
              style={{ cursor: clickable ? 'pointer' : 'default', outline: 'none' }}
              onMouseEnter={() => setHover(n.id)}
              onMouseLeave={() => setHover(null)}
              onFocus={() => setHover(n.id)}
              onBlur={() => setHover(null)}
              onKeyDown={(e) => onKey(e, n)}
              onClick={() => activate(n)}
            >
              <title>{description}</title>
              <rect x={x0} y={y0} width={x1 - x0} height={h} fill={nodeColor(n)} rx={2} />
              <rect className="waymark-flow-ring" x={x0 - 3} y={y0 - 3} width={x1 - x0 + 6} height={h + 6} fill="none" stroke={n.id === selected ? '#303030' : 'none'} strokeWidth={2} rx={3} />
            </g>
          );
        })}
        {/* Labels: pictures of the nodes' names (the nodes carry the accessible text); clicking one acts on its node. */}
        <g aria-hidden="true">
          {layout.nodes.map((n) => {
            const label = placed?.labels.get(n.id);
            if (!label) return null;
            return (
              <text key={n.id} data-label-for={n.id} x={label.x} y={label.y} dy="0.35em" fontSize={12} fill="#303030" style={{ cursor: 'pointer' }} onClick={() => activate(n)}>
                <tspan fontWeight={600}>{label.name}</tspan>
                {!label.valueBelow && <tspan> {label.value}</tspan>}
                {label.valueBelow && (
                  <tspan x={label.x} dy={LINE}>
                    {label.value}
                  </tspan>
                )}
                {label.note && (
                  <tspan {...(label.valueBelow ? {} : { x: label.x, dy: LINE })} fill={n.kind === 'other' || foldedCheckout(n, flow) ? '#005bd3' : '#8e1f0b'} fontSize={11}>
                    {label.valueBelow ? ` · ${label.note}` : label.note}
                  </tspan>
                )}
              </text>
            );
          })}
        </g>
      </svg>
      <style>{'.waymark-flow-node:focus-visible .waymark-flow-ring { stroke: #005bd3; }'}</style>
    </div>
  );
}

/**
 * The flow on a phone: per column, its pages with their sessions, largest first (the
 * chart's numbers, as a list).
 */
export function FlowList({ flow, onExpand, onExpandCheckout }: { flow: Flow; onExpand?: (position: number) => void; onExpandCheckout?: () => void }) {
  const [all, setAll] = useState(false);
  const positions = [...new Set(flow.nodes.map((n) => n.position))].sort((a, b) => a - b);
  // The columns nearest the anchor first; the rest on request.
  const shown = all || positions.length <= PHONE_COLUMNS ? positions : flow.anchor === 'start' ? positions.slice(0, PHONE_COLUMNS) : positions.slice(-PHONE_COLUMNS);
  return (
    <div data-testid="flow-list" data-total-sessions={flow.totals.sessions} data-total-purchases={flow.totals.purchases}>
      {shown.length < positions.length && flow.anchor !== 'start' && (
        <button type="button" onClick={() => setAll(true)} style={{ ...linkButton, margin: 'var(--p-space-200) 0' }}>
          {`Show all ${positions.length} columns`}
        </button>
      )}
      {shown.map((p) => {
        const nodes = flow.nodes.filter((n) => n.position === p).sort((a, b) => kindRank(a) - kindRank(b) || b.sessions - a.sessions);
        const inColumn = nodes.reduce((a, n) => a + n.sessions, 0);
        return (
          <section key={p} aria-label={columnHeading(p, flow.anchor)} style={{ padding: 'var(--p-space-200) 0', borderBottom: '1px solid var(--p-color-border-secondary)' }}>
            <h3 style={{ margin: 0, fontSize: 'var(--p-font-size-325)', fontWeight: 'var(--p-font-weight-semibold)' }}>{columnHeading(p, flow.anchor)}</h3>
            <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {nodes.map((n) => (
                <li key={n.id} data-node={n.id} style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '2px 0', fontSize: 'var(--p-font-size-325)' }}>
                  <span aria-hidden="true" style={{ width: 10, height: 10, borderRadius: 2, flex: 'none', background: nodeColor(n) }} />
                  <span style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
                    {n.kind === 'other' && n.expandable && onExpand ? (
                      <button type="button" onClick={() => onExpand(n.position)} style={linkButton}>
                        {`${nodeName(n, flow)}: show more`}
                      </button>
                    ) : foldedCheckout(n, flow) && onExpandCheckout ? (
                      <button type="button" onClick={onExpandCheckout} style={linkButton}>
                        Checkout: show each step
                      </button>
                    ) : (
                      nodeName(n, flow)
                    )}
                    {flow.anchor === 'start' && n.kind !== 'exit' && n.step !== 'purchase' && n.exits > 0 && (
                      <span style={{ color: 'var(--p-color-text-secondary)' }}>{` · ${fmtPct(n.dropOffRate, 0)} leave`}</span>
                    )}
                  </span>
                  <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                    {fmtInt(n.sessions)}
                    <span style={{ color: 'var(--p-color-text-secondary)' }}>{` (${fmtPct(inColumn ? n.sessions / inColumn : 0, 0)})`}</span>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {shown.length < positions.length && flow.anchor === 'start' && (
        <button type="button" onClick={() => setAll(true)} style={{ ...linkButton, margin: 'var(--p-space-200) 0' }}>
          {`Show all ${positions.length} columns`}
        </button>
      )}
    </div>
  );
}

const PHONE_COLUMNS = 4;

const linkButton: React.CSSProperties = { background: 'none', border: 0, padding: 0, color: 'var(--p-color-text-link)', textDecoration: 'underline', cursor: 'pointer', font: 'inherit', textAlign: 'left' };
