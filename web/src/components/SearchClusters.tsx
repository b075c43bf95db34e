/**
 * "Site search" on the Insights page: searches grouped by what shoppers meant (GET
 * /api/search/clusters, app/analytics/search-clusters.ts). Plurals, typos, word order and
 * other languages that lead to the same products count as one search. Three views: most
 * searched, found nothing (with products that match and a synonyms block to paste into
 * Shopify Search & Discovery), and searches that lead to sales. Honors the page's filters.
 */
import { useState } from 'react';
import { BlockStack, Box, Button, Card, InlineStack, Tabs, Text, TextField } from '@shopify/polaris';
import { CardState } from './CardState';
import { Table } from './Table';
import { apiQuery, type Filters } from '../filters';
import { fmtInt, fmtMoney, fmtPct } from '../format';
import { useApi } from '../hooks';
import { t, tn, type MessageKey } from '../i18n';
import type { ClusterStats, SearchClustersAnswer, ZeroResultCluster } from '../../../app/api-contract/search-clusters';

const quote = (s: string) => t('search.quote', { text: s });

/** "also kayaks, kayac" (the other ways shoppers typed it), or '' when there are none. */
export function alsoTyped(c: ClusterStats, max = 4): string {
  const others = c.members.filter((m) => m.query !== c.label).map((m) => m.query);
  if (!others.length) return '';
  const shown = others.slice(0, max).join(', ');
  return others.length > max ? t('search.alsoMore', { list: shown, count: fmtInt(others.length - max) }) : t('search.also', { list: shown });
}

/** What shoppers did after searching, in words: "62% opened a product · 20% searched again · 18% left". */
export function nextInWords(c: ClusterStats): string {
  const n = c.next.opened + c.next.refined + c.next.left + c.next.browsed;
  if (!n) return '–';
  const parts: Array<[number, MessageKey]> = [
    [c.next.opened, 'search.next.opened'],
    [c.next.refined, 'search.next.refined'],
    [c.next.browsed, 'search.next.browsed'],
    [c.next.left, 'search.next.left'],
  ];
  return parts
    .filter(([x]) => x > 0)
    .sort((a, b) => b[0] - a[0])
    .map(([x, what]) => t(what, { share: fmtPct(x / n, 0) }))
    .join(' · ');
}

function IntentCell({ c }: { c: ClusterStats }) {
  const also = alsoTyped(c);
  return (
    <div data-testid="search-cluster" data-cluster={c.id}>
      <Text as="span" fontWeight="semibold">
        {quote(c.label)}
      </Text>
      {also && (
        <Text as="p" variant="bodySm" tone="subdued">
          {also}
        </Text>
      )}
    </div>
  );
}

function ClusterTable({ list, currency }: { list: ClusterStats[]; currency: string }) {
  return (
    <Table
      label={t('search.tableLabel')}
      numeric={[false, true, true, true, true, true, false]}
      headings={(['what', 'searches', 'opened', 'carted', 'purchases', 'sales', 'then'] as const).map((k) => t(`search.col.${k}`))}
      rows={list.map((c) => [
        <IntentCell key={c.id} c={c} />,
        fmtInt(c.searches),
        c.clickRate === null ? t('search.noResults') : fmtPct(c.clickRate, 0),
        fmtInt(c.addedToCart),
        fmtInt(c.purchases),
        fmtMoney(c.revenue, currency),
        nextInWords(c),
      ])}
    />
  );
}

function ZeroResultItem({ c }: { c: ZeroResultCluster }) {
  const also = alsoTyped(c);
  return (
    <div data-testid="search-cluster-zero" data-cluster={c.id}>
      <BlockStack gap="100">
        <Text as="p" fontWeight="semibold">
          {`${tn('search.zero', c.zeroResults, { query: quote(c.label) })}${also ? ` (${also})` : ''}`}
        </Text>
        <Text as="p" variant="bodySm">
          {t('search.afterwards', { what: nextInWords(c) })}
          {c.refinedTo.length > 0 && t('search.refined', { queries: c.refinedTo.map((r) => quote(r.query)).join(', ') })}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {c.suggestedProducts.length
            ? t('search.suggested', { titles: c.suggestedProducts.map((p) => p.title).join(', ') })
            : c.synonyms.length
              ? t('search.synonymsBelow')
              : t('search.noProduct')}
        </Text>
      </BlockStack>
    </div>
  );
}

function SynonymsBlock({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  if (!text) return null;
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <Box paddingBlockStart="200">
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {t('search.synonyms.title')}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {t('search.synonyms.help')}
        </Text>
        <div data-testid="search-synonyms">
          <TextField label={t('search.synonyms.label')} labelHidden value={text} multiline={Math.min(8, text.split('\n').length + 1)} readOnly autoComplete="off" monospaced />
        </div>
        <InlineStack>
          <Button onClick={copy}>{copied ? t('search.synonyms.copied') : t('search.synonyms.copy')}</Button>
        </InlineStack>
      </BlockStack>
    </Box>
  );
}

function ClusterTabs({ data }: { data: SearchClustersAnswer }) {
  const [tab, setTab] = useState(0);
  const tabs = [
    { id: 'search-top', content: t('search.tab.top') },
    { id: 'search-zero', content: t('search.tab.zeroCount', { count: fmtInt(data.zeroResults.length) }) },
    { id: 'search-converting', content: t('search.tab.converting') },
  ];
  return (
    <>
      <Text as="p" variant="bodySm">
        {t('search.totals', { searches: fmtInt(data.totals.searches), sessions: fmtInt(data.totals.sessions), queries: fmtInt(data.totals.queries), clusters: fmtInt(data.totals.clusters) })}
      </Text>
      <Tabs tabs={tabs} selected={tab} onSelect={setTab}>
        <Box paddingBlockStart="300">
          {tab === 0 && <ClusterTable list={data.top} currency={data.currency} />}
          {tab === 1 &&
            (data.zeroResults.length ? (
              <BlockStack gap="300">
                {data.zeroResults.map((c) => (
                  <ZeroResultItem key={c.id} c={c} />
                ))}
                <SynonymsBlock text={data.synonymsText} />
              </BlockStack>
            ) : (
              <Text as="p" tone="subdued">
                {t('search.allFound')}
              </Text>
            ))}
          {tab === 2 &&
            (data.converting.length ? (
              <ClusterTable list={data.converting} currency={data.currency} />
            ) : (
              <Text as="p" tone="subdued">
                {t('search.noneConverting')}
              </Text>
            ))}
        </Box>
      </Tabs>
    </>
  );
}

export function SearchClustersCard({ filters }: { filters: Filters }) {
  const answer = useApi<SearchClustersAnswer>(`/search/clusters?${apiQuery(filters, { limit: 10 })}`);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('search.title')}
        </Text>
        <Text as="p" tone="subdued">
          {t('search.help')}
        </Text>
        <CardState answer={answer} errorTitle={t('search.loadError')} isEmpty={(d) => d.totals.searches === 0} empty={t('search.none')}>
          {(data) => <ClusterTabs data={data} />}
        </CardState>
      </BlockStack>
    </Card>
  );
}
