/**
 * Recommendations: how the storefront blocks perform (impressions, click-through,
 * add-to-cart, attributed revenue, lift vs the holdout group) and where they are placed:
 * the kinds of page each block was seen on, how many pages, and when it was last seen.
 * Reads GET /api/recommendations/performance (a 404 from an older backend is shown as
 * "not available yet").
 */
import type { ReactNode } from 'react';
import { Badge, Banner, BlockStack, Button, Card, EmptyState, InlineGrid, InlineStack, Layout, SkeletonBodyText, Text } from '@shopify/polaris';
import { ApiError } from '../api';
import { AppPage } from '../components/AppPage';
import { t } from '../i18n';
import { Table } from '../components/Table';
import { BLOCKS, blockName, themeEditorLink } from '../components/Onboarding';
import { fmtAgo, fmtDate, fmtInt, fmtMoney, fmtPct } from '../format';
import { useApi, useShop } from '../hooks';
import type { PageType, PerformanceAnswer, PlacementStats } from '../../../app/api-contract/recs';

const PLACEMENT_NAMES: Record<string, string> = {
  recommended: 'Recommended for you',
  also_like: 'You may also like',
  bought_together: 'Frequently bought together',
};

const PAGE_TYPE_NAMES: Record<PageType, string> = {
  product: 'Product pages',
  collection: 'Collection pages',
  cart: 'Cart',
  home: 'Home page',
  search: 'Search results',
  other: 'Other pages',
};

/**
 * A block not seen for this long, in a range that ends today, may have left the theme: two
 * days, or ten times its usual gap between views in the range if that is longer.
 */
const STALE_MS = 2 * 86_400_000;
function staleAfterMs(p: PlacementStats, rangeDays: number): number {
  return Math.max(STALE_MS, p.impressions ? (10 * rangeDays * 86_400_000) / p.impressions : 0);
}

/** "Product pages · 12 pages · last seen 3 min ago" (with shares when on several kinds of page). */
export function SeenOn({ p, rangeEndsToday, rangeDays }: { p: PlacementStats; rangeEndsToday: boolean; rangeDays: number }) {
  if (!p.pageTypes || p.pageTypes.length === 0) return <Text as="span">–</Text>;
  const types = p.pageTypes
    .map((t) => (p.pageTypes!.length > 1 && p.impressions ? `${PAGE_TYPE_NAMES[t.type] ?? t.type} (${fmtPct(t.impressions / p.impressions, 0)})` : (PAGE_TYPE_NAMES[t.type] ?? t.type)))
    .join(', ');
  const pages = p.pages ?? 0;
  const quietMs = p.lastSeen ? Date.now() - new Date(p.lastSeen).getTime() : 0;
  const stale = rangeEndsToday && quietMs > staleAfterMs(p, rangeDays);
  return (
    <div data-testid="placement-seen" data-placement={p.placement} data-page-types={p.pageTypes.map((t) => t.type).join(',')} data-pages={pages}>
      <BlockStack gap="050">
        <Text as="span">{types}</Text>
        <InlineStack gap="100" blockAlign="center" align="start">
          <Text as="span" variant="bodySm" tone="subdued">
            {`${fmtInt(pages)} page${pages === 1 ? '' : 's'} · last seen ${fmtAgo(p.lastSeen)}`}
          </Text>
          {stale && <Badge tone="attention">{`No views for ${Math.floor(quietMs / 86_400_000)} days: still in the theme?`}</Badge>}
        </InlineStack>
      </BlockStack>
    </div>
  );
}

