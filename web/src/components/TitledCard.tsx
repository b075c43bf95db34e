/** A card headed by its title (an h2), with an optional subdued line on what it shows, then its content, stacked. */
import type { ReactNode } from 'react';
import { BlockStack, Card, Text, type BlockStackProps } from '@shopify/polaris';

export function TitledCard({ title, help, gap = '300', children }: { title: string; help?: string; gap?: BlockStackProps['gap']; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap={gap}>
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {help !== undefined && (
          <Text as="p" tone="subdued">
            {help}
          </Text>
        )}
        {children}
      </BlockStack>
    </Card>
  );
}
