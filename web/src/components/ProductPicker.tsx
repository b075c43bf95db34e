/**
 * Choosing products (Settings: never recommend / always show first). Inside Shopify admin,
 * App Bridge's resource picker; elsewhere (local mode) a search over the store's catalog
 * (ProductSearch). Chosen products are listed by title and image, each removable.
 * The value is the list of numeric product ids the settings API stores.
 */
import { useMemo } from 'react';
import { BlockStack, Button, InlineStack, Text, Thumbnail } from '@shopify/polaris';
import { ImageIcon } from '@shopify/polaris-icons';
import { t } from '../i18n';
import { embedded } from './AppPage';
import { useProductInfo, type ShownProduct } from './product-info';
import { ProductSearch } from './ProductSearch';

const numericId = (gid: string) => /(\d+)$/.exec(gid)?.[1] ?? gid;

export function ProductPicker({
  label,
  value,
  onChange,
  max,
  error,
  helpText,
  testid,
}: {
  label: string;
  value: string[];
  onChange: (ids: string[]) => void;
  max: number;
  error?: string;
  helpText: string;
  testid: string;
}) {
  const { info, learn } = useProductInfo(value);
  const toggle = (id: string) => {
    if (value.includes(id)) onChange(value.filter((v) => v !== id));
    else if (value.length < max) onChange([...value, id]);
  };

  const browse = async () => {
    const picked = await window.shopify.resourcePicker({
      type: 'product',
      action: 'select',
      multiple: max,
      selectionIds: value.map((id) => ({ id: `gid://shopify/Product/${id}` })),
    });
    if (!picked) return;
    const products = picked.map((p) => ({ id: numericId(p.id), title: p.title, imageUrl: p.images?.[0]?.originalSrc ?? null }));
    learn(products);
    onChange(products.map((p) => p.id));
  };

  const chosen = useMemo(() => value.map((id) => info.get(id) ?? { id, title: t('products.fallback', { id }), imageUrl: null }), [value, info]);

  return (
    <BlockStack gap="200">
      <div data-testid={testid}>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {label}
          </Text>
          {embedded ? (
            <InlineStack>
              <Button onClick={() => void browse()}>{value.length ? t('products.change') : t('products.choose')}</Button>
            </InlineStack>
          ) : (
            <ProductSearch id={`${testid}-search`} label={label} value={value} max={max} error={error} onToggle={toggle} onResults={learn} />
          )}
          {embedded && error && (
            <Text as="p" tone="critical">
              {error}
            </Text>
          )}
          <ChosenProducts label={label} products={chosen} onRemove={(id) => onChange(value.filter((v) => v !== id))} />
          <Text as="p" tone="subdued" variant="bodySm">
            {helpText}
          </Text>
        </BlockStack>
      </div>
    </BlockStack>
  );
}

function ChosenProducts({ label, products, onRemove }: { label: string; products: ShownProduct[]; onRemove: (id: string) => void }) {
  if (products.length === 0) {
    return (
      <Text as="p" tone="subdued">
        {t('products.none')}
      </Text>
    );
  }
  return (
    <ul aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {products.map((p) => (
        <li key={p.id} data-product={p.id} style={{ padding: '4px 0' }}>
          <InlineStack gap="300" blockAlign="center" wrap={false}>
            <Thumbnail size="small" source={p.imageUrl ?? ImageIcon} alt="" />
            <div style={{ flex: 1, minWidth: 0 }}>
              <Text as="span">{p.title}</Text>
            </div>
            <Button variant="plain" tone="critical" onClick={() => onRemove(p.id)} accessibilityLabel={t('products.removeNamed', { name: p.title })}>
              {t('products.remove')}
            </Button>
          </InlineStack>
        </li>
      ))}
    </ul>
  );
}
