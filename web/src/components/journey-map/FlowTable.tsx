import { fmtInt } from '../../format';
import { columnHeading, nodeName, type Flow } from '../flow-nodes';
import { t } from '../../i18n';
import { Table } from '../Table';

/** The flow chart's numbers as a table: one row per node, column by column. */
export function FlowTable({ flow }: { flow: Flow }) {
  return (
    <Table
      label={t('flowTable.label')}
      testid="flow-table"
      numeric={[false, false, true, true, true]}
      headings={[t('flowTable.column'), t('flowTable.page'), t('flowTable.sessions'), t('flowTable.purchased'), t(flow.anchor === 'start' ? 'flowTable.leftHere' : 'flowTable.startedHere')]}
      rows={flow.nodes.map((n) => [
        columnHeading(n.position, flow.anchor),
        n.kind === 'exit' ? t('flowTable.leftStore') : n.kind === 'entry' ? t('flowTable.startedVisit') : nodeName(n, flow),
        <span key="s" data-node={n.id} data-value={n.sessions}>
          {fmtInt(n.sessions)}
        </span>,
        fmtInt(n.purchases),
        n.kind === 'exit' || n.kind === 'entry' ? '–' : fmtInt(n.exits),
      ])}
    />
  );
}
