/**
 * Insights: a ranked feed of findings, each linking to the journey-map view that shows it;
 * what predicts a purchase (the purchase-propensity report); reviews and feedback; site search.
 */
import { Badge, BlockStack, Button, Card, EmptyState, InlineStack, Layout, SkeletonBodyText, Text } from '@shopify/polaris';
import { AppPage } from '../components/AppPage';
import { ErrorBanner } from '../components/ErrorNotice';
import { FilterBar } from '../components/FilterBar';
import { PurchasePropensityCard } from '../components/PurchasePropensity';
import { ReviewInsightsCard } from '../components/ReviewInsights';
import { SearchClustersCard } from '../components/SearchClusters';
import { apiQuery } from '../filters';
import { fmtInt, fmtMoney, fmtPct } from '../format';
import { useApi } from '../hooks';
import { t, type MessageKey } from '../i18n';
import { usePageFilters } from '../page-filters';
import { navigate } from '../router';
import type { Insight, InsightsAnswer } from '../../../app/api-contract/analytics';

const KIND_LABEL: Record<string, MessageKey> = {
  period_drop: 'insights.kind.period_drop',
  segment_step_drop: 'insights.kind.segment_step_drop',
  segment_conversion: 'insights.kind.segment_conversion',
  item_no_carts: 'insights.kind.item',
  search_no_results: 'insights.kind.search',
  search_no_clicks: 'insights.kind.search',
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

const CERTAINTY_TONE: Record<Insight['certainty']['level'], 'success' | 'info' | undefined> = { very_likely: 'success', likely: 'info', counted: undefined };

/** How sure the finding is: the words, then the numbers behind them. */
function Certainty({ certainty }: { certainty: Insight['certainty'] }) {
  return (
    <div data-testid="insight-certainty" data-level={certainty.level}>
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="center">
          <Badge tone={CERTAINTY_TONE[certainty.level]}>{certainty.label}</Badge>
        </InlineStack>
        <Text as="p" variant="bodySm" tone="subdued">
          {t('insights.details', { details: certainty.details })}
        </Text>
      </BlockStack>
    </div>
  );
}

/** Other findings about largely the same sessions: their amounts at stake overlap. */
function Overlaps({ overlaps, rankOf }: { overlaps: Insight['overlaps']; rankOf: (id: string) => number | undefined }) {
  if (!overlaps.length) return null;
  return (
    <div data-testid="insight-overlaps">
      <Text as="p" variant="bodySm">
        {t('insights.overlaps', {
          list: overlaps
            .map((o) => {
              const rank = rankOf(o.id);
              return t('insights.overlapItem', { rank: rank ? `#${rank} ` : '', title: o.title, shared: fmtInt(o.sharedSessions), share: fmtPct(o.share, 0) });
            })
            .join(', '),
        })}
      </Text>
    </div>
  );
}

function InsightCard({ insight, currency, rank, rankOf }: { insight: Insight; currency: string; rank: number; rankOf: (id: string) => number | undefined }) {
  const action = t(insight.link.view === 'search' ? 'insights.showSearches' : insight.link.view === 'funnel' ? 'insights.showFunnel' : 'insights.showMap');
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="start" gap="300" wrap={false}>
          <BlockStack gap="100">
            <InlineStack align="start" gap="200" blockAlign="center">
              <Text as="span" tone="subdued" variant="bodySm">
                #{rank}
              </Text>
              <Badge>{KIND_LABEL[insight.kind] ? t(KIND_LABEL[insight.kind]) : insight.kind}</Badge>
              {insight.propensity !== undefined && <Badge tone="info">{t('insights.propensity', { value: fmtPct(insight.propensity, 0) })}</Badge>}
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
              {t('insights.atStake', { count: fmtInt(insight.sessionsAtStake) })}
            </Text>
          </BlockStack>
        </InlineStack>
        <Text as="p">{insight.detail}</Text>
        <Certainty certainty={insight.certainty} />
        <Overlaps overlaps={insight.overlaps} rankOf={rankOf} />
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
  const ranks = new Map(list.map((i, n) => [i.id, n + 1]));
  const anyOverlap = list.some((i) => i.overlaps.length > 0);
  return (
    <AppPage title={t('page.insights.title')} subtitle={t('page.insights.subtitle')}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <FilterBar filters={filters} onChange={onFilters} today={today} />
            {insights.error && (
              <ErrorBanner error={insights.error} title={t('insights.loadError')} onRetry={insights.reload} />
            )}
            {!insights.data && !insights.error && (
              <Card>
                <SkeletonBodyText lines={8} />
              </Card>
            )}
            {insights.data && list.length === 0 && (
              <Card>
                <EmptyState heading={t('insights.empty.heading')} image="">
                  <p>
                    {shop.data && shop.data.counts.journeys < 500
                      ? t('insights.empty.few')
                      : t(segments.length ? 'insights.empty.noneSegment' : 'insights.empty.none')}
                  </p>
                </EmptyState>
              </Card>
            )}
            {list.length > 0 && (
              <Text as="p" tone="subdued">
                {t('insights.tested') + (anyOverlap ? t('insights.overlapNote') : '')}
              </Text>
            )}
            <div data-testid="insights-list">
              <BlockStack gap="300">
                {list.map((i, n) => (
                  <div key={i.id} data-testid="insight" data-kind={i.kind}>
                    <InsightCard insight={i} currency={currency} rank={n + 1} rankOf={(id) => ranks.get(id)} />
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
