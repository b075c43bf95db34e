/** The journey map's headline numbers, each with its change against the comparison period. */
import { Badge, BlockStack, Card, InlineGrid, InlineStack, Text } from '@shopify/polaris';
import { change, fmtInt, fmtMoney, fmtPct } from '../../format';
import { t } from '../../i18n';
import type { Headline, JourneyMapAnswer } from '../../../../app/api-contract/analytics';

function Metric({
  id,
  label,
  value,
  current,
  previous,
  compare,
  help,
}: {
  id: string;
  label: string;
  value: string;
  current: number;
  previous: number;
  compare: boolean;
  help: string;
}) {
  const c = change(current, previous);
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <InlineStack align="start" gap="200" blockAlign="center">
          <span data-testid={`headline-${id}`} data-value={current}>
            <Text as="p" variant="heading2xl">
              {value}
            </Text>
          </span>
          {compare && c !== null && (
            <Badge tone={Math.abs(c) < 0.005 ? undefined : c > 0 ? 'success' : 'critical'}>{`${c > 0 ? '▲' : c < 0 ? '▼' : ''} ${fmtPct(Math.abs(c))}`}</Badge>
          )}
          {compare && c === null && <Badge>{t('headline.new')}</Badge>}
        </InlineStack>
        <Text as="p" variant="bodySm" tone="subdued">
          {help}
        </Text>
      </BlockStack>
    </Card>
  );
}

export function Headlines({ data, compare: asked }: { data: JourneyMapAnswer; compare: boolean }) {
  const { current: h, previous: p } = data.headline;
  // Against an empty previous period every number would read "New": compare only with data.
  const compare = asked && p.sessions > 0;
  const was = (s: string) => (compare ? t('headline.was', { value: s }) : ' ');
  const metric = (k: keyof Headline) => ({ current: h[k], previous: p[k], compare });
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
      <Metric id="sessions" label={t('headline.sessions')} value={fmtInt(h.sessions)} help={was(fmtInt(p.sessions))} {...metric('sessions')} />
      <Metric id="conversion" label={t('headline.conversion')} value={fmtPct(h.conversionRate, 2)} help={compare ? was(fmtPct(p.conversionRate, 2)) : t('headline.conversionHelp')} {...metric('conversionRate')} />
      <Metric id="purchases" label={t('headline.purchases')} value={fmtInt(h.purchases)} help={was(fmtInt(p.purchases))} {...metric('purchases')} />
      <Metric id="revenue" label={t('headline.revenue')} value={fmtMoney(h.revenue, data.currency)} help={compare ? was(fmtMoney(p.revenue, data.currency)) : t('headline.orders', { count: fmtInt(h.orders) })} {...metric('revenue')} />
    </InlineGrid>
  );
}
