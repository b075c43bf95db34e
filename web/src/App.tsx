import { useEffect, useState } from 'react';
import { Banner, BlockStack, Card, InlineGrid, Layout, Page, SkeletonBodyText, Text } from '@shopify/polaris';
import { apiGet } from './api';

interface ShopOverview {
  shop: string;
  mode: string;
  counts: { events: number; journeys: number; products: number };
  activeModel: null | { kind: string; version: number; metrics: Record<string, number>; baseline: Record<string, number> };
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="p" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl" id={`stat-${label.toLowerCase().replace(/\s+/g, '-')}`}>
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

export function App() {
  const [data, setData] = useState<ShopOverview | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    apiGet<ShopOverview>('/shop').then(setData, (e: Error) => setError(e.message));
  }, []);

  return (
    <Page title="Waymark" subtitle={data ? data.shop : undefined}>
      <Layout>
        <Layout.Section>
          {error && (
            <Banner tone="critical" title="Waymark could not load your store's data">
              <p>{error}. Reload the page; if it keeps happening, contact support.</p>
            </Banner>
          )}
          {!data && !error && (
            <Card>
              <SkeletonBodyText lines={4} />
            </Card>
          )}
          {data && data.counts.events === 0 && (
            <Banner tone="info" title="Waiting for your first shoppers">
              <p>The Waymark pixel is collecting events. Journeys appear here within minutes of the first visits.</p>
            </Banner>
          )}
          {data && (
            <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
              <Stat label="Events" value={data.counts.events.toLocaleString()} />
              <Stat label="Journeys" value={data.counts.journeys.toLocaleString()} />
              <Stat label="Products" value={data.counts.products.toLocaleString()} />
            </InlineGrid>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
