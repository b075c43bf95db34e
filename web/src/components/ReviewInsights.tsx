/**
 * "Reviews and feedback" on the Insights page (GET /api/reviews/insights,
 * app/analytics/review-insights-service.ts): per product, traffic beside what its reviews talk
 * about, in plain words; per journey step, what shoppers answered in the Quick feedback block
 * and how many of them left without buying. Quotes are shown as text, never as HTML.
 */
import { Badge, BlockStack, Button, Card, InlineStack, Text } from '@shopify/polaris';
import { CardState } from './CardState';
import { apiQuery, type Filters } from '../filters';
import { fmtInt } from '../format';
import { useApi } from '../hooks';
import { t } from '../i18n';
import { navigate } from '../router';
import type { ProductReviewInsight, ReviewInsightsAnswer, StepFeedback } from '../../../app/api-contract/review-insights';

const TONE = { negative: 'critical', positive: 'success', neutral: undefined } as const;

function Quotes({ list }: { list: Array<{ text: string; sentiment: 'positive' | 'neutral' | 'negative' }> }) {
  if (!list.length) return null;
  return (
    <BlockStack gap="100">
      {list.map((q, i) => (
        <InlineStack key={i} gap="200" blockAlign="center" wrap={false}>
          <Badge tone={TONE[q.sentiment]}>{t(`sentiment.${q.sentiment}`)}</Badge>
          <Text as="span" variant="bodySm" tone="subdued">
            “<bdi>{q.text}</bdi>”
          </Text>
        </InlineStack>
      ))}
    </BlockStack>
  );
}

/** The journey map's item-level flow with this product selected: the journeys through it. */
function showJourneys(p: ProductReviewInsight, filters: Filters) {
  navigate('/', new URLSearchParams({ from: filters.from, to: filters.to, detail: 'item', focus: `product:${p.productId}` }));
  window.scrollTo({ top: 0 });
}

function ProductItem({ p, filters }: { p: ProductReviewInsight; filters: Filters }) {
  return (
    <div data-testid="review-insight" data-product={p.productId}>
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="center">
          {p.fewAddToCarts && <Badge tone="warning">{t('reviews.fewCarts')}</Badge>}
          {p.topAspects.map((a) => (
            <Badge key={a.aspect} tone={a.mostly === 'negative' ? 'critical' : a.mostly === 'positive' ? 'success' : undefined}>
              {`${a.name}: ${fmtInt(a.mentions)}`}
            </Badge>
          ))}
        </InlineStack>
        <Text as="p">{p.summary}</Text>
        <Quotes list={p.examples} />
        {p.views > 0 && (
          <InlineStack align="start">
            <Button variant="plain" onClick={() => showJourneys(p, filters)}>
              {t('reviews.showJourneys')}
            </Button>
          </InlineStack>
        )}
      </BlockStack>
    </div>
  );
}

function StepItem({ s }: { s: StepFeedback }) {
  return (
    <div data-testid="feedback-step" data-step={s.step}>
      <BlockStack gap="100">
        <Text as="p">{s.summary}</Text>
        <Quotes list={s.examples} />
      </BlockStack>
    </div>
  );
}

function ReviewLists({ data, filters }: { data: ReviewInsightsAnswer; filters: Filters }) {
  return (
    <>
      {data.products.length > 0 && (
        <BlockStack gap="300">
          <Text as="h3" variant="headingSm">
            {t('reviews.products')}
          </Text>
          {data.products.map((p) => (
            <ProductItem key={p.productId} p={p} filters={filters} />
          ))}
        </BlockStack>
      )}
      {data.steps.length > 0 && (
        <BlockStack gap="300">
          <Text as="h3" variant="headingSm">
            {t('reviews.byStep', { count: fmtInt(data.totals.feedbackAnswers) })}
          </Text>
          {data.steps.map((s) => (
            <StepItem key={s.step} s={s} />
          ))}
        </BlockStack>
      )}
    </>
  );
}

export function ReviewInsightsCard({ filters }: { filters: Filters }) {
  const answer = useApi<ReviewInsightsAnswer>(`/reviews/insights?${apiQuery(filters, { limit: 10 })}`);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('reviews.title')}
        </Text>
        <Text as="p" tone="subdued">
          {t('reviews.help')}
        </Text>
        <CardState answer={answer} errorTitle={t('reviews.loadError')} isEmpty={(d) => d.products.length === 0 && d.steps.length === 0} empty={t('reviews.empty')}>
          {(data) => <ReviewLists data={data} filters={filters} />}
        </CardState>
      </BlockStack>
    </Card>
  );
}
