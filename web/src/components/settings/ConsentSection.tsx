import { BlockStack, Card, Layout, List, Text } from '@shopify/polaris';
import { t } from '../../i18n';

/** What Waymark collects and how shopper consent governs it (no controls: consent is Shopify's setting). */
export function ConsentSection() {
  return (
    <Layout.AnnotatedSection id="consent" title={t('consent.title')} description={t('consent.description')}>
      <Card>
        <BlockStack gap="300">
          <List>
            <List.Item>{t('consent.what')}</List.Item>
            <List.Item>{t('consent.when')}</List.Item>
            <List.Item>{t('consent.blocks')}</List.Item>
            <List.Item>{t('consent.ids')}</List.Item>
          </List>
          <Text as="p" tone="subdued" variant="bodySm">
            {t('consent.banner')}
          </Text>
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
