import { Text } from '@shopify/polaris';
import { fmtDuration, fmtInt, stepLabel } from '../../format';
import type { JourneyMapAnswer } from '../../../../app/api-contract/analytics';
import { t } from '../../i18n';
import { CardState } from '../CardState';
import { TitledCard } from '../TitledCard';
import { Table } from '../Table';
import { LazyChart } from './LazyChart';

/** Median time on each page type before the next step: chart and table (its data comes with the journey map's answer). */
export function DwellCard({ data }: { data: JourneyMapAnswer }) {
  const rows = data.dwell.steps.filter((s) => s.step !== 'purchase').slice(0, 10);
  return (
    <TitledCard title={t('dwell.title')} help={t('dwell.help')}>
      <CardState answer={{ data: rows }} isEmpty={(r) => r.length === 0} empty={t('dwell.empty')}>
        {(list) => (
          <>
            <LazyChart height={200} kind="dwell" rows={list} />
            <Table
              label={t('dwell.title')}
              numeric={[false, true, true, true]}
              headings={[t('dwell.step'), t('dwell.visits'), t('dwell.median'), t('dwell.average')]}
              rows={list.map((r) => [stepLabel(r.step), fmtInt(r.visits), fmtDuration(r.medianMs), fmtDuration(r.meanMs)])}
            />
          </>
        )}
      </CardState>
      {!data.dwell.exact && (
        <Text as="p" variant="bodySm" tone="subdued">
          {t('dwell.firstSegmentOnly')}
        </Text>
      )}
    </TitledCard>
  );
}
