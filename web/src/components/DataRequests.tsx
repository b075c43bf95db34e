/**
 * Customer data requests (Shopify's customers/data_request): each export Waymark prepared,
 * with its status and dates, a download, and what the merchant must do with it.
 */
import { useState } from 'react';
import { Badge, BlockStack, Box, Button, Card, Divider, InlineStack, Text } from '@shopify/polaris';
import { apiDownload } from '../api';
import { CardState } from './CardState';
import { ErrorBanner } from './ErrorNotice';
import { fmtDate, fmtDateTime } from '../format';
import { useApi } from '../hooks';
import { t, type MessageKey } from '../i18n';
import type { DataRequestRow, DataRequestsAnswer } from '../../../app/api-contract/data-requests';

const STATUS: Record<DataRequestRow['status'], { label: MessageKey; tone: 'success' | 'attention' | 'critical' }> = {
  ready: { label: 'requests.ready', tone: 'success' },
  pending: { label: 'requests.pending', tone: 'attention' },
  failed: { label: 'requests.failed', tone: 'critical' },
};

function RequestRow({ r, onError }: { r: DataRequestRow; onError: (error: unknown) => void }) {
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
              onError(e);
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
  const [downloadError, setDownloadError] = useState<unknown>(null);
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="p">
          {t('requests.help', { days: answer.data?.keepDays ?? 30 })}
        </Text>
        {downloadError != null && <ErrorBanner error={downloadError} title={t('requests.downloadFailed')} onDismiss={() => setDownloadError(null)} />}
        <CardState answer={answer} errorTitle={t('requests.loadError')} lines={2} isEmpty={(d) => d.requests.length === 0} empty={t('requests.none')}>
          {(data) => (
            <BlockStack gap="300">
              {data.requests.map((r, i) => (
                <BlockStack gap="300" key={r.id}>
                  {i > 0 && <Divider />}
                  <RequestRow r={r} onError={setDownloadError} />
                </BlockStack>
              ))}
            </BlockStack>
          )}
        </CardState>
      </BlockStack>
    </Card>
  );
}
