/**
 * What the journey map shows instead of its numbers: a skeleton while loading, a first-day
 * card before any event, and a way out of a range or segment without sessions.
 */
import { Banner, BlockStack, Card, EmptyState, InlineGrid, SkeletonBodyText, SkeletonDisplayText } from '@shopify/polaris';
import { dayOf, type Filters } from '../../filters';
import { fmtDate, fmtInt } from '../../format';
import type { ShopAnswer } from '../../../../app/api-contract/shop';

export function JourneyMapSkeleton() {
  return (
    <BlockStack gap="400">
      <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
        {[0, 1, 2, 3].map((i) => (
          <Card key={i}>
            <BlockStack gap="200">
              <SkeletonBodyText lines={1} />
              <SkeletonDisplayText size="medium" />
            </BlockStack>
          </Card>
        ))}
      </InlineGrid>
      <Card>
        <BlockStack gap="300">
          <SkeletonDisplayText size="small" />
          <div style={{ height: 360, background: 'var(--p-color-bg-surface-secondary)', borderRadius: 8 }} />
        </BlockStack>
      </Card>
    </BlockStack>
  );
}

export function FirstDay({ shop }: { shop: ShopAnswer }) {
  return (
    <Card>
      <EmptyState heading="Your journey map fills in as shoppers arrive" image="">
        <BlockStack gap="200">
          <p>
            {shop.pixelActive
              ? 'The Waymark pixel is installed on your store. The first journeys show up here a few minutes after the first visits; a useful map needs a few days of traffic.'
              : 'Waymark is waiting for the pixel to connect. It is added when you install the app; if nothing arrives within an hour, reinstall the app.'}
          </p>
          <p>In the meantime, add the recommendation blocks to your theme: they show best sellers until Waymark has learned from your shoppers.</p>
        </BlockStack>
      </EmptyState>
    </Card>
  );
}

export function NoSessions({
  filters,
  segments,
  today,
  journeys,
  onFilters,
}: {
  filters: Filters;
  segments: string[];
  today: string;
  /** Sessions the shop has on record, whatever the filters. */
  journeys: number;
  onFilters: (f: Filters) => void;
}) {
  return (
    <Banner
      tone="info"
      title={`No sessions between ${fmtDate(filters.from)} and ${fmtDate(filters.to)}${segments.length ? ' for this segment' : ''}`}
      action={
        segments.length
          ? { content: 'Clear segments', onAction: () => onFilters({ ...filters, device: '', returning: '', source: '', landing: '' }) }
          : { content: 'Show the last 12 months', onAction: () => onFilters({ ...filters, from: dayOf(Date.parse(`${today}T00:00:00Z`) - 364 * 86_400_000), to: today }) }
      }
    >
      <p>
        {journeys > 0
          ? `Waymark has ${fmtInt(journeys)} sessions on record; try a wider date range or fewer filters.`
          : 'New journeys appear a few minutes after shoppers visit.'}
      </p>
    </Banner>
  );
}
