import { useState } from 'react';
import { Tabs } from '@shopify/polaris';
import { apiQuery, type Filters } from '../../filters';
import { fmtInt, fmtPct, stepLabel } from '../../format';
import { useApi } from '../../hooks';
import { t } from '../../i18n';
import type { PathsAnswer } from '../../../../app/api-contract/analytics';
import { CardState } from '../CardState';
import { TitledCard } from '../TitledCard';
import { Table } from '../Table';

/** The most common paths to a purchase, or to leaving without buying (its own request). */
export function PathsCard({ filters }: { filters: Filters }) {
  const [tab, setTab] = useState(0);
  const outcome = tab === 0 ? 'purchase' : 'exit';
  const paths = useApi<PathsAnswer>(`/paths?${apiQuery(filters, { outcome, limit: 8 })}`);
  return (
    <TitledCard title={t('paths.title')}>
      <Tabs
        tabs={[
          { id: 'paths-purchase', content: t('paths.toPurchase') },
          { id: 'paths-exit', content: t('paths.toExit') },
        ]}
        selected={tab}
        onSelect={setTab}
      />
      <CardState answer={paths} errorTitle={t('paths.loadError')} lines={5} isEmpty={(d) => d.paths.length === 0} empty={t(outcome === 'purchase' ? 'paths.noPurchases' : 'paths.noExits')}>
        {(data) => (
          <div data-testid={`paths-${data.outcome}`}>
            <Table
              label={t(outcome === 'purchase' ? 'paths.tablePurchase' : 'paths.tableExit')}
              numeric={[false, true, true, true]}
              headings={[
                t('paths.path'),
                t('paths.sessions'),
                t(outcome === 'purchase' ? 'paths.purchases' : 'paths.leftWithoutBuying'),
                t(outcome === 'purchase' ? 'paths.sharePurchases' : 'paths.shareExits'),
              ]}
              rows={data.paths.map((p) => [
                <span key="p" style={{ whiteSpace: 'normal' }}>
                  {p.steps.map((s) => (s === '+' ? '…' : stepLabel(s))).join(' → ')}
                  {outcome === 'exit' ? t('paths.exit') : ''}
                </span>,
                fmtInt(p.sessions),
                fmtInt(outcome === 'purchase' ? p.purchases : p.sessions - p.purchases),
                fmtPct(p.share),
              ])}
            />
          </div>
        )}
      </CardState>
    </TitledCard>
  );
}
