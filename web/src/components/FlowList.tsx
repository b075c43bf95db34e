/**
 * The flow on a phone: per column, its pages with their sessions, largest first (the
 * chart's numbers, as a list).
 */
import { useState } from 'react';
import { fmtInt, fmtPct } from '../format';
import { t } from '../i18n';
import { columnHeading, foldedCheckout, kindRank, nodeColor, nodeName, type Flow, type FlowNode } from './flow-nodes';

const PHONE_COLUMNS = 4;

const linkButton: React.CSSProperties = { background: 'none', border: 0, padding: 0, color: 'var(--p-color-text-link)', textDecoration: 'underline', cursor: 'pointer', font: 'inherit', textAlign: 'left' };

interface Actions {
  onExpand?: (position: number) => void;
  onExpandCheckout?: () => void;
}

export function FlowList({ flow, onExpand, onExpandCheckout }: { flow: Flow } & Actions) {
  const [all, setAll] = useState(false);
  const positions = [...new Set(flow.nodes.map((n) => n.position))].sort((a, b) => a - b);
  // The columns nearest the anchor first; the rest on request.
  const shown = all || positions.length <= PHONE_COLUMNS ? positions : flow.anchor === 'start' ? positions.slice(0, PHONE_COLUMNS) : positions.slice(-PHONE_COLUMNS);
  const showAll = (
    <button type="button" onClick={() => setAll(true)} style={{ ...linkButton, margin: 'var(--p-space-200) 0' }}>
      {t('flowList.showAll', { count: fmtInt(positions.length) })}
    </button>
  );
  return (
    <div data-testid="flow-list" data-total-sessions={flow.totals.sessions} data-total-purchases={flow.totals.purchases}>
      {shown.length < positions.length && flow.anchor !== 'start' && showAll}
      {shown.map((p) => (
        <FlowColumn key={p} position={p} flow={flow} onExpand={onExpand} onExpandCheckout={onExpandCheckout} />
      ))}
      {shown.length < positions.length && flow.anchor === 'start' && showAll}
    </div>
  );
}

function FlowColumn({ position, flow, ...actions }: { position: number; flow: Flow } & Actions) {
  const nodes = flow.nodes.filter((n) => n.position === position).sort((a, b) => kindRank(a) - kindRank(b) || b.sessions - a.sessions);
  const inColumn = nodes.reduce((a, n) => a + n.sessions, 0);
  return (
    <section aria-label={columnHeading(position, flow.anchor)} style={{ padding: 'var(--p-space-200) 0', borderBottom: '1px solid var(--p-color-border-secondary)' }}>
      <h3 style={{ margin: 0, fontSize: 'var(--p-font-size-325)', fontWeight: 'var(--p-font-weight-semibold)' }}>{columnHeading(position, flow.anchor)}</h3>
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {nodes.map((n) => (
          <FlowListItem key={n.id} n={n} flow={flow} inColumn={inColumn} {...actions} />
        ))}
      </ul>
    </section>
  );
}

function FlowListItem({ n, flow, inColumn, onExpand, onExpandCheckout }: { n: FlowNode; flow: Flow; inColumn: number } & Actions) {
  return (
    <li data-node={n.id} style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '2px 0', fontSize: 'var(--p-font-size-325)' }}>
      <span aria-hidden="true" style={{ width: 10, height: 10, borderRadius: 2, flex: 'none', background: nodeColor(n) }} />
      <span style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
        {n.kind === 'other' && n.expandable && onExpand ? (
          <button type="button" onClick={() => onExpand(n.position)} style={linkButton}>
            {t('flowList.showMore', { name: nodeName(n, flow) })}
          </button>
        ) : foldedCheckout(n, flow) && onExpandCheckout ? (
          <button type="button" onClick={onExpandCheckout} style={linkButton}>
            {t('flowList.checkoutSteps')}
          </button>
        ) : (
          nodeName(n, flow)
        )}
        {flow.anchor === 'start' && n.kind !== 'exit' && n.step !== 'purchase' && n.exits > 0 && (
          <span style={{ color: 'var(--p-color-text-secondary)' }}>{t('flowList.leave', { rate: fmtPct(n.dropOffRate, 0) })}</span>
        )}
      </span>
      <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
        {fmtInt(n.sessions)}
        <span style={{ color: 'var(--p-color-text-secondary)' }}>{` (${fmtPct(inColumn ? n.sessions / inColumn : 0, 0)})`}</span>
      </span>
    </li>
  );
}
