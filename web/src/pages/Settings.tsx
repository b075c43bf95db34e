/** Settings: sessions, retention, holdout, consent explained, merchandising, data export and delete (sections in components/settings/). */
import { Layout } from '@shopify/polaris';
import { ErrorBanner } from '../components/ErrorNotice';
import { AppPage } from '../components/AppPage';
import { t } from '../i18n';
import { DataRequests } from '../components/DataRequests';
import { ContextualSaveBar, useToast } from '../components/SaveBar';
import { ConsentSection } from '../components/settings/ConsentSection';
import { JourneysSection, RecommendationsSection } from '../components/settings/SettingsFields';
import { useSettingsForm } from '../components/settings/use-settings-form';
import { YourDataSection } from '../components/settings/YourDataSection';
import { useApi, useShop } from '../hooks';
import type { Settings } from '../../../app/api-contract/settings';

export default function SettingsPage() {
  const shop = useShop();
  const settings = useApi<Settings>('/settings');
  const toast = useToast();
  const { form, setForm, dirty, saving, save, discard, error, setError, fieldError } = useSettingsForm(settings, shop, toast);
  const fields = { loaded: Boolean(settings.data), form, setForm, fieldError };

  return (
    <AppPage title={t('page.settings.title')}>
      <ContextualSaveBar open={dirty} saving={saving} onSave={() => void save()} onDiscard={discard} />
      {toast.element}
      <Layout>
        {settings.error && (
          <Layout.Section>
            <ErrorBanner error={settings.error} title={t('settings.loadError')} onRetry={settings.reload} />
          </Layout.Section>
        )}
        {error && !error.field && (
          <Layout.Section>
            <ErrorBanner error={error.error} title={error.title} onDismiss={() => setError(null)} />
          </Layout.Section>
        )}
        <JourneysSection {...fields} />
        <RecommendationsSection {...fields} />
        <ConsentSection />
        <Layout.AnnotatedSection id="data-requests" title={t('settings.dataRequests.title')} description={t('settings.dataRequests.description')}>
          <DataRequests />
        </Layout.AnnotatedSection>
        <YourDataSection shop={shop} onError={(title, e) => setError({ title, error: e })} />
      </Layout>
    </AppPage>
  );
}
