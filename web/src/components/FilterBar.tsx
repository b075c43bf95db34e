import { useState } from 'react';
import { BlockStack, Button, Card, Checkbox, InlineStack, Select, Text, TextField } from '@shopify/polaris';
import {
  PRESETS,
  addDays,
  daysBetween,
  deviceOptions,
  landingOptions,
  previousRange,
  returningOptions,
  sourceOptions,
  type Filters,
} from '../filters';
import { fmtDate } from '../format';
import { useShop } from '../hooks';
import { t } from '../i18n';

/** Date range, comparison period and segment filters shared by the analytics views. */
export function FilterBar({ filters, onChange, today }: { filters: Filters; onChange: (f: Filters) => void; today: string }) {
  const timezone = useShop().data?.timezone ?? 'UTC';
  const n = daysBetween(filters.from, filters.to);
  const preset = filters.to === today && PRESETS.some((p) => Number(p.value) === n) ? String(n) : 'custom';
  const [custom, setCustom] = useState(preset === 'custom');
  const prev = previousRange(filters.from, filters.to);
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  const segmented = Boolean(filters.device || filters.returning || filters.source || filters.landing);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="300" blockAlign="end" wrap>
          <div style={{ minWidth: 170 }}>
            <Select
              label={t('filters.dateRange')}
              options={[...PRESETS.map((p) => ({ value: p.value, label: t(p.key) })), { value: 'custom', label: t('filters.custom') }]}
              value={custom ? 'custom' : preset}
              onChange={(v) => {
                if (v === 'custom') {
                  setCustom(true);
                  return;
                }
                setCustom(false);
                set({ from: addDays(today, -(Number(v) - 1)), to: today });
              }}
            />
          </div>
          {(custom || preset === 'custom') && (
            <>
              <div style={{ width: 160 }}>
                <TextField label={t('filters.from')} type="date" autoComplete="off" value={filters.from} max={filters.to} onChange={(v) => v && set({ from: v })} />
              </div>
              <div style={{ width: 160 }}>
                <TextField label={t('filters.to')} type="date" autoComplete="off" value={filters.to} min={filters.from} max={today} onChange={(v) => v && set({ to: v })} />
              </div>
            </>
          )}
          <div style={{ minWidth: 150 }}>
            <Select label={t('filters.device')} options={deviceOptions()} value={filters.device} onChange={(v) => set({ device: v })} />
          </div>
          <div style={{ minWidth: 170 }}>
            <Select label={t('filters.visitors')} options={returningOptions()} value={filters.returning} onChange={(v) => set({ returning: v })} />
          </div>
          <div style={{ minWidth: 170 }}>
            <Select label={t('filters.source')} options={sourceOptions()} value={filters.source} onChange={(v) => set({ source: v })} />
          </div>
          <div style={{ minWidth: 170 }}>
            <Select label={t('filters.landing')} options={landingOptions()} value={filters.landing} onChange={(v) => set({ landing: v })} />
          </div>
          {segmented && (
            <Button variant="plain" onClick={() => set({ device: '', returning: '', source: '', landing: '' })}>
              {t('filters.clearSegments')}
            </Button>
          )}
        </InlineStack>
        <InlineStack gap="400" blockAlign="center" wrap>
          <Checkbox label={t('filters.compare')} checked={filters.compare} onChange={(v) => set({ compare: v })} />
          <Text as="span" tone="subdued" variant="bodySm">
            {t('filters.range', { from: fmtDate(filters.from), to: fmtDate(filters.to) })}
            {filters.compare ? t('filters.comparedWith', { from: fmtDate(prev.from), to: fmtDate(prev.to) }) : ''}
            {t('filters.timezone', { timezone: timezone.replace(/_/g, ' ') })}
          </Text>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
