/**
 * Local mode's product chooser: a combobox searching the store's catalog (GET /api/products?query=),
 * toggling products in `value`. A failed search says why in plain words (ErrorLines), with a retry.
 */
import { useEffect, useRef, useState } from 'react';
import { BlockStack, Combobox, Icon, InlineStack, Listbox, Thumbnail } from '@shopify/polaris';
import { CheckIcon, ImageIcon, SearchIcon } from '@shopify/polaris-icons';
import { apiGet } from '../api';
import { t } from '../i18n';
import { ErrorLines } from './ErrorNotice';
import type { ShownProduct } from './product-info';
import type { PickedProduct, ProductsAnswer } from '../../../app/api-contract/shop';

export function ProductSearch({
  id,
  label,
  value,
  max,
  error,
  onToggle,
  onResults,
}: {
  id: string;
  label: string;
  value: string[];
  max: number;
  error?: string;
  onToggle: (id: string) => void;
  /** Products the search found (their titles and images are then known). */
  onResults: (products: ShownProduct[]) => void;
}) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<PickedProduct[]>([]);
  const [failure, setFailure] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    const t = window.setTimeout(() => {
      apiGet<ProductsAnswer>(`/products?limit=12&query=${encodeURIComponent(query)}`).then(
        (r) => {
          if (n !== seq.current) return;
          setFailure(null);
          setResults(r.products);
          onResults(r.products);
        },
        (e: unknown) => {
          if (n !== seq.current) return;
          // The list on screen was for another query.
          setResults([]);
          setFailure(e);
        },
      );
    }, 150);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, attempt]);

  return (
    <BlockStack gap="200">
      <Combobox
        allowMultiple
        activator={
          <Combobox.TextField
            id={id}
            prefix={<Icon source={SearchIcon} />}
            label={t('products.searchLabel', { label })}
            labelHidden
            value={query}
            onChange={setQuery}
            placeholder={t('products.searchPlaceholder')}
            autoComplete="off"
            error={error}
          />
        }
      >
        {results.length > 0 ? (
          <Listbox onSelect={onToggle} accessibilityLabel={t('products.matching', { query })}>
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
      {failure !== null && <ErrorLines error={failure} title={t('products.searchError')} onRetry={() => setAttempt((a) => a + 1)} />}
    </BlockStack>
  );
}
