/**
 * Recommendations: how the storefront blocks perform (impressions, click-through,
 * add-to-cart, attributed revenue, lift vs the holdout group) and where they are placed.
 * Reads GET /api/recommendations/performance; until the backend serves it, the page says so.
 */
import { Badge, Banner, BlockStack, Button, Card, DataTable, EmptyState, InlineGrid, InlineStack, Layout, SkeletonBodyText, Text } from '@shopify/polaris';
import { ApiError } from '../api';
import { AppPage } from '../components/AppPage';
import { BLOCKS, themeEditorLink } from '../components/Onboarding';
import { fmtInt, fmtMoney, fmtPct } from '../format';
import { useApi, useShop } from '../hooks';

/** The shape this page reads (asked of the backend; every field optional-tolerant). */
export interface PerformanceAnswer {
  range: { from: string; to: string };
  currency?: string;
  attributionWindowHours: number;
  totals: { impressions: number; clicks: number; addToCarts: number; orders: number; revenue: number };
  byPlacement: Array<{ placement: string; impressions: number; clicks: number; addToCarts: number; orders: number; revenue: number; templates?: string[] }>;
  lift: null | {
    metric: string;
    treatment: { sessions: number; conversionRate: number };
    holdout: { sessions: number; conversionRate: number };
    relativeLift: number;
    ci95: [number, number];
  };
  blocks?: Array<{ placement: string; template: string; lastSeenAt: string | null }>;
}

const PLACEMENT_NAMES: Record<string, string> = {
  recommended: 'Recommended for you',
  also_like: 'You may also like',
  bought_together: 'Frequently bought together',
};

function Stat({ label, value, help, testid }: { label: string; value: string; help?: string; testid: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <span data-testid={testid}>
          <Text as="p" variant="headingXl">
            {value}
          </Text>
        </span>
        {help && (
          <Text as="p" variant="bodySm" tone="subdued">
            {help}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

export default function RecommendationsPage() {
  const shop = useShop();
  const perf = useApi<PerformanceAnswer>('/recommendations/performance');
  const notYet = perf.error instanceof ApiError && perf.error.status === 404;
  const d = perf.data;
  const cur = d?.currency ?? 'USD';
  const t = d?.totals;
  const placeBlocks = shop.data && (
    <InlineStack align="start" gap="200" wrap>
      {BLOCKS.map((b) => (
        <Button key={b.handle} url={themeEditorLink(shop.data!.shop, b.handle, b.template)} target="_blank">
          {`Add “${b.name}”`}
        </Button>
      ))}
    </InlineStack>
  );
  return (
    <AppPage title="Recommendations" subtitle="What Waymark's storefront blocks add to your sales">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {notYet && (
              <Card>
                <EmptyState heading="Recommendation results are not available yet" image="">
                  <BlockStack gap="300">
                    <p>
                      This page will show how often shoppers see and click Waymark's blocks, what they add to the cart, the sales that follow, and the lift over the holdout group that sees
                      best sellers instead. Waymark is already recording block views and clicks; the report is coming in an update.
                    </p>
                    {placeBlocks}
                  </BlockStack>
                </EmptyState>
              </Card>
            )}
            {perf.error && !notYet && (
              <Banner tone="critical" title="Recommendation results could not be loaded" action={{ content: 'Try again', onAction: perf.reload }}>
                <p>{perf.error.message}</p>
              </Banner>
            )}
            {!d && !perf.error && (
              <Card>
                <SkeletonBodyText lines={6} />
              </Card>
            )}
            {d && t && (
              <>
                <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
                  <Stat testid="rec-impressions" label="Block views" value={fmtInt(t.impressions)} />
                  <Stat testid="rec-ctr" label="Click-through" value={fmtPct(t.impressions ? t.clicks / t.impressions : 0)} help={`${fmtInt(t.clicks)} clicks`} />
                  <Stat testid="rec-atc" label="Added to cart" value={fmtInt(t.addToCarts)} help={`${fmtPct(t.clicks ? t.addToCarts / t.clicks : 0)} of clicks`} />
                  <Stat
                    testid="rec-revenue"
                    label="Attributed sales"
                    value={fmtMoney(t.revenue, cur)}
                    help={`${fmtInt(t.orders)} orders with a recommended product, within ${Math.round(d.attributionWindowHours)} h of the click`}
                  />
                </InlineGrid>
                <Card>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      Lift over the holdout group
                    </Text>
                    {d.lift ? (
                      <>
                        <InlineStack align="start" gap="200" blockAlign="center">
                          <Text as="p" variant="headingLg">
                            {`${d.lift.relativeLift >= 0 ? '+' : ''}${fmtPct(d.lift.relativeLift)}`}
                          </Text>
                          {d.lift.ci95[0] > 0 ? <Badge tone="success">Significant</Badge> : d.lift.ci95[1] < 0 ? <Badge tone="critical">Below holdout</Badge> : <Badge>Not conclusive yet</Badge>}
                        </InlineStack>
                        <Text as="p" tone="subdued">
                          {`Conversion ${fmtPct(d.lift.treatment.conversionRate, 2)} with recommendations (${fmtInt(d.lift.treatment.sessions)} sessions) vs ${fmtPct(d.lift.holdout.conversionRate, 2)} in the holdout (${fmtInt(d.lift.holdout.sessions)} sessions). 95% confidence interval: ${fmtPct(d.lift.ci95[0])} to ${fmtPct(d.lift.ci95[1])}.`}
                        </Text>
                      </>
                    ) : (
                      <Text as="p" tone="subdued">
                        Turn on a holdout group in Settings to measure lift.
                      </Text>
                    )}
                  </BlockStack>
                </Card>
                <Card>
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      By block
                    </Text>
                    {d.byPlacement.length === 0 ? (
                      <BlockStack gap="200">
                        <Text as="p" tone="subdued">
                          No block views recorded yet. Add a block to your theme:
                        </Text>
                        {placeBlocks}
                      </BlockStack>
                    ) : (
                      <DataTable
                        columnContentTypes={['text', 'numeric', 'numeric', 'numeric', 'numeric', 'text']}
                        headings={['Block', 'Views', 'Click-through', 'Added to cart', 'Attributed sales', 'Placed on']}
                        rows={d.byPlacement.map((p) => [
                          PLACEMENT_NAMES[p.placement] ?? p.placement,
                          fmtInt(p.impressions),
                          fmtPct(p.impressions ? p.clicks / p.impressions : 0),
                          fmtInt(p.addToCarts),
                          fmtMoney(p.revenue, cur),
                          (p.templates ?? []).join(', ') || '–',
                        ])}
                      />
                    )}
                  </BlockStack>
                </Card>
              </>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}
