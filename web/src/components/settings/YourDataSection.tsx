/** "Your data": what Waymark holds for the store, its export, and deleting it (typed confirmation). */
import { useState } from 'react';
import { Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Modal, Text, TextField } from '@shopify/polaris';
import { apiDownload, apiSend } from '../../api';
import { fmtInt } from '../../format';
import type { ApiState } from '../../hooks';
import type { ShopAnswer } from '../../../../app/api-contract/shop';
import type { DataDeleteAnswer } from '../../../../app/api-contract/settings';

export function YourDataSection({ shop, onError }: { shop: ApiState<ShopAnswer>; onError: (message: string) => void }) {
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [deleted, setDeleted] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const domain = shop.data?.shop ?? '';

  const exportData = async () => {
    setExporting(true);
    try {
      await apiDownload('/data/export', `waymark-${domain || 'export'}.json`);
    } catch (e) {
      onError(`Export failed: ${(e as Error).message}`);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <Layout.AnnotatedSection id="data" title="Your data" description="Download or delete what Waymark has collected for your store.">
        <Card>
          <BlockStack gap="400">
            {deleted && (
              <Banner tone="success" onDismiss={() => setDeleted(null)}>
                <p>{deleted}</p>
              </Banner>
            )}
            <Text as="p">
              Waymark holds {fmtInt(shop.data?.counts.events ?? 0)} events and {fmtInt(shop.data?.counts.journeys ?? 0)} journeys for {domain || 'your store'}.
            </Text>
            <InlineStack align="start" gap="300">
              <Button loading={exporting} onClick={() => void exportData()}>
                Export data (JSON)
              </Button>
              <Button tone="critical" onClick={() => setDeleteOpen(true)}>
                Delete collected data…
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
  onError: (message: string) => void;
}) {
  const [confirm, setConfirm] = useState('');
  const [deleting, setDeleting] = useState(false);
  const deleteData = async () => {
    setDeleting(true);
    try {
      const r = await apiSend<DataDeleteAnswer>('POST', '/data/delete', { confirm: confirm.trim() });
      onDeleted(`Deleted ${fmtInt(r.deleted.events)} events, ${fmtInt(r.deleted.journeys)} journeys and ${fmtInt(r.deleted.models)} models.`);
      onClose();
      setConfirm('');
    } catch (e) {
      onError(`Delete failed: ${(e as Error).message}`);
      onClose();
    } finally {
      setDeleting(false);
    }
  };
  return (
    <Modal
      open={open}
      onClose={onClose}
      title="Delete all collected data?"
      primaryAction={{ content: 'Delete data', destructive: true, loading: deleting, disabled: confirm.trim() !== domain, onAction: deleteData }}
      secondaryActions={[{ content: 'Cancel', onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <Text as="p">
            This permanently deletes every shopper event, journey and trained model Waymark holds for your store. Reports start again from empty and recommendations fall back to best sellers
            until new data arrives. Your settings and product catalog stay. This cannot be undone.
          </Text>
          <Box>
            <TextField label={`Type ${domain} to confirm`} autoComplete="off" value={confirm} onChange={setConfirm} placeholder={domain} />
          </Box>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
