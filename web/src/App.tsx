import { Suspense, lazy } from 'react';
import { Banner, Page, SkeletonBodyText, SkeletonPage, Card, Layout } from '@shopify/polaris';
import { AdminNav, embedded } from './components/AppPage';
import { ErrorBanner } from './components/ErrorNotice';
import { ShopContext, useApi } from './hooks';
import { t } from './i18n';
import type { ShopAnswer } from '../../app/api-contract/shop';
import { useLocation, viewOf } from './router';

// One chunk per page; the journey map (the landing page) starts loading at once.
const pages = {
  journeys: lazy(() => import('./pages/JourneyMap')),
  insights: lazy(() => import('./pages/Insights')),
  recommendations: lazy(() => import('./pages/Recommendations')),
  models: lazy(() => import('./pages/Models')),
  settings: lazy(() => import('./pages/Settings')),
};

function Loading() {
  return (
    <SkeletonPage primaryAction>
      <Layout>
        <Layout.Section>
          <Card>
            <SkeletonBodyText lines={6} />
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

export function App() {
  const shop = useApi<ShopAnswer>('/shop');
  const { pathname } = useLocation();
  const View = pages[viewOf(pathname)];
  if (shop.error && !shop.data) {
    return (
      <main>
        <Page title="Waymark">
          <ErrorBanner error={shop.error} title={t('app.loadError.title')} onRetry={shop.reload} />
        </Page>
      </main>
    );
  }
  return (
    <ShopContext.Provider value={shop}>
      {embedded && <AdminNav />}
      {shop.data?.needsReauth && (
        <Banner tone="warning" title={t('app.reauth.title')} action={{ content: t('app.reauth.action'), onAction: shop.reload }}>
          <p>{t('app.reauth.body')}</p>
        </Banner>
      )}
      <main>
        <Suspense fallback={<Loading />}>
          <View />
        </Suspense>
      </main>
    </ShopContext.Provider>
  );
}
