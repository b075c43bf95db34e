/**
 * Choosing products (Settings: never recommend / always show first). Inside Shopify admin,
 * App Bridge's resource picker; elsewhere (local mode) a search over the store's catalog
 * (GET /api/products?query=). Chosen products are listed by title and image, each removable.
 * The value is the list of numeric product ids the settings API stores.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { BlockStack, Button, Combobox, Icon, InlineStack, Listbox, Text, Thumbnail } from '@shopify/polaris';
import { CheckIcon, ImageIcon, SearchIcon } from '@shopify/polaris-icons';
import { apiGet } from '../api';
import { embedded } from './AppPage';

export interface PickedProduct {
  id: string;
  title: string;
  imageUrl: string | null;
}

const numericId = (gid: string) => /(\d+)$/.exec(gid)?.[1] ?? gid;

/** Titles and images of products by id, from the catalog (for ids stored before this page opened). */
function useProductInfo(ids: string[]) {
  const [info, setInfo] = useState<Map<string, PickedProduct>>(new Map());
  const missing = ids.filter((id) => !info.has(id));
  const key = missing.join(',');
  useEffect(() => {
    if (!key) return;
    let live = true;
    apiGet<{ products: PickedProduct[] }>(`/products?ids=${key}`)
      .then((r) => {
        if (!live) return;
        setInfo((m) => {
          const next = new Map(m);
          for (const p of r.products) next.set(p.id, p);
          // Ids not in the catalog (deleted products) keep their number as a title.
          for (const id of key.split(',')) if (!next.has(id)) next.set(id, { id, title: `Product ${id} (not in the catalog)`, imageUrl: null });
          return next;
        });
      })
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [key]);
  const learn = (ps: PickedProduct[]) =>
    setInfo((m) => {
      const next = new Map(m);
      for (const p of ps) next.set(p.id, p);
      return next;
    });
  return { info, learn };
}

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
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<PickedProduct[]>([]);
  const seq = useRef(0);
  useEffect(() => {
    if (embedded) return;
    const n = ++seq.current;
    const t = window.setTimeout(() => {
      apiGet<{ products: PickedProduct[] }>(`/products?limit=12&query=${encodeURIComponent(query)}`)
        .then((r) => {
          if (n !== seq.current) return;
          setResults(r.products);
          learn(r.products);
        })
        .catch(() => {});
    }, 150);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

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

  const chosen = useMemo(() => value.map((id) => info.get(id) ?? { id, title: `Product ${id}`, imageUrl: null }), [value, info]);
  const fieldId = `${testid}-search`;

  return (
    <BlockStack gap="200">
      <div data-testid={testid}>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {label}
          </Text>
          {embedded ? (
            <InlineStack>
              <Button onClick={() => void browse()}>{value.length ? 'Change products' : 'Choose products'}</Button>
            </InlineStack>
          ) : (
            <Combobox
              allowMultiple
              activator={
                <Combobox.TextField
                  id={fieldId}
                  prefix={<Icon source={SearchIcon} />}
                  label={`Search products to add to “${label}”`}
                  labelHidden
                  value={query}
                  onChange={setQuery}
                  placeholder="Search products by title"
                  autoComplete="off"
                  error={error}
                />
              }
            >
              {results.length > 0 ? (
                <Listbox onSelect={toggle} accessibilityLabel={`Products matching “${query}”`}>
                  {results.map((p) => (
                    <Listbox.Option key={p.id} value={p.id} selected={value.includes(p.id)} accessibilityLabel={p.title} disabled={!value.includes(p.id) && value.length >= max}>
                      {/* Not Listbox.TextOption: with allowMultiple it nests a checkbox inside the option. */}
                      <div style={{ padding: 'var(--p-space-150) var(--p-space-300)', background: value.includes(p.id) ? 'var(--p-color-bg-surface-selected)' : undefined }}>
                        <InlineStack gap="200" blockAlign="center" wrap={false}>
                          <Thumbnail size="extraSmall" source={p.imageUrl ?? ImageIcon} alt="" />
                          <span style={{ flex: 1 }}>{p.title}</span>
                          {value.includes(p.id) && <Icon source={CheckIcon} tone="base" />}
                        </InlineStack>
                      </div>
                    </Listbox.Option>
                  ))}
                </Listbox>
              ) : null}
            </Combobox>
          )}
          {embedded && error && (
            <Text as="p" tone="critical">
              {error}
            </Text>
          )}
          {chosen.length === 0 ? (
            <Text as="p" tone="subdued">
              No products chosen.
            </Text>
          ) : (
            <ul aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {chosen.map((p) => (
                <li key={p.id} data-product={p.id} style={{ padding: '4px 0' }}>
                  <InlineStack gap="300" blockAlign="center" wrap={false}>
                    <Thumbnail size="small" source={p.imageUrl ?? ImageIcon} alt="" />
                    <div style={{ flex: 1, minWidth: 0 }}>
                      <Text as="span">{p.title}</Text>
                    </div>
                    <Button variant="plain" tone="critical" onClick={() => onChange(value.filter((v) => v !== p.id))} accessibilityLabel={`Remove ${p.title}`}>
                      Remove
                    </Button>
                  </InlineStack>
                </li>
              ))}
            </ul>
          )}
          <Text as="p" tone="subdued" variant="bodySm">
            {helpText}
          </Text>
        </BlockStack>
      </div>
    </BlockStack>
  );
}
