import { fmtInt } from '../../format';
import { columnHeading, nodeName, type Flow } from '../flow-nodes';
import { Table } from '../Table';

/** The flow chart's numbers as a table: one row per node, column by column. */
export function FlowTable({ flow }: { flow: Flow }) {
  return (
    <Table
      label="Flow chart as a table"
      testid="flow-table"
      numeric={[false, false, true, true, true]}
      headings={['Column', 'Page', 'Sessions', 'Purchased', flow.anchor === 'start' ? 'Left here' : 'Started here']}
      rows={flow.nodes.map((n) => [
        columnHeading(n.position, flow.anchor),
        n.kind === 'exit' ? 'Left the store' : n.kind === 'entry' ? 'Started the visit' : nodeName(n, flow),
        <span key="s" data-node={n.id} data-value={n.sessions}>
          {fmtInt(n.sessions)}
        </span>,
        fmtInt(n.purchases),
        n.kind === 'exit' || n.kind === 'entry' ? '–' : fmtInt(n.exits),
      ])}
    />
  );
}
