/**
 * "Site search" on the Insights page: searches grouped by what shoppers meant (GET
 * /api/search/clusters, app/analytics/search-clusters.ts). Plurals, typos, word order and
 * other languages that lead to the same products count as one search. Three views: most
 * searched, found nothing (with products that match and a synonyms block to paste into
 * Shopify Search & Discovery), and searches that lead to sales. Honors the page's filters.
 */
import { useState } from 'react';
import { BlockStack, Box, Button, Card, InlineStack, SkeletonBodyText, Tabs, Text, TextField } from '@shopify/polaris';
import { Table } from './Table';
import { apiQuery, type Filters } from '../filters';
import { fmtInt, fmtMoney, fmtPct } from '../format';
import { useApi } from '../hooks';
import type { ClusterStats, SearchClustersAnswer, ZeroResultCluster } from '../../../app/api-contract/search-clusters';

const quote = (s: string) => `“${s}”`;

/** "also kayaks, kayac" (the other ways shoppers typed it), or '' when there are none. */
export function alsoTyped(c: ClusterStats, max = 4): string {
  const others = c.members.filter((m) => m.query !== c.label).map((m) => m.query);
  if (!others.length) return '';
  const shown = others.slice(0, max).join(', ');
  return others.length > max ? `also ${shown} and ${others.length - max} more` : `also ${shown}`;
}

/** What shoppers did after searching, in words: "62% opened a product · 20% searched again · 18% left". */
export function nextInWords(c: ClusterStats): string {
  const n = c.next.opened + c.next.refined + c.next.left + c.next.browsed;
  if (!n) return '–';
  const parts: Array<[number, string]> = [
    [c.next.opened, 'opened a product'],
    [c.next.refined, 'searched again'],
    [c.next.browsed, 'browsed elsewhere'],
    [c.next.left, 'left'],
  ];
  return parts
    .filter(([x]) => x > 0)
    .sort((a, b) => b[0] - a[0])
    .map(([x, what]) => `${fmtPct(x / n, 0)} ${what}`)
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
      label="Searches grouped by intent"
      numeric={[false, true, true, true, true, true, false]}
      headings={['What shoppers searched for', 'Searches', 'Results opened', 'Added to cart', 'Purchases', 'Sales', 'Then']}
      rows={list.map((c) => [
        <IntentCell key={c.id} c={c} />,
        fmtInt(c.searches),
        c.clickRate === null ? 'No results' : fmtPct(c.clickRate, 0),
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
          {`${quote(c.label)} found nothing ${fmtInt(c.zeroResults)} ${c.zeroResults === 1 ? 'time' : 'times'}${also ? ` (${also})` : ''}`}
        </Text>
        <Text as="p" variant="bodySm">
          {`Afterwards: ${nextInWords(c)}.`}
          {c.refinedTo.length > 0 && ` Shoppers then found results with ${c.refinedTo.map((r) => quote(r.query)).join(', ')}.`}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {c.suggestedProducts.length
            ? `Products with these words: ${c.suggestedProducts.map((p) => p.title).join(', ')}. Check they are published and searchable, or add the words to their tags.`
            : c.synonyms.length
              ? 'No product uses these words: map them as synonyms (below).'
              : 'No product uses these words. If you sell it, add these words to its title or tags; if not, consider stocking it.'}
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
          Synonyms to add
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          In Shopify admin open Search & Discovery → Synonyms and paste one group per line: each line lists words that should find the same products.
        </Text>
        <div data-testid="search-synonyms">
          <TextField label="Synonym groups" labelHidden value={text} multiline={Math.min(8, text.split('\n').length + 1)} readOnly autoComplete="off" monospaced />
        </div>
        <InlineStack>
          <Button onClick={copy}>{copied ? 'Copied' : 'Copy synonyms'}</Button>
        </InlineStack>
      </BlockStack>
    </Box>
  );
}

export function SearchClustersCard({ filters }: { filters: Filters }) {
  const [tab, setTab] = useState(0);
  const answer = useApi<SearchClustersAnswer>(`/search/clusters?${apiQuery(filters, { limit: 10 })}`);
  const data = answer.data;
  const tabs = [
    { id: 'search-top', content: 'Most searched' },
    { id: 'search-zero', content: `Found nothing${data ? ` (${data.zeroResults.length})` : ''}` },
    { id: 'search-converting', content: 'Lead to sales' },
  ];
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Site search
        </Text>
        <Text as="p" tone="subdued">
          Searches are grouped by what shoppers meant: plurals, typos, word order and searches in other languages that lead to the same products count together.
        </Text>
        {!data && !answer.error && <SkeletonBodyText lines={4} />}
        {answer.error && <Text as="p" tone="critical">{`Searches could not be loaded: ${answer.error.message}`}</Text>}
        {data && data.totals.searches === 0 && (
          <Text as="p" tone="subdued">
            No searches in this period and segment.
          </Text>
        )}
        {data && data.totals.searches > 0 && (
          <>
            <Text as="p" variant="bodySm">
              {`${fmtInt(data.totals.searches)} searches in ${fmtInt(data.totals.sessions)} sessions: ${fmtInt(data.totals.queries)} different wordings, ${fmtInt(data.totals.clusters)} things shoppers looked for.`}
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
                      Every search found something.
                    </Text>
                  ))}
                {tab === 2 &&
                  (data.converting.length ? (
                    <ClusterTable list={data.converting} currency={data.currency} />
                  ) : (
                    <Text as="p" tone="subdued">
                      No search led to enough sales in this period to list.
                    </Text>
                  ))}
              </Box>
            </Tabs>
          </>
        )}
      </BlockStack>
    </Card>
  );
}