function Stat({ label, value, help, testid }: { label: string; value: string; help?: string; testid: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h2" variant="headingSm" tone="subdued">
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
  const total = d?.total;
  const seen = new Set((d?.placements ?? []).filter((p) => p.impressions > 0).map((p) => p.placement));
  const unplaced = BLOCKS.filter((b) => !seen.has(b.placement));
  const placeBlocks = shop.data && (
    <InlineStack align="start" gap="200" wrap>
      {unplaced.map((b) => (
        <Button key={b.handle} url={themeEditorLink(shop.data!.shop, b.handle, b.template)} target="_blank">
          {t('block.add', { name: blockName(b) })}
        </Button>
      ))}
    </InlineStack>
  );
  return (
    <AppPage title={t('page.recommendations.title')} subtitle={t('page.recommendations.subtitle')}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {notYet && (
              <EmptyCard heading="Recommendation results are not available yet" placeBlocks={placeBlocks}>
                This page will show how often shoppers see and click Waymark's blocks, what they add to the cart, the sales that follow, and the lift over the holdout group that sees
                best sellers instead. Waymark is already recording block views and clicks; the report is coming in an update.
              </EmptyCard>
            )}
            {perf.error && !notYet && (
              <Banner tone="critical" title={t('recommendations.loadError')} action={{ content: t('common.tryAgain'), onAction: perf.reload }}>
                <p>{perf.error.message}</p>
              </Banner>
            )}
            {!d && !perf.error && (
              <Card>
                <SkeletonBodyText lines={6} />
              </Card>
            )}
            {d && total && total.impressions === 0 && (
              <EmptyCard heading="No shopper has seen a Waymark block yet" placeBlocks={placeBlocks}>
                {`Nothing recorded between ${fmtDate(d.from)} and ${fmtDate(d.to)}. Add a block to your theme: views, clicks, add-to-carts and the sales that follow show up here from the first day, and the lift over the ${d.holdoutPercent}% holdout group once enough shoppers have bought.`}
              </EmptyCard>
            )}
            {d && total && total.impressions > 0 && (
              <>
                <TotalStats d={d} />
                <Text as="p" variant="bodySm" tone="subdued">
                  {`${fmtDate(d.from)} – ${fmtDate(d.to)}. ${d.attribution}`}
                </Text>
                <LiftCard d={d} />
                <PlacementsCard d={d} placeBlocks={placeBlocks} anyUnplaced={unplaced.length > 0} />
              </>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AppPage>
  );
}

function EmptyCard({ heading, placeBlocks, children }: { heading: string; placeBlocks: ReactNode; children: ReactNode }) {
  return (
    <Card>
      <EmptyState heading={heading} image="">
        <BlockStack gap="300">
          <p>{children}</p>
          {placeBlocks}
        </BlockStack>
      </EmptyState>
    </Card>
  );
}

function TotalStats({ d }: { d: PerformanceAnswer }) {
  const t = d.total;
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
      <Stat testid="rec-impressions" label="Block views" value={fmtInt(t.impressions)} />
      <Stat testid="rec-ctr" label="Click-through" value={fmtPct(t.ctr)} help={`${fmtInt(t.clicks)} clicks`} />
      <Stat testid="rec-atc" label="Added to cart" value={fmtInt(t.addToCarts)} help={`${fmtPct(t.clicks ? t.addToCarts / t.clicks : 0)} of clicks`} />
      <Stat
        testid="rec-revenue"
        label="Attributed sales"
        value={fmtMoney(t.attributedRevenue, d.currency ?? 'USD')}
        help={`${fmtInt(t.attributedOrders)} orders with a clicked product, bought within ${d.windowDays} days of the click`}
      />
    </InlineGrid>
  );
}

/** Conversion of shoppers shown Waymark's blocks against the holdout group, with its confidence interval. */
function LiftCard({ d }: { d: PerformanceAnswer }) {
  const lift = d.lift;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Lift over the holdout group
        </Text>
        {d.holdoutPercent === 0 ? (
          <Text as="p" tone="subdued">
            The holdout group is off, so lift cannot be measured. Set a holdout of 5–10% in Settings.
          </Text>
        ) : lift && lift.enoughData && lift.relative !== null && lift.ci95 ? (
          <>
            <InlineStack gap="200" blockAlign="center" align="start">
              <span data-testid="rec-lift">
                <Text as="p" variant="headingLg">
                  {`${lift.relative >= 0 ? '+' : ''}${fmtPct(lift.relative)}`}
                </Text>
              </span>
              {lift.ci95[0] > 0 ? <Badge tone="success">Clearly positive</Badge> : lift.ci95[1] < 0 ? <Badge tone="critical">Below the holdout</Badge> : <Badge>Not conclusive yet</Badge>}
            </InlineStack>
            <Text as="p" tone="subdued">
              {`Visitors who saw Waymark's recommendations converted at ${fmtPct(lift.treatment.conversion, 2)} (${fmtInt(lift.treatment.visitors)} visitors), the ${d.holdoutPercent}% holdout, who see no Waymark recommendations (your theme's own, or no block), at ${fmtPct(lift.holdout.conversion, 2)} (${fmtInt(lift.holdout.visitors)} visitors). 95% confidence interval for the lift, over visitors: ${fmtPct(lift.ci95[0])} to ${fmtPct(lift.ci95[1])}.`}
            </Text>
            <Text as="p" tone="subdued">{`A conversion is ${lift.window}.`}</Text>
          </>
        ) : (
          <Text as="p" tone="subdued">
            {`${lift?.warning ?? 'Too few visitors to measure the lift yet.'} ${fmtInt(lift?.treatment.visitors ?? 0)} visitors saw Waymark's recommendations and ${fmtInt(lift?.holdout.visitors ?? 0)} are in the ${d.holdoutPercent}% holdout so far. A conversion is ${lift?.window ?? 'a purchase in a session with a block'}.`}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

/** Per block: where shoppers saw it and how it did; and the blocks not seen yet, with links to add them. */
function PlacementsCard({ d, placeBlocks, anyUnplaced }: { d: PerformanceAnswer; placeBlocks: ReactNode; anyUnplaced: boolean }) {
  const t = d.total;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          By block, and where shoppers see it
        </Text>
        {d.placements.length === 0 || t.impressions === 0 ? (
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              No block views recorded yet. Add a block to your theme:
            </Text>
            {placeBlocks}
          </BlockStack>
        ) : (
          <Table
            label="Recommendation blocks"
            numeric={[false, false, true, true, true, true]}
            headings={['Block', 'Seen on', 'Views', 'Click-through', 'Added to cart', 'Attributed sales']}
            rows={d.placements.map((p) => [
              PLACEMENT_NAMES[p.placement] ?? p.placement,
              <SeenOn
                key={p.placement}
                p={p}
                rangeEndsToday={d.to === new Date().toISOString().slice(0, 10)}
                rangeDays={(Date.parse(d.to) - Date.parse(d.from)) / 86_400_000 + 1}
              />,
              fmtInt(p.impressions),
              fmtPct(p.ctr),
              fmtInt(p.addToCarts),
              fmtMoney(p.attributedRevenue, d.currency ?? 'USD'),
            ])}
          />
        )}
        {d.placements.length > 0 && t.impressions > 0 && anyUnplaced && (
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              Not seen by shoppers yet:
            </Text>
            {placeBlocks}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
