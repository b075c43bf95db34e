/**
 * Customer data requests (Shopify's customers/data_request): each export Waymark prepared,
 * with its status and dates, a download, and what the merchant must do with it.
 */
import { useState } from 'react';
import { Badge, Banner, BlockStack, Box, Button, Card, Divider, InlineStack, SkeletonBodyText, Text } from '@shopify/polaris';
import { apiDownload } from '../api';
import { fmtDate, fmtDateTime } from '../format';
import { useApi } from '../hooks';
import { t, type MessageKey } from '../i18n';
import type { DataRequestRow, DataRequestsAnswer } from '../../../app/api-contract/data-requests';

const STATUS: Record<DataRequestRow['status'], { label: MessageKey; tone: 'success' | 'attention' | 'critical' }> = {
  ready: { label: 'requests.ready', tone: 'success' },
  pending: { label: 'requests.pending', tone: 'attention' },
  failed: { label: 'requests.failed', tone: 'critical' },
};

function RequestRow({ r, onError }: { r: DataRequestRow; onError: (message: string) => void }) {
  const [busy, setBusy] = useState(false);
  const status = STATUS[r.status];
  const who = r.customerId ? t('requests.customer', { id: r.customerId }) : t('requests.customerUnknown');
  return (
    <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="center">
          <Text as="span" fontWeight="semibold">{who}</Text>
          <Badge tone={status.tone}>{t(status.label)}</Badge>
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          {t('requests.line', {
            requested: fmtDateTime(r.requestedAt),
            orders: r.ordersRequested.length ? t('requests.orders', { list: r.ordersRequested.join(', ') }) : '',
            answerBy: fmtDate(r.answerBy),
            expires: fmtDate(r.expiresAt),
          })}
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
              onError(t('requests.downloadFailed', { message: (e as Error).message }));
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('requests.download')}
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
          {t('requests.help', { days: answer.data?.keepDays ?? 30 })}
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
            <p>{t('requests.loadError', { message: answer.error.message })}</p>
          </Banner>
        ) : rows.length === 0 ? (
          <Text as="p" tone="subdued">{t('requests.none')}</Text>
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
