import { BlockStack, Card, Text } from '@shopify/polaris';
import { fmtDuration, fmtInt, stepLabel } from '../../format';
import type { JourneyMapAnswer } from '../../../../app/api-contract/analytics';
import { Table } from '../Table';
import { LazyChart } from './LazyChart';

/** Median time on each page type before the next step: chart and table. */
export function DwellCard({ data }: { data: JourneyMapAnswer }) {
  const rows = data.dwell.steps.filter((s) => s.step !== 'purchase').slice(0, 10);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Time on each step
        </Text>
        <Text as="p" tone="subdued">
          Median time shoppers spend on a page type before their next step (the last page of a visit has no measurable time).
        </Text>
        {rows.length === 0 ? (
          <Text as="p" tone="subdued">
            Not enough visits with a next step yet.
          </Text>
        ) : (
          <>
            <LazyChart height={200} kind="dwell" rows={rows} />
            <Table
              label="Time on each step"
              numeric={[false, true, true, true]}
              headings={['Step', 'Visits', 'Median', 'Average']}
              rows={rows.map((r) => [stepLabel(r.step), fmtInt(r.visits), fmtDuration(r.medianMs), fmtDuration(r.meanMs)])}
            />
          </>
        )}
        {!data.dwell.exact && (
          <Text as="p" variant="bodySm" tone="subdued">
            Uses the first segment filter only.
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}
