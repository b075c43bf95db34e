/**
 * The funnel card's choices as they sit in the page URL (steps, mode, window, basis) and the
 * one percentage both the chart and the table show for a step under the chosen basis.
 */
import type { MessageKey } from '../../i18n';
import { DEFAULT_FUNNEL_STEPS, type BuiltFunnelStep, type FunnelMode, type FunnelWindow } from '../../../../app/api-contract/funnel';

export type Basis = 'first' | 'previous';

/** Message keys (i18n.ts) of the labels. */
export const BASIS_LABELS: Record<Basis, MessageKey> = { first: 'funnel.basis.first', previous: 'funnel.basis.previous' };

export const MODE_OPTIONS: Array<{ label: MessageKey; value: FunnelMode }> = [
  { label: 'funnel.mode.closed', value: 'closed' },
  { label: 'funnel.mode.open', value: 'open' },
];

export const WINDOW_OPTIONS: Array<{ label: MessageKey; value: FunnelWindow }> = [
  { label: 'funnel.window.session', value: 'session' },
  { label: 'funnel.window.5m', value: '5m' },
  { label: 'funnel.window.30m', value: '30m' },
  { label: 'funnel.window.1h', value: '1h' },
  { label: 'funnel.window.1d', value: '1d' },
];

export interface FunnelChoice {
  steps: string;
  mode: FunnelMode;
  window: FunnelWindow;
  basis: Basis;
}

export function funnelChoice(search: URLSearchParams): FunnelChoice {
  const mode = search.get('mode') === 'open' ? 'open' : 'closed';
  const window = WINDOW_OPTIONS.find((o) => o.value === search.get('window'))?.value ?? 'session';
  return { steps: search.get('steps') ?? DEFAULT_FUNNEL_STEPS, mode, window, basis: search.get('basis') === 'previous' ? 'previous' : 'first' };
}

/** The step's share under the basis: of the first step's sessions, or (continued) of the previous step's. */
export function basisShare(step: BuiltFunnelStep, i: number, basis: Basis): number {
  if (basis === 'first') return step.conversionFromStart;
  return i === 0 ? 1 : step.conversionFromPrevious;
}

/** Test ids: `funnel-cart` for page types (as before the builder), `funnel-product-123` for the rest. */
export const stepTestId = (s: Pick<BuiltFunnelStep, 'kind' | 'value'>) => (s.kind === 'page' ? `funnel-${s.value}` : `funnel-${s.kind}-${s.value}`);
