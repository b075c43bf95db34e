/**
 * Recommendations: how the storefront blocks perform (impressions, click-through,
 * add-to-cart, attributed revenue, lift vs the holdout group) and where they are placed:
 * the kinds of page each block was seen on, how many pages, and when it was last seen.
 * Reads GET /api/recommendations/performance (a 404 from an older backend is shown as
 * "not available yet").
 */
import type { ReactNode } from 'react';
import { Badge, BlockStack, Button, Card, EmptyState, InlineGrid, InlineStack, Layout, SkeletonBodyText, Text } from '@shopify/polaris';
import { ApiError } from '../api';
import { AppPage } from '../components/AppPage';
import { ErrorBanner } from '../components/ErrorNotice';
import { t, tn, type MessageKey } from '../i18n';
import { Table } from '../components/Table';
import { TitledCard } from '../components/TitledCard';
import { BLOCKS, blockName, themeEditorLink } from '../components/Onboarding';
import { fmtAgo, fmtDate, fmtInt, fmtMoney, fmtPct } from '../format';
import { useApi, useShop } from '../hooks';
import type { PageType, PerformanceAnswer, PlacementStats } from '../../../app/api-contract/recs';

const placementName = (placement: string) => (BLOCKS.some((b) => b.placement === placement) ? t(`block.${placement}` as MessageKey) : placement);
/** The holdout's share of visitors, as the shop set it ("10%", "7.5%"). */
const holdoutShare = (percent: number) => fmtPct(percent / 100, Number.isInteger(percent) ? 0 : 1);
const PAGE_TYPES: readonly PageType[] = ['product', 'collection', 'cart', 'home', 'search', 'other'];
const pageTypeName = (type: PageType) => (PAGE_TYPES.includes(type) ? t(`pageType.${type}`) : type);

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
    .map((pt) => (p.pageTypes!.length > 1 && p.impressions ? `${pageTypeName(pt.type)} (${fmtPct(pt.impressions / p.impressions, 0)})` : pageTypeName(pt.type)))
    .join(', ');
  const pages = p.pages ?? 0;
  const quietMs = p.lastSeen ? Date.now() - new Date(p.lastSeen).getTime() : 0;
  const stale = rangeEndsToday && quietMs > staleAfterMs(p, rangeDays);
  return (
    <div data-testid="placement-seen" data-placement={p.placement} data-page-types={p.pageTypes.map((pt) => pt.type).join(',')} data-pages={pages}>
      <BlockStack gap="050">
        <Text as="span">{types}</Text>
        <InlineStack gap="100" blockAlign="center" align="start">
          <Text as="span" variant="bodySm" tone="subdued">
            {tn('recs.pages', pages, { ago: fmtAgo(p.lastSeen) })}
          </Text>
          {stale && <Badge tone="attention">{t('recs.stale', { days: fmtInt(Math.floor(quietMs / 86_400_000)) })}</Badge>}
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
              <EmptyCard heading={t('recs.notYet.heading')} placeBlocks={placeBlocks}>
                {t('recs.notYet.body')}
              </EmptyCard>
            )}
            {perf.error && !notYet && (
              <ErrorBanner error={perf.error} title={t('recommendations.loadError')} onRetry={perf.reload} />
            )}
            {!d && !perf.error && (
              <Card>
                <SkeletonBodyText lines={6} />
              </Card>
            )}
            {d && total && total.impressions === 0 && (
              <EmptyCard heading={t('recs.noViews.heading')} placeBlocks={placeBlocks}>
                {t('recs.noViews.body', { from: fmtDate(d.from), to: fmtDate(d.to), holdout: holdoutShare(d.holdoutPercent) })}
              </EmptyCard>
            )}
            {d && total && total.impressions > 0 && (
              <>
                <TotalStats d={d} />
                <Text as="p" variant="bodySm" tone="subdued">
                  {t('recs.range', { from: fmtDate(d.from), to: fmtDate(d.to), attribution: d.attribution })}
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
  const total = d.total;
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
      <Stat testid="rec-impressions" label={t('recs.views')} value={fmtInt(total.impressions)} />
      <Stat testid="rec-ctr" label={t('recs.ctr')} value={fmtPct(total.ctr)} help={t('recs.clicks', { count: fmtInt(total.clicks) })} />
      <Stat testid="rec-atc" label={t('recs.atc')} value={fmtInt(total.addToCarts)} help={t('recs.ofClicks', { share: fmtPct(total.clicks ? total.addToCarts / total.clicks : 0) })} />
      <Stat
        testid="rec-revenue"
        label={t('recs.revenue')}
        value={fmtMoney(total.attributedRevenue, d.currency ?? 'USD')}
        help={t('recs.revenueHelp', { count: fmtInt(total.attributedOrders), days: fmtInt(d.windowDays) })}
      />
    </InlineGrid>
  );
}

