/**
 * The journey map's funnel builder: steps of four kinds (page types, products, collections,
 * events), closed or open, within a conversion window, for the page's filters (GET
 * /api/funnel). One percentage basis at a time, chosen with a toggle and written on the chart
 * and in the table's heading, so both always show the same numbers.
 */
import { useState } from 'react';
import { BlockStack, Button, ButtonGroup, Card, InlineStack, Select, Text } from '@shopify/polaris';
import { fmtDuration, fmtInt, fmtPct } from '../../format';
import { apiQuery, type Filters } from '../../filters';
import { useApi } from '../../hooks';
import { t } from '../../i18n';
import { patchSearch } from '../../page-filters';
import { DEFAULT_FUNNEL_STEPS, type FunnelBuilderAnswer } from '../../../../app/api-contract/funnel';
import { CardState } from '../CardState';
import { Table } from '../Table';
import { FunnelBars } from './FunnelBars';
import { FunnelStepEditor } from './FunnelStepEditor';
import { BASIS_LABELS, MODE_OPTIONS, WINDOW_OPTIONS, basisShare, funnelChoice, stepTestId, type Basis } from './funnel-view';

export function FunnelCard({ filters, search }: { filters: Filters; search: URLSearchParams }) {
  const choice = funnelChoice(search);
  const funnel = useApi<FunnelBuilderAnswer>(
    `/funnel?${apiQuery(filters, { steps: choice.steps === DEFAULT_FUNNEL_STEPS ? undefined : choice.steps, mode: choice.mode, window: choice.window, compare: filters.compare ? 'true' : undefined })}`,
  );
  const [editing, setEditing] = useState(false);
  const f = funnel.data;
  const set = (patch: Record<string, string | null>) => patchSearch(search, patch);
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="start" wrap gap="300">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {t('funnel.title')}
            </Text>
            <Text as="p" tone="subdued">
              {choice.mode === 'closed'
                ? t('funnel.closedHelp')
                : t('funnel.openHelp')}
            </Text>
          </BlockStack>
          <Button disclosure={editing ? 'up' : 'down'} onClick={() => setEditing(!editing)}>
            {t('funnel.editSteps')}
          </Button>
        </InlineStack>
        {editing && f && (
          <FunnelStepEditor
            initial={f.steps.map((s) => ({ def: s.key, label: s.label }))}
            onClose={() => setEditing(false)}
            onApply={(steps) => {
              set({ steps: steps === DEFAULT_FUNNEL_STEPS ? null : steps });
              setEditing(false);
            }}
          />
        )}
        <InlineStack gap="300" blockAlign="end" wrap>
          <Select label={t('funnel.counting')} options={MODE_OPTIONS.map((o) => ({ ...o, label: t(o.label) }))} value={choice.mode} onChange={(v) => set({ mode: v === 'closed' ? null : v })} />
          <Select label={t('funnel.window')} options={WINDOW_OPTIONS.map((o) => ({ ...o, label: t(o.label) }))} value={choice.window} onChange={(v) => set({ window: v === 'session' ? null : v })} />
          <BlockStack gap="100">
            <Text as="span" variant="bodyMd" id="funnel-basis-label">
              {t('funnel.percentages')}
            </Text>
            <div role="group" aria-labelledby="funnel-basis-label">
              <ButtonGroup variant="segmented">
                {(['first', 'previous'] as Basis[]).map((b) => (
                  <Button key={b} pressed={choice.basis === b} onClick={() => set({ basis: b === 'first' ? null : b })}>
                    {t(BASIS_LABELS[b])}
                  </Button>
                ))}
              </ButtonGroup>
            </div>
          </BlockStack>
        </InlineStack>
        <CardState answer={funnel} errorTitle={t('funnel.loadError')} lines={6}>
          {(f) => (
            <div data-testid="funnel-card" data-loading={funnel.loading ? 'true' : 'false'} style={{ opacity: funnel.loading ? 0.6 : 1 }}>
              <BlockStack gap="400">
                <Text as="p">
                  {t(choice.mode === 'closed' ? 'funnel.overallClosed' : 'funnel.overallOpen', {
                    share: fmtPct(f.overallConversion, 2),
                    first: f.steps[0]?.label ?? '',
                    last: f.steps.at(-1)?.label ?? '',
                  })}
                </Text>
                <FunnelBars steps={f.steps} basis={choice.basis} />
                <FunnelTable f={f} basis={choice.basis} compare={filters.compare} loading={funnel.loading} />
              </BlockStack>
            </div>
          )}
        </CardState>
      </BlockStack>
    </Card>
  );
}

function FunnelTable({ f, basis, compare, loading }: { f: FunnelBuilderAnswer; basis: Basis; compare: boolean; loading: boolean }) {
  const open = f.mode === 'open';
  const rows = f.steps.map((s, i) => {
    const prev = f.previous?.steps[i];
    return [
      <Text as="span" fontWeight="semibold" key="n">
        {s.label}
      </Text>,
      // While a new answer loads the old numbers stay on screen, without their test ids.
      <span key="s" data-testid={loading ? undefined : stepTestId(s)} data-value={s.sessions}>
        {fmtInt(s.sessions)}
      </span>,
      <span key="p" data-testid="funnel-table-share">
        {fmtPct(basisShare(s, i, basis))}
      </span>,
      ...(open ? [i === 0 ? '–' : fmtInt(s.entered)] : []),
      i === 0 ? '–' : `${fmtInt(s.dropOff)} (${fmtPct(s.dropOffRate)})`,
      i === 0 ? '–' : fmtDuration(s.timeFromPrevious?.medianMs),
      ...(compare ? [prev ? `${fmtInt(prev.sessions)} · ${fmtPct(basisShare(prev, i, basis))}` : '–'] : []),
    ];
  });
  return (
    <Table
      label={t('funnel.tableLabel')}
      numeric={[false, true, true, ...(open ? [true] : []), true, true, ...(compare ? [true] : [])]}
      headings={[
        t('funnel.step'),
        t('funnel.sessions'),
        t(BASIS_LABELS[basis]),
        ...(open ? [t('funnel.enteredHere')] : []),
        t('funnel.droppedOff'),
        t('funnel.medianTime'),
        ...(compare ? [t('funnel.previousPeriod')] : []),
      ]}
      rows={rows}
    />
  );
}
