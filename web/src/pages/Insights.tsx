/**
 * Insights: a ranked feed of findings, each linking to the journey-map view that shows it;
 * what predicts a purchase (the purchase-propensity report); reviews and feedback; site search.
 */
import { Badge, Banner, BlockStack, Button, Card, EmptyState, InlineStack, Layout, SkeletonBodyText, Text } from '@shopify/polaris';
import { AppPage } from '../components/AppPage';
import { FilterBar } from '../components/FilterBar';
import { PurchasePropensityCard } from '../components/PurchasePropensity';
import { ReviewInsightsCard } from '../components/ReviewInsights';
import { SearchClustersCard } from '../components/SearchClusters';
import { apiQuery } from '../filters';
import { fmtInt, fmtMoney, fmtPct } from '../format';
import { useApi } from '../hooks';
import { usePageFilters } from '../page-filters';
import { navigate } from '../router';
import type { Insight, InsightsAnswer } from '../../../app/api-contract/analytics';

const KIND_LABEL: Record<string, string> = {
  period_drop: 'Worse than last period',
  segment_step_drop: 'Segment drop-off',
  segment_conversion: 'Segment converts less',
  item_no_carts: 'Product or collection',
  search_no_results: 'Site search',
  search_no_clicks: 'Site search',
};

/** Where a finding's link goes: the journey map with its filters (funnel / flow) or the search table. */
export function openInsight(link: Insight['link']) {
  const params = new URLSearchParams(link.params);
  params.delete('query');
  if (params.get('compare') === 'previous') params.delete('compare');
  if (link.view === 'search') {
    navigate('/app/insights', params);
    requestAnimationFrame(() => document.getElementById('site-search')?.scrollIntoView({ behavior: 'smooth' }));
    return;
  }
  navigate('/', params);
  if (link.view === 'funnel') {
    // The journey map loads, then scroll to its funnel.
    const start = Date.now();
    const tick = () => {
      const el = document.getElementById('funnel');
      if (el) el.scrollIntoView({ behavior: 'smooth' });
      else if (Date.now() - start < 5000) setTimeout(tick, 100);
    };
    setTimeout(tick, 50);
  } else window.scrollTo({ top: 0 });
}

function InsightCard({ insight, currency, rank }: { insight: Insight; currency: string; rank: number }) {
  const action = insight.link.view === 'search' ? 'Show searches' : insight.link.view === 'funnel' ? 'Show in funnel' : 'Show in journey map';
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="start" gap="300" wrap={false}>
          <BlockStack gap="100">
            <InlineStack align="start" gap="200" blockAlign="center">
              <Text as="span" tone="subdued" variant="bodySm">
                #{rank}
              </Text>
              <Badge>{KIND_LABEL[insight.kind] ?? insight.kind}</Badge>
              {insight.propensity !== undefined && <Badge tone="info">{`Purchase propensity ${fmtPct(insight.propensity, 0)}`}</Badge>}
            </InlineStack>
            <Text as="h2" variant="headingMd">
              {insight.title}
            </Text>
          </BlockStack>
          <BlockStack gap="100" inlineAlign="end">
            <Text as="p" variant="headingMd" tone="critical">
              {fmtMoney(insight.revenueAtStake, currency)}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued">
              at stake · {fmtInt(insight.sessionsAtStake)} sessions
            </Text>
          </BlockStack>
        </InlineStack>
        <Text as="p">{insight.detail}</Text>
        <InlineStack align="start">
          <Button onClick={() => openInsight(insight.link)}>{action}</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

export default function InsightsPage() {
  const { shop, today, filters, onFilters, segments } = usePageFilters();
  const insights = useApi<InsightsAnswer>(`/insights?${apiQuery(filters, { limit: 20 })}`);
  const currency = (insights.data as { currency?: string } | null)?.currency ?? 'USD';
  const list = insights.data?.insights ?? [];
  return (
    <AppPage title="Insights" subtitle="Where shoppers get stuck, ranked by the sales at stake">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <FilterBar filters={filters} onChange={onFilters} today={today} />
            {insights.error && (
              <Banner tone="critical" title="Insights could not be loaded" action={{ content: 'Try again', onAction: insights.reload }}>
                <p>{insights.error.message}</p>
              </Banner>
            )}
            {!insights.data && !insights.error && (
              <Card>
                <SkeletonBodyText lines={8} />
              </Card>
            )}
            {insights.data && list.length === 0 && (
              <Card>
                <EmptyState heading="Nothing stands out yet" image="">
                  <p>
                    {shop.data && shop.data.counts.journeys < 500
                      ? 'Insights need a few hundred sessions to tell real problems from chance. Check back after a few days of traffic.'
                      : `No step, segment, product or search differs enough from your store's norm${segments.length ? ' in this segment' : ''} in this period to be sure it is not chance.`}
                  </p>
                </EmptyState>
              </Card>
            )}
            <div data-testid="insights-list">
              <BlockStack gap="300">
                {list.map((i, n) => (
                  <div key={i.id} data-testid="insight" data-kind={i.kind}>
                    <InsightCard insight={i} currency={currency} rank={n + 1} />
                  </div>
                ))}
              </BlockStack>
            </div>
            <PurchasePropensityCard />
            <div id="reviews-feedback">
              <ReviewInsightsCard filters={filters} />
            </div>
            <div id="site-search">
              <SearchClustersCard filters={filters} />
            </div>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
