/**
 * The funnel as horizontal bars: one row per step, its name on the left, a bar as long as its
 * sessions (of the largest step) and "sessions · share" after it, the share under the basis the
 * card shows (written above the bars). Rows never overlap at any width. A picture of the table
 * below it, so hidden from screen readers, which read the table.
 */
import { Text } from '@shopify/polaris';
import { fmtInt, fmtPct } from '../../format';
import { t } from '../../i18n';
import type { BuiltFunnelStep } from '../../../../app/api-contract/funnel';
import { BASIS_LABELS, basisShare, type Basis } from './funnel-view';

export function FunnelBars({ steps, basis }: { steps: BuiltFunnelStep[]; basis: Basis }) {
  const max = Math.max(1, ...steps.map((s) => s.sessions));
  return (
    <div data-testid="funnel-chart" data-basis={basis} aria-hidden="true">
      <Text as="p" variant="bodySm" tone="subdued">
        <span data-testid="funnel-chart-basis">{t('funnel.bars', { basis: t(BASIS_LABELS[basis]) })}</span>
      </Text>
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(6rem, 30%) 1fr', gap: 'var(--p-space-200) var(--p-space-300)', marginTop: 'var(--p-space-200)', alignItems: 'center' }}>
        {steps.map((s, i) => (
          <Row key={s.key} step={s} share={basisShare(s, i, basis)} width={s.sessions / max} />
        ))}
      </div>
    </div>
  );
}

function Row({ step, share, width }: { step: BuiltFunnelStep; share: number; width: number }) {
  return (
    <>
      <span title={step.label} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: 'var(--p-font-size-325)' }}>
        {step.label}
      </span>
      <span style={{ display: 'flex', alignItems: 'center', gap: 'var(--p-space-200)', minWidth: 0 }}>
        <span style={{ flex: `0 1 ${Math.max(width * 70, 0.5)}%`, height: 24, borderRadius: 'var(--p-border-radius-100)', background: 'var(--p-color-bg-fill-info)' }} />
        <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums', fontSize: 'var(--p-font-size-325)' }}>
          {fmtInt(step.sessions)} · <span data-testid="funnel-bar-share">{fmtPct(share)}</span>
        </span>
      </span>
    </>
  );
}
