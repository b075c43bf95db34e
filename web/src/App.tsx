import { Suspense, lazy } from 'react';
import { Banner, Page, SkeletonBodyText, SkeletonPage, Card, Layout } from '@shopify/polaris';
import { AdminNav, embedded } from './components/AppPage';
import { ShopContext, useApi } from './hooks';
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
        <Banner tone="critical" title="Waymark could not load your store's data" action={{ content: 'Try again', onAction: shop.reload }}>
          <p>{shop.error.message}. If this keeps happening, reload the page or contact support.</p>
        </Banner>
        </Page>
      </main>
    );
  }
  return (
    <ShopContext.Provider value={shop}>
      {embedded && <AdminNav />}
      {shop.data?.needsReauth && (
        <Banner tone="warning" title="Waymark needs you to open it again from Shopify admin" action={{ content: 'Check again', onAction: shop.reload }}>
          <p>
            Shopify stopped accepting Waymark's access to your store, so imports and model training are paused. Opening Waymark from your
            Shopify admin renews the access; nothing you collected is lost.
          </p>
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
