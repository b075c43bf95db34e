/** Settings: sessions, retention, holdout, consent explained, merchandising, data export and delete. */
import { useEffect, useState } from 'react';
import { Banner, BlockStack, Box, Button, Card, FormLayout, InlineStack, Layout, List, Modal, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { apiDownload, apiSend, ApiError } from '../api';
import { AppPage } from '../components/AppPage';
import { DataRequests } from '../components/DataRequests';
import { ProductPicker } from '../components/ProductPicker';
import { ContextualSaveBar, useToast } from '../components/SaveBar';
import { fmtInt } from '../format';
import { useApi, useShop } from '../hooks';
import type { Settings } from '../../../app/api-contract/settings';

export default function SettingsPage() {
  const shop = useShop();
  const settings = useApi<Settings>('/settings');
  const [form, setForm] = useState({ gap: '', retention: '', holdout: '', exclusions: [] as string[], pins: [] as string[] });
  const [saving, setSaving] = useState(false);
  const toast = useToast();
  const [error, setError] = useState<{ field?: string; message: string } | null>(null);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [confirm, setConfirm] = useState('');
  const [deleting, setDeleting] = useState(false);
  const [deleted, setDeleted] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const load = (s: Settings) =>
    setForm({
      gap: String(s.sessionGapMinutes),
      retention: String(s.retentionDays),
      holdout: String(s.holdoutPercent),
      exclusions: s.merchandising.exclusions,
      pins: s.merchandising.pins,
    });
  useEffect(() => {
    if (settings.data) load(settings.data);
  }, [settings.data]);

  const s = settings.data;
  const dirty =
    s !== null &&
    (form.gap !== String(s.sessionGapMinutes) ||
      form.retention !== String(s.retentionDays) ||
      form.holdout !== String(s.holdoutPercent) ||
      form.exclusions.join(',') !== s.merchandising.exclusions.join(',') ||
      form.pins.join(',') !== s.merchandising.pins.join(','));

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const next = await apiSend<Settings>('PUT', '/settings', {
        sessionGapMinutes: Number(form.gap),
        retentionDays: Number(form.retention),
        holdoutPercent: Number(form.holdout),
        merchandising: { exclusions: form.exclusions, pins: form.pins },
      });
      load(next);
      settings.reload();
      shop.reload();
      toast.show('Settings saved');
    } catch (e) {
      const field = e instanceof ApiError ? e.field : undefined;
      setError({ field, message: (e as Error).message });
      toast.show(field ? 'Settings not saved: check the highlighted field' : 'Settings could not be saved', { isError: true });
    } finally {
      setSaving(false);
    }
  };

  const fieldError = (f: string) => (error?.field === f ? error.message.replace(/^[^:]+: /, '') : undefined);
  const domain = shop.data?.shop ?? '';

  return (
    <AppPage title="Settings">
      <ContextualSaveBar
        open={dirty}
        saving={saving}
        onSave={() => void save()}
        onDiscard={() => {
          if (s) load(s);
          setError(null);
        }}
      />
      {toast.element}
      <Layout>
        {settings.error && (
          <Layout.Section>
            <Banner tone="critical" title="Settings could not be loaded" action={{ content: 'Try again', onAction: settings.reload }}>
              <p>{settings.error.message}</p>
            </Banner>
          </Layout.Section>
        )}
        {error && !error.field && (
          <Layout.Section>
            {error && !error.field && (
              <Banner tone="critical" onDismiss={() => setError(null)}>
                <p>{error.message}</p>
              </Banner>
            )}
          </Layout.Section>
        )}
        <Layout.AnnotatedSection id="journeys" title="Journeys" description="How Waymark groups a shopper's page views into visits and how long it keeps them.">
          <Card>
            {!s ? (
              <SkeletonBodyText lines={6} />
            ) : (
              <FormLayout>
                <TextField
                  label="Session gap"
                  type="number"
                  suffix="minutes"
                  min={5}
                  max={240}
                  autoComplete="off"
                  value={form.gap}
                  onChange={(v) => setForm({ ...form, gap: v })}
                  error={fieldError('sessionGapMinutes')}
                  helpText="A shopper who is inactive this long starts a new visit. 30 minutes is the common choice; applies to new journeys."
                />
                <TextField
                  label="Keep shopper data for"
                  type="number"
                  suffix="days"
                  min={7}
                  max={730}
                  autoComplete="off"
                  value={form.retention}
                  onChange={(v) => setForm({ ...form, retention: v })}
                  error={fieldError('retentionDays')}
                  helpText="Older events and journeys are deleted every night. Totals already shown in reports for older dates are deleted with them."
                />
              </FormLayout>
            )}
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          id="recommendations"
          title="Recommendations"
          description="A holdout group sees no Waymark recommendations, so you can measure what the blocks add."
        >
          <Card>
            {!s ? (
              <SkeletonBodyText lines={6} />
            ) : (
              <FormLayout>
                <TextField
                  label="Holdout group"
                  type="number"
                  suffix="% of shoppers"
                  min={0}
                  max={50}
                  autoComplete="off"
                  value={form.holdout}
                  onChange={(v) => setForm({ ...form, holdout: v })}
                  error={fieldError('holdoutPercent')}
                  helpText="These shoppers see best sellers instead of personal recommendations. 5–10% is enough to measure lift; 0 turns measurement off."
                />
                <ProductPicker
                  label="Never recommend"
                  testid="exclusions"
                  max={500}
                  value={form.exclusions}
                  onChange={(v) => setForm({ ...form, exclusions: v })}
                  error={error?.field?.startsWith('merchandising.exclusions') ? error.message.replace(/^[^:]+: /, '') : undefined}
                  helpText="For example gift cards or samples. Up to 500 products."
                />
                <ProductPicker
                  label="Always show first"
                  testid="pins"
                  max={24}
                  value={form.pins}
                  onChange={(v) => setForm({ ...form, pins: v })}
                  error={error?.field?.startsWith('merchandising.pins') ? error.message.replace(/^[^:]+: /, '') : undefined}
                  helpText="Pinned products lead every block when they are in stock. Up to 24 products."
                />
              </FormLayout>
            )}
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection id="consent" title="Shopper privacy and consent" description="What Waymark collects and when.">
          <Card>
            <BlockStack gap="300">
              <List>
                <List.Item>Waymark records page views, searches, cart and checkout steps through Shopify's customer-events pixel. It does not record names, emails, addresses or payment details.</List.Item>
                <List.Item>
                  Shopify tells Waymark whether each shopper allows analytics, from your privacy settings and the shopper's region. Where consent is needed and the shopper declines or has not
                  answered yet, Waymark collects nothing from that visit and it does not appear in these reports. If a shopper withdraws consent, events not yet sent are discarded.
                </List.Item>
                <List.Item>
                  Recommendation blocks still show to every shopper; without consent they show best sellers and products similar to the one on screen, not suggestions based on the shopper's history.
                </List.Item>
                <List.Item>Shoppers are identified by a random ID scrambled with a key unique to your store; when a customer asks for their data, Waymark prepares the file under Customer data requests below for you to send them; deletion requests and shop deletion from Shopify are carried out automatically.</List.Item>
              </List>
              <Text as="p" tone="subdued" variant="bodySm">
                Your consent banner is set in Shopify admin › Settings › Customer privacy.
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection id="data-requests" title="Customer data requests" description="Exports Shopify asked for on behalf of your customers.">
          <DataRequests />
        </Layout.AnnotatedSection>
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
                <Button
                  loading={exporting}
                  onClick={async () => {
                    setExporting(true);
                    try {
                      await apiDownload('/data/export', `waymark-${domain || 'export'}.json`);
                    } catch (e) {
                      setError({ message: `Export failed: ${(e as Error).message}` });
                    } finally {
                      setExporting(false);
                    }
                  }}
                >
                  Export data (JSON)
                </Button>
                <Button tone="critical" onClick={() => setDeleteOpen(true)}>
                  Delete collected data…
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
      <Modal
        open={deleteOpen}
        onClose={() => setDeleteOpen(false)}
        title="Delete all collected data?"
        primaryAction={{
          content: 'Delete data',
          destructive: true,
          loading: deleting,
          disabled: confirm.trim() !== domain,
          onAction: async () => {
            setDeleting(true);
            try {
              const r = await apiSend<{ deleted: { events: number; journeys: number; models: number } }>('POST', '/data/delete', { confirm: confirm.trim() });
              setDeleted(`Deleted ${fmtInt(r.deleted.events)} events, ${fmtInt(r.deleted.journeys)} journeys and ${fmtInt(r.deleted.models)} models.`);
              setDeleteOpen(false);
              setConfirm('');
              shop.reload();
            } catch (e) {
              setError({ message: `Delete failed: ${(e as Error).message}` });
              setDeleteOpen(false);
            } finally {
              setDeleting(false);
            }
          },
        }}
        secondaryActions={[{ content: 'Cancel', onAction: () => setDeleteOpen(false) }]}
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
    </AppPage>
  );
}
