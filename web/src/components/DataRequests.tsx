/**
 * Customer data requests (Shopify's customers/data_request): each export Waymark prepared,
 * with its status and dates, a download, and what the merchant must do with it.
 */
import { useState } from 'react';
import { Badge, Banner, BlockStack, Box, Button, Card, Divider, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import { apiDownload } from '../api';
import { fmtDate, fmtDateTime } from '../format';
import { useApi } from '../hooks';
import type { DataRequestRow, DataRequestsAnswer } from '../../../app/api-contract/data-requests';

const STATUS: Record<DataRequestRow['status'], { label: string; tone: 'success' | 'attention' | 'critical' }> = {
  ready: { label: 'Ready', tone: 'success' },
  pending: { label: 'Preparing', tone: 'attention' },
  failed: { label: 'Failed', tone: 'critical' },
};

function RequestRow({ r, onError }: { r: DataRequestRow; onError: (message: string) => void }) {
  const [busy, setBusy] = useState(false);
  const status = STATUS[r.status];
  const who = r.customerId ? `Customer ${r.customerId}` : 'Customer (no id given)';
  return (
    <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="center">
          <Text as="span" fontWeight="semibold">{who}</Text>
          <Badge tone={status.tone}>{status.label}</Badge>
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          Requested {fmtDateTime(r.requestedAt)}
          {r.ordersRequested.length ? ` · orders ${r.ordersRequested.join(', ')}` : ''} · answer the customer by {fmtDate(r.answerBy)} · kept until {fmtDate(r.expiresAt)}
        </Text>
      </BlockStack>
      <Box minWidth="120px">
        <Button
          disabled={r.status !== 'ready'}
          loading={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await apiDownload(`/data-requests/${r.id}/download`, `customer-data-${r.customerId ?? r.id}.json`);
            } catch (e) {
              onError(`Download failed: ${(e as Error).message}`);
            } finally {
              setBusy(false);
            }
          }}
        >
          Download
        </Button>
      </Box>
    </InlineStack>
  );
}

export function DataRequests() {
  const answer = useApi<DataRequestsAnswer>('/data-requests', { pollMs: 30_000 });
  const [error, setError] = useState<string | null>(null);
  const rows = answer.data?.requests ?? [];
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="p">
          When a customer asks your store for their data, Shopify tells Waymark and Waymark prepares a file of what it holds about them (browsing events linked to their orders; never names,
          emails or addresses). Download it and send it to the customer who asked, through your store's usual support channel, within 30 days of the request, as Shopify requires. Each file is
          deleted after {answer.data?.keepDays ?? 30} days.
        </Text>
        {error && (
          <Banner tone="critical" onDismiss={() => setError(null)}>
            <p>{error}</p>
          </Banner>
        )}
        {answer.loading && !answer.data ? (
          <SkeletonBodyText lines={2} />
        ) : answer.error ? (
          <Banner tone="critical">
            <p>Could not load data requests: {answer.error.message}</p>
          </Banner>
        ) : rows.length === 0 ? (
          <Text as="p" tone="subdued">No customer data requests.</Text>
        ) : (
          <BlockStack gap="300">
            {rows.map((r, i) => (
              <BlockStack gap="300" key={r.id}>
                {i > 0 && <Divider />}
                <RequestRow r={r} onError={setError} />
              </BlockStack>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
