/**
 * What the journey map shows instead of its numbers: a skeleton while loading, a first-day
 * card before any event, and a way out of a range or segment without sessions.
 */
import { Banner, BlockStack, Card, EmptyState, InlineGrid, SkeletonBodyText, SkeletonDisplayText } from '@shopify/polaris';
import { dayOf, type Filters } from '../../filters';
import { fmtDate, fmtInt } from '../../format';
import { t } from '../../i18n';
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
      <EmptyState heading={t('placeholder.firstDay.heading')} image="">
        <BlockStack gap="200">
          <p>
            {shop.pixelActive
              ? t('placeholder.firstDay.pixelOn')
              : t('placeholder.firstDay.pixelOff')}
          </p>
          <p>{t('placeholder.firstDay.blocks')}</p>
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
      title={t(segments.length ? 'placeholder.noSessions.titleSegment' : 'placeholder.noSessions.title', { from: fmtDate(filters.from), to: fmtDate(filters.to) })}
      action={
        segments.length
          ? { content: t('filters.clearSegments'), onAction: () => onFilters({ ...filters, device: '', returning: '', source: '', landing: '' }) }
          : { content: t('placeholder.noSessions.last12'), onAction: () => onFilters({ ...filters, from: dayOf(Date.parse(`${today}T00:00:00Z`) - 364 * 86_400_000), to: today }) }
      }
    >
      <p>
        {journeys > 0
          ? t('placeholder.noSessions.onRecord', { count: fmtInt(journeys) })
          : t('placeholder.noSessions.none')}
      </p>
    </Banner>
  );
}
