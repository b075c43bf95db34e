/**
 * Journey map (landing page): headline metrics with change vs the comparison period, the
 * flow chart, the funnel, time on each step and the top paths. Every number comes from
 * one /api/journey-map answer for the chosen filters, so sessions agree across views.
 * The cards are in components/journey-map/.
 */
import { useEffect, useState } from 'react';
import { BlockStack, Card, InlineGrid, Layout, SkeletonBodyText } from '@shopify/polaris';
import { AppPage } from '../components/AppPage';
import { ErrorBanner } from '../components/ErrorNotice';
import { FilterBar } from '../components/FilterBar';
import { Onboarding } from '../components/Onboarding';
import { DwellCard } from '../components/journey-map/DwellCard';
import { FlowCard } from '../components/journey-map/FlowCard';
import { FunnelCard } from '../components/journey-map/FunnelCard';
import { Headlines } from '../components/journey-map/Headlines';
import { PathsCard } from '../components/journey-map/PathsCard';
import { FirstDay, JourneyMapSkeleton, NoSessions } from '../components/journey-map/Placeholders';
import { useApi } from '../hooks';
import { t } from '../i18n';
import { journeyMapPath } from '../landing';
import { usePageFilters } from '../page-filters';
import type { JourneyMapAnswer } from '../../../app/api-contract/analytics';

export default function JourneyMapPage() {
  const { shop, search, today, fallback, filters, onFilters, segments } = usePageFilters();
  const map = useApi<JourneyMapAnswer>(journeyMapPath(search, fallback));
  const noData = shop.data && shop.data.counts.events === 0;
  const data = map.data;
  // Headline and flow chart first; the cards below the fold mount right after that paint.
  const [below, setBelow] = useState(false);
  useEffect(() => {
    if (!data || below) return;
    let t = 0;
    const f = requestAnimationFrame(() => {
      t = window.setTimeout(() => setBelow(true), 0);
    });
    return () => {
      cancelAnimationFrame(f);
      clearTimeout(t);
    };
  }, [data, below]);

  return (
    <AppPage title={t('page.journeys.title')} subtitle={segments.length ? t('page.journeys.segment', { segments: segments.join(' · ') }) : t('page.journeys.allShoppers')} fullWidth>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {shop.data && <Onboarding shop={shop.data} ready={Boolean(map.data || map.error)} />}
            {noData ? (
              <FirstDay shop={shop.data!} />
            ) : (
              <>
                <FilterBar filters={filters} onChange={onFilters} today={today} />
                {map.error && <ErrorBanner error={map.error} title={t('page.journeys.loadError')} onRetry={map.reload} />}
                {!data && !map.error && <JourneyMapSkeleton />}
                {data && data.headline.current.sessions === 0 && (
                  <NoSessions filters={filters} segments={segments} today={today} journeys={shop.data?.counts.journeys ?? 0} onFilters={onFilters} />
                )}
                {data && (
                  <>
                    <Headlines data={data} compare={filters.compare} />
                    <FlowCard data={data} search={search} loading={map.loading} />
                    {below ? (
                      <>
                        <div id="funnel">
                          <FunnelCard filters={filters} search={search} />
                        </div>
                        <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
                          <DwellCard data={data} />
                          <PathsCard filters={filters} />
                        </InlineGrid>
                      </>
                    ) : (
                      <Card>
                        <SkeletonBodyText lines={8} />
                      </Card>
                    )}
                  </>
                )}
              </>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
