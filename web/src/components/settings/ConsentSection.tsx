import { BlockStack, Card, Layout, List, Text } from '@shopify/polaris';

/** What Waymark collects and how shopper consent governs it (no controls: consent is Shopify's setting). */
export function ConsentSection() {
  return (
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
  );
}
