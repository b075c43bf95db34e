import { useState } from 'react';
import { Banner, BlockStack, Card, SkeletonBodyText, Tabs, Text } from '@shopify/polaris';
import { apiQuery, type Filters } from '../../filters';
import { fmtInt, fmtPct, stepLabel } from '../../format';
import { useApi } from '../../hooks';
import type { PathsAnswer } from '../../../../app/api-contract/analytics';
import { Table } from '../Table';

/** The most common paths to a purchase, or to leaving without buying (its own request). */
export function PathsCard({ filters }: { filters: Filters }) {
  const [tab, setTab] = useState(0);
  const outcome = tab === 0 ? 'purchase' : 'exit';
  const paths = useApi<PathsAnswer>(`/paths?${apiQuery(filters, { outcome, limit: 8 })}`);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Top paths
        </Text>
        <Tabs
          tabs={[
            { id: 'paths-purchase', content: 'To purchase' },
            { id: 'paths-exit', content: 'To exit without buying' },
          ]}
          selected={tab}
          onSelect={setTab}
        />
        {paths.error && <Banner tone="critical">{`Top paths could not be loaded: ${paths.error.message}`}</Banner>}
        {!paths.data && !paths.error && <SkeletonBodyText lines={5} />}
        {paths.data && paths.data.paths.length === 0 && (
          <Text as="p" tone="subdued">
            {outcome === 'purchase' ? 'No purchases in this period and segment yet.' : 'No visits ended without a purchase.'}
          </Text>
        )}
        {paths.data && paths.data.paths.length > 0 && (
          <div data-testid={`paths-${paths.data.outcome}`}>
            <Table
              label={outcome === 'purchase' ? 'Top paths to a purchase' : 'Top paths to leaving without buying'}
              numeric={[false, true, true, true]}
              headings={['Path', 'Sessions', outcome === 'purchase' ? 'Purchases' : 'Left without buying', outcome === 'purchase' ? 'Share of purchases' : 'Share of exits']}
              rows={paths.data.paths.map((p) => [
                <span key="p" style={{ whiteSpace: 'normal' }}>
                  {p.steps.map((s) => (s === '+' ? '…' : stepLabel(s))).join(' → ')}
                  {outcome === 'exit' ? ' → Exit' : ''}
                </span>,
                fmtInt(p.sessions),
                fmtInt(outcome === 'purchase' ? p.purchases : p.sessions - p.purchases),
                fmtPct(p.share),
              ])}
            />
          </div>
        )}
      </BlockStack>
    </Card>
  );
}