/** Conversion of shoppers shown Waymark's blocks against the holdout group, with its confidence interval. */
function LiftCard({ d }: { d: PerformanceAnswer }) {
  const lift = d.lift;
  return (
    <TitledCard title={t('recs.lift.title')} gap="200">
      {d.holdoutPercent === 0 ? (
        <Text as="p" tone="subdued">
          {t('recs.lift.off')}
        </Text>
      ) : lift && lift.enoughData && lift.relative !== null && lift.ci95 ? (
        <>
          <InlineStack gap="200" blockAlign="center" align="start">
            <span data-testid="rec-lift">
              <Text as="p" variant="headingLg">
                {`${lift.relative >= 0 ? '+' : ''}${fmtPct(lift.relative)}`}
              </Text>
            </span>
            {lift.ci95[0] > 0 ? (
              <Badge tone="success">{t('recs.lift.positive')}</Badge>
            ) : lift.ci95[1] < 0 ? (
              <Badge tone="critical">{t('recs.lift.below')}</Badge>
            ) : (
              <Badge>{t('recs.lift.inconclusive')}</Badge>
            )}
          </InlineStack>
          <Text as="p" tone="subdued">
            {t('recs.lift.detail', {
              treatment: fmtPct(lift.treatment.conversion, 2),
              treatmentVisitors: fmtInt(lift.treatment.visitors),
              holdout: holdoutShare(d.holdoutPercent),
              holdoutRate: fmtPct(lift.holdout.conversion, 2),
              holdoutVisitors: fmtInt(lift.holdout.visitors),
              low: fmtPct(lift.ci95[0]),
              high: fmtPct(lift.ci95[1]),
            })}
          </Text>
          <Text as="p" tone="subdued">{t('recs.lift.window', { window: lift.window })}</Text>
        </>
      ) : (
        <Text as="p" tone="subdued">
          {(lift?.warning ?? t('recs.lift.tooFew')) +
            t('recs.lift.soFar', {
              treatment: fmtInt(lift?.treatment.visitors ?? 0),
              holdoutVisitors: fmtInt(lift?.holdout.visitors ?? 0),
              holdout: holdoutShare(d.holdoutPercent),
              window: lift?.window ?? t('recs.lift.defaultWindow'),
            })}
        </Text>
      )}
    </TitledCard>
  );
}

/** Per block: where shoppers saw it and how it did; and the blocks not seen yet, with links to add them. */
function PlacementsCard({ d, placeBlocks, anyUnplaced }: { d: PerformanceAnswer; placeBlocks: ReactNode; anyUnplaced: boolean }) {
  const seen = d.placements.length > 0 && d.total.impressions > 0;
  const rangeEndsToday = d.to === new Date().toISOString().slice(0, 10);
  const rangeDays = (Date.parse(d.to) - Date.parse(d.from)) / 86_400_000 + 1;
  return (
    <TitledCard title={t('recs.byBlock')}>
      {!seen ? (
        <BlocksToPlace text={t('recs.noBlockViews')} placeBlocks={placeBlocks} />
      ) : (
        <Table
          label={t('recs.table')}
          numeric={[false, false, true, true, true, true]}
          headings={[t('recs.col.block'), t('recs.col.seenOn'), t('recs.col.views'), t('recs.ctr'), t('recs.atc'), t('recs.revenue')]}
          rows={d.placements.map((p) => [
            placementName(p.placement),
            <SeenOn key={p.placement} p={p} rangeEndsToday={rangeEndsToday} rangeDays={rangeDays} />,
            fmtInt(p.impressions),
            fmtPct(p.ctr),
            fmtInt(p.addToCarts),
            fmtMoney(p.attributedRevenue, d.currency ?? 'USD'),
          ])}
        />
      )}
      {seen && anyUnplaced && <BlocksToPlace text={t('recs.notSeen')} placeBlocks={placeBlocks} />}
    </TitledCard>
  );
}

/** A line about the blocks shoppers have not seen, with the links to add them. */
function BlocksToPlace({ text, placeBlocks }: { text: string; placeBlocks: ReactNode }) {
  return (
    <BlockStack gap="200">
      <Text as="p" tone="subdued">
        {text}
      </Text>
      {placeBlocks}
    </BlockStack>
  );
}
