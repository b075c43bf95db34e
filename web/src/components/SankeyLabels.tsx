/** The flow chart's text: column headings and node labels (pictures of text; the nodes carry the accessible names). */
import { LINE, type PlacedLabel } from './flow-labels';
import { foldedCheckout, type Flow, type FlowNode } from './flow-nodes';
import type { ColumnHeading, PlacedNode } from './sankey-layout';

export function SankeyColumnHeadings({ headings }: { headings: ColumnHeading[] }) {
  return (
    <g aria-hidden="true" data-testid="sankey-columns">
      {headings.map((h) => (
        <text key={h.x} x={h.x} y={13} fontSize={12} fill="#616161" fontWeight={500}>
          {h.text !== h.full && <title>{h.full}</title>}
          {h.text}
        </text>
      ))}
    </g>
  );
}

/** Labels that fit, beside their nodes; clicking one acts on its node. */
export function SankeyNodeLabels({
  nodes,
  labels,
  flow,
  onActivate,
}: {
  nodes: PlacedNode[];
  labels: Map<string, PlacedLabel> | undefined;
  flow: Flow;
  onActivate: (n: FlowNode) => void;
}) {
  return (
    <g aria-hidden="true">
      {nodes.map((n) => {
        const label = labels?.get(n.id);
        if (!label) return null;
        return (
          <text key={n.id} data-label-for={n.id} x={label.x} y={label.y} dy="0.35em" fontSize={12} fill="#303030" style={{ cursor: 'pointer' }} onClick={() => onActivate(n)}>
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
  );
}
