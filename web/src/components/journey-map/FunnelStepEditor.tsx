/**
 * The funnel's step editor (inline, under the card's controls): the chosen steps in order,
 * each movable and removable, and a row to add a page type, a product (searched in the
 * catalog), a collection (those the store's visits have seen) or an event. Apply needs 2 to 10
 * steps; the steps go to the page URL as `steps=page:home,product:123,…`. A product search or a
 * collections list that fails to load says why in plain words (ErrorLines), with a retry.
 */
import { useState } from 'react';
import { BlockStack, Box, Button, InlineStack, Select, Text } from '@shopify/polaris';
import { ProductSearch } from '../ProductSearch';
import { ErrorLines } from '../ErrorNotice';
import { stepLabel } from '../../format';
import { useApi } from '../../hooks';
import { t, type MessageKey } from '../../i18n';
import { FUNNEL_EVENTS, FUNNEL_PAGE_TYPES, type FunnelCollectionsAnswer } from '../../../../app/api-contract/funnel';

export interface DraftStep {
  /** the step's definition as in the URL (`page:cart`, `product:123`) */
  def: string;
  label: string;
}

const KINDS = ['page', 'product', 'collection', 'event'] as const;
/** An event step's name in the admin's language. */
const eventLabel = (e: string) => t(`event.${e}` as MessageKey);

export function FunnelStepEditor({ initial, onApply, onClose }: { initial: DraftStep[]; onApply: (steps: string | null) => void; onClose: () => void }) {
  const [draft, setDraft] = useState<DraftStep[]>(initial);
  const add = (s: DraftStep) => setDraft((d) => (d.some((x) => x.def === s.def) || d.length >= 10 ? d : [...d, s]));
  const move = (i: number) => setDraft((d) => d.map((x, j) => (j === i - 1 ? d[i] : j === i ? d[i - 1] : x)));
  const remove = (i: number) => setDraft((d) => d.filter((_, j) => j !== i));
  return (
    <Box padding="400" borderWidth="025" borderColor="border" borderRadius="200">
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm">
          {t('stepEditor.title')}
        </Text>
        <ol style={{ margin: 0, paddingInlineStart: 'var(--p-space-600)' }} data-testid="funnel-draft">
          {draft.map((s, i) => (
            <li key={s.def} style={{ padding: 'var(--p-space-100) 0' }}>
              <InlineStack gap="200" blockAlign="center">
                <span style={{ minWidth: '12rem' }}>{s.label}</span>
                <Button variant="plain" disabled={i === 0} onClick={() => move(i)} accessibilityLabel={t('stepEditor.moveUpNamed', { name: s.label })}>
                  {t('stepEditor.moveUp')}
                </Button>
                <Button variant="plain" tone="critical" onClick={() => remove(i)} accessibilityLabel={t('products.removeNamed', { name: s.label })}>
                  {t('products.remove')}
                </Button>
              </InlineStack>
            </li>
          ))}
        </ol>
        <AddStep onAdd={add} full={draft.length >= 10} />
        <InlineStack gap="200">
          <Button variant="primary" disabled={draft.length < 2 || draft.length > 10} onClick={() => onApply(draft.map((s) => s.def).join(','))}>
            {t('stepEditor.apply')}
          </Button>
          <Button onClick={() => onApply(null)}>{t('stepEditor.reset')}</Button>
          <Button variant="tertiary" onClick={onClose}>
            {t('stepEditor.cancel')}
          </Button>
        </InlineStack>
      </BlockStack>
    </Box>
  );
}

function AddStep({ onAdd, full }: { onAdd: (s: DraftStep) => void; full: boolean }) {
  const [kind, setKind] = useState('page');
  const [page, setPage] = useState<string>('product');
  const [event, setEvent] = useState<string>('add_to_cart');
  const [collection, setCollection] = useState('');
  const collections = useApi<FunnelCollectionsAnswer>(kind === 'collection' ? '/funnel/collections' : null);
  const list = collections.data?.collections ?? [];
  const chosenCollection = list.find((c) => c.id === collection) ?? list[0];
  const [titles, setTitles] = useState(new Map<string, string>());
  let picker = null;
  if (kind === 'page') {
    picker = <Select label={t('stepEditor.pageType')} options={FUNNEL_PAGE_TYPES.map((p) => ({ label: stepLabel(p), value: p }))} value={page} onChange={setPage} />;
  } else if (kind === 'event') {
    picker = <Select label={t('stepEditor.event')} options={FUNNEL_EVENTS.map((e) => ({ label: eventLabel(e), value: e }))} value={event} onChange={setEvent} />;
  } else if (kind === 'collection') {
    picker = collections.error ? (
      <ErrorLines error={collections.error} title={t('stepEditor.collectionsError')} onRetry={collections.reload} />
    ) : list.length ? (
      <Select label={t('stepEditor.whichCollection')} options={list.map((c) => ({ label: c.handle ? `${c.title} (${c.handle})` : c.title, value: c.id }))} value={chosenCollection?.id ?? ''} onChange={setCollection} />
    ) : (
      <Text as="p" tone="subdued">
        {collections.loading ? t('stepEditor.loadingCollections') : t('stepEditor.noCollections')}
      </Text>
    );
  }
  const addPicked = () => {
    if (kind === 'page') onAdd({ def: `page:${page}`, label: stepLabel(page) });
    else if (kind === 'event') onAdd({ def: `event:${event}`, label: eventLabel(event) });
    else if (chosenCollection) onAdd({ def: `collection:${chosenCollection.id}`, label: chosenCollection.title });
  };
  return (
    <InlineStack gap="300" blockAlign="end" wrap>
      <Select label={t('stepEditor.addStep')} options={KINDS.map((k) => ({ label: t(`stepEditor.kind.${k}`), value: k }))} value={kind} onChange={setKind} />
      {kind === 'product' ? (
        <div style={{ minWidth: '16rem' }}>
          <ProductSearch
            id="funnel-product-search"
            label={t('funnel.tableLabel')}
            value={[]}
            max={full ? 0 : 1}
            onToggle={(id) => onAdd({ def: `product:${id}`, label: titles.get(id) ?? t('products.fallback', { id }) })}
            onResults={(ps) => setTitles((m) => new Map([...m, ...ps.map((p) => [p.id, p.title] as [string, string])]))}
          />
        </div>
      ) : (
        <>
          {picker}
          <Button onClick={addPicked} disabled={full || (kind === 'collection' && !chosenCollection)}>
            {t('stepEditor.add')}
          </Button>
        </>
      )}
    </InlineStack>
  );
}
