/** "Your data": what Waymark holds for the store, its export, and deleting it (typed confirmation). */
import { useState } from 'react';
import { Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Modal, Text, TextField } from '@shopify/polaris';
import { apiDownload, apiSend } from '../../api';
import { fmtInt } from '../../format';
import type { ApiState } from '../../hooks';
import { t } from '../../i18n';
import type { ShopAnswer } from '../../../../app/api-contract/shop';
import type { DataDeleteAnswer } from '../../../../app/api-contract/settings';

/** `onError(title, error)`: what failed ("The export could not be downloaded.") and why, for the page's error banner. */
export function YourDataSection({ shop, onError }: { shop: ApiState<ShopAnswer>; onError: (title: string, error: unknown) => void }) {
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [deleted, setDeleted] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const domain = shop.data?.shop ?? '';

  const exportData = async () => {
    setExporting(true);
    try {
      await apiDownload('/data/export', `waymark-${domain || 'export'}.json`);
    } catch (e) {
      onError(t('data.exportFailed'), e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <Layout.AnnotatedSection id="data" title={t('data.title')} description={t('data.description')}>
        <Card>
          <BlockStack gap="400">
            {deleted && (
              <Banner tone="success" onDismiss={() => setDeleted(null)}>
                <p>{deleted}</p>
              </Banner>
            )}
            <Text as="p">
              {t('data.holds', { events: fmtInt(shop.data?.counts.events ?? 0), journeys: fmtInt(shop.data?.counts.journeys ?? 0), store: domain || t('data.yourStore') })}
            </Text>
            <InlineStack align="start" gap="300">
              <Button loading={exporting} onClick={() => void exportData()}>
                {t('data.export')}
              </Button>
              <Button tone="critical" onClick={() => setDeleteOpen(true)}>
                {t('data.delete')}
              </Button>
            </InlineStack>
          </BlockStack>
        </Card>
      </Layout.AnnotatedSection>
      <DeleteDataModal
        open={deleteOpen}
        domain={domain}
        onClose={() => setDeleteOpen(false)}
        onDeleted={(message) => {
          setDeleted(message);
          shop.reload();
        }}
        onError={onError}
      />
    </>
  );
}

function DeleteDataModal({
  open,
  domain,
  onClose,
  onDeleted,
  onError,
}: {
  open: boolean;
  domain: string;
  onClose: () => void;
  onDeleted: (message: string) => void;
  onError: (title: string, error: unknown) => void;
}) {
  const [confirm, setConfirm] = useState('');
  const [deleting, setDeleting] = useState(false);
  const deleteData = async () => {
    setDeleting(true);
    try {
      const r = await apiSend<DataDeleteAnswer>('POST', '/data/delete', { confirm: confirm.trim() });
      onDeleted(t('data.deleted', { events: fmtInt(r.deleted.events), journeys: fmtInt(r.deleted.journeys), models: fmtInt(r.deleted.models) }));
      onClose();
      setConfirm('');
    } catch (e) {
      onError(t('data.deleteFailed'), e);
      onClose();
    } finally {
      setDeleting(false);
    }
  };
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={t('data.modal.title')}
      primaryAction={{ content: t('data.modal.confirm'), destructive: true, loading: deleting, disabled: confirm.trim() !== domain, onAction: deleteData }}
      secondaryActions={[{ content: t('data.modal.cancel'), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">
            {t('data.modal.body')}
          </Text>
          <Box>
            <TextField label={t('data.modal.type', { domain })} autoComplete="off" value={confirm} onChange={setConfirm} placeholder={domain} />
          </Box>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
